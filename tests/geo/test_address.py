"""Indonesian address normalization and parsing."""

from __future__ import annotations

import pytest

from geo.address import MAX_INPUT_CHARS, name_key, parse_address, tokenize
from geo.gazetteer import Gazetteer


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Tanjung Karang Timur", "Tanjungkarang Timur"),
        ("Teluk Betung Utara", "TELUKBETUNG  utara"),
        ("Ilir Timur I", "Ilir Timur Satu"),
        ("Ilir Timur I", "Ilir Timur 1"),
        ("Seberang Ulu II", "Seberang Ulu Dua"),
        ("Alang-alang Lebar", "Alang Alang Lebar"),
        ("Meunasah Pu'uk", "Mns. Puuk"),
        ("Sei Rampah", "Sungai Rampah"),
        ("Tj. Karang", "Tanjung Karang"),
        ("Kepulauan Seribu", "Kep. Seribu"),
    ],
)
def test_it_gives_spelling_variants_one_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_it_keeps_a_leading_number_word() -> None:
    # "Lima Puluh" (a district of Pekanbaru) must not become "5 Puluh" on one side only.
    assert name_key("Lima Puluh") == "limapuluh"
    assert name_key("Limapuluh") == "limapuluh"


def test_it_parses_a_full_address() -> None:
    parsed = parse_address(
        "Jl. Teuku Umar No. 12 RT 03/RW 05, Kel. Kedaton, Kec. Kedaton, "
        "Kota Bandar Lampung, Prov. Lampung 35141"
    )
    assert parsed.street == "Teuku Umar"
    assert parsed.house_number == "12"
    assert parsed.rt == "03"
    assert parsed.rw == "05"
    assert parsed.village == "Kedaton"
    assert parsed.district == "Kedaton"
    assert parsed.regency == "Kota Bandar Lampung"
    assert parsed.province == "Lampung"
    assert parsed.postal_code == "35141"


def test_it_parses_abbreviations_without_spaces() -> None:
    parsed = parse_address(
        "Gg. Mawar no.5 rt.003 rw.004 Ds.Sidomulyo Kec.Sidomulyo Kab.Lampung Selatan"
    )
    assert parsed.street == "Mawar"
    assert parsed.house_number == "5"
    assert parsed.rt == "003"
    assert parsed.village == "Sidomulyo"
    assert parsed.district == "Sidomulyo"
    assert parsed.regency == "Kabupaten Lampung Selatan"


def test_it_labels_words_after_markers() -> None:
    tokens = tokenize("kebakaran di kel. rajabasa kec rajabasa").segments[0]
    labels = {(t.raw, t.label) for t in tokens}
    assert ("rajabasa", "village") in labels
    assert ("rajabasa", "district") in labels


def test_it_cuts_huge_input() -> None:
    tokenized = tokenize("kedaton " * 5000)
    assert sum(len(s) for s in tokenized.segments) <= MAX_INPUT_CHARS // 2


@pytest.mark.parametrize(
    "address",
    [
        "Kec. Ilir Timur I, Palembang",
        "kecamatan ilir timur satu kota palembang",
        "ILIR TIMUR 1, PALEMBANG",
        "Ilir Timur I Palembang",
    ],
)
def test_it_resolves_roman_numerals_and_number_words(address: str) -> None:
    assert Gazetteer(home_region="18.71").geocode(address).raw["code"] == "16.71.05"


@pytest.mark.parametrize(
    "address",
    ["Tanjung Karang Pusat", "Tanjungkarang Pusat", "tanjung-karang pusat", "TANJUNGKARANG PUSAT."],
)
def test_it_resolves_spacing_variants(address: str) -> None:
    assert Gazetteer(home_region="18.71").geocode(address).raw["code"] == "18.71.06"


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ("Kedatonn, Bandar Lampung", "18.71.01"),
        ("Kel. Rajabsa, Bandar Lampung", "18.71.10"),
        ("Kec. Kemilling", "18.71.13"),
        ("Tanjung Senag, Bandar Lampung", "18.71.11"),
    ],
)
def test_it_tolerates_typos(address: str, code: str) -> None:
    location = Gazetteer(home_region="18.71").geocode(address)
    assert location is not None, address
    assert location.raw["code"].startswith(code)
    assert location.raw["confidence"] < 1.0


def test_it_does_not_take_a_street_for_a_city() -> None:
    # Jl. Z.A. Pagar Alam is a main road of Bandar Lampung; Kota Pagar Alam is in
    # South Sumatra.
    location = Gazetteer(home_region="18.71").geocode("Jl. ZA Pagar Alam No. 7, Labuhan Ratu")
    assert location.raw["code"].startswith("18.71.14")


def test_it_does_not_send_a_lone_street_name_far_away() -> None:
    # There is a village "Kartini" in Jakarta; "Jl. Kartini" is a street anywhere.
    assert Gazetteer(home_region="18.71").geocode("Jl. Kartini") is None


def test_it_ends_a_street_name_in_running_text() -> None:
    text = "kecelakaan di jalan soekarno hatta dekat terminal rajabasa"
    location = Gazetteer(home_region="18.71").geocode(text, free_text=True)
    assert location.raw["code"].startswith("18.71.10")
