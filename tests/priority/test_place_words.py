"""priority.place_words: the names a report gives its place, never everyday words."""

from __future__ import annotations

from priority.place_words import line_names, place_names, rare_words


def test_it_reads_the_names_after_place_words() -> None:
    names = place_names("kabel pln putus di sultan agung dkt transmart")
    assert {"sultanagung", "transmart"} <= names


def test_it_reads_a_street_after_an_abbreviation_with_a_dot() -> None:
    assert "sultanagung" in place_names("Kabel putus di Jl. Sultan Agung")


def test_it_reads_a_name_after_an_english_article() -> None:
    assert "lembeh" in place_names("our dive boat's engine died in the Lembeh Strait")


def test_it_reads_an_english_street_name_without_the_street() -> None:
    names = place_names("smoke from a shop on Raden Intan street, close to the cathedral")
    assert "radenintan" in names
    assert "intanstreet" not in names
    # "RT" ends a name as "street" does; the village comes after its number.
    names = place_names("banjir jl ikan bawal RT 03 kangkung")
    assert "bawalrt" not in names
    assert "kangkung" in names


def test_it_joins_a_name_written_in_two_words() -> None:
    assert "kimaja" in place_names("orang di atas jembatan layang ki maja")
    assert "kimaja" in place_names("orang di atas flyover Kimaja")


def test_it_reads_the_area_a_road_is_named_in_apart_from_the_road() -> None:
    names = place_names("Kecelakaan di bypass Soekarno-Hatta daerah Sukarame")
    assert "sukarame" in names
    assert "hattadaerah" not in names


def test_it_takes_no_everyday_word_for_a_name() -> None:
    assert place_names("ada kebakaran di rumah dekat pasar") == frozenset()


def test_it_takes_no_word_of_its_for_a_name() -> None:
    # "sblhnya" is "sebelahnya" (the one next to it), however it is spelled.
    assert place_names("api so pindah ke kapal sblhnya") == frozenset()
    assert "sukarame" in place_names("pelaku lari ke sukarame, motornya hitam")


def test_it_takes_no_name_part_alone() -> None:
    assert "jaya" not in place_names("banjir di Korpri Jaya")


def test_it_reads_a_name_four_words_after_its_cue() -> None:
    # "di rm padang pagar alam": the restaurant's kind first, the street last.
    assert "pagaralam" in place_names("ada ledakan di rm padang pagar alam labuhan ratu")


def test_it_reads_a_name_after_the_sms_and_local_words_for_at() -> None:
    assert "kakenturan" in place_names("tlg kk sy dipukul lakinya skrg d rmh kakenturan 2")
    assert "waringin" in place_names("dicokot ulo nang sawah mburi balai waringin")
    assert "sukabumi" in place_names("rame di acara organ tunggal pekon sukabumi")


def test_it_names_a_numbered_school_one_way_however_it_is_said() -> None:
    said = ("di depan SMP Negeri 12 Bitung", "jln dpn smpn 12", "dkt smp 12", "depan SMPN12")
    assert all("smp12" in place_names(text) for text in said)
    assert "sma9" in place_names("tawuran pelajar di depan SMAN 09 Segalamider")
    assert "smp12" not in place_names("depan SMP 1 dan SMA 2")


def test_it_reads_a_name_with_or_without_the_e_of_its_first_syllable() -> None:
    assert place_names("kebakaran di Pasar Brabasan") == place_names("api di pasar berabasan")


def test_it_reads_the_names_of_rivers_and_roads() -> None:
    assert line_names("perahu terbalik di Sungai Musi dekat Sungsang") == {"musi"}
    assert line_names("laka di jalinsum kotabumi") == {"jalinsum"}
    assert line_names("kebakaran rumah di Sungsang") == frozenset()
    # A road named for the two towns it joins: each word, and both joined.
    assert {"manado", "bitung", "manadobitung"} <= line_names("mobil terbakar di tol Manado-Bitung")


def test_it_reads_the_words_no_rule_knows_wherever_they_stand() -> None:
    words = rare_words("Tolong bus Putra Remaja jurusan Jakarta terjun ke jurang di tikungan")
    assert "putra" in words
    # "remaja" (a teenager) and "jurang" are words of the rules.
    assert not {"tolong", "terjun", "jurang", "remaja"} & words


def test_it_leaves_out_people_s_names_and_the_roads_named() -> None:
    words = rare_words("PL a.n. Herman melaporkan banjir, air masuk rumah; Ibu Marlin juga")
    assert not {"herman", "marlin"} & words
    assert not {"manado", "bitung"} & rare_words("mobil kluar api di tol manado bitung")


def test_it_reads_no_road_s_name_in_the_road_above_and_one_past_its_direction() -> None:
    assert line_names("tanah dari bukit turun ka jalan di atas Gunung Woka") == frozenset()
    # Said as it is spoken, "trbanggi" (_spoken).
    assert "trbanggi" in line_names("Accident di tol arah Terbanggi, dekat exit Natar")
