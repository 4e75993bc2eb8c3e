"""geo.mentions: the area's places a text names, placed or not."""

from __future__ import annotations

from geo.mentions import home_places_named, village_of


def test_it_finds_a_village_named_without_a_marker() -> None:
    text = "tlg sy dipukuli suami, dia bw pisau. sindang sari rt 03"
    assert home_places_named(text, "18") == {"village:Sindang Sari"}


def test_it_finds_a_kecamatan() -> None:
    assert home_places_named("banjir di kemiling, air sepinggang", "18.71") == {"district:Kemiling"}


def test_it_leaves_out_everyday_words() -> None:
    # Villages somewhere are called Pasar and Sawah: two callers who speak of the
    # market say nothing of which one.
    assert home_places_named("kebakaran di pasar dekat sawah", "18") == frozenset()


def test_it_leaves_out_places_outside_the_area() -> None:
    assert home_places_named("banjir di Kupang Kota", "18.71") == {"village:Kupang Kota"}
    assert home_places_named("banjir di Kupang Kota", "16.07") == frozenset()


def test_it_names_the_village_of_a_code_as_a_text_naming_it_would() -> None:
    assert village_of("71.72.07.1004") == "village:Bitung Tengah"
    assert "village:Bitung Tengah" in home_places_named("korban dari Bitung Tengah", "71.72")
    # A kecamatan, or no code: no village.
    assert village_of("71.72.07") == ""
    assert village_of("") == ""
