"""priority.normalize: spoken, SMS and regional forms reach the words of the rules."""

from __future__ import annotations

import pytest

from priority.engine import assess
from priority.rules import default_rules


def tokens(text: str) -> tuple[str, ...]:
    return default_rules().normalizer.normalize(text).tokens


def test_it_reads_a_reduplication_with_a_suffix() -> None:
    assert tokens("mabuk2an") == ("mabuk", "mabukan")


@pytest.mark.parametrize(
    ("typed", "standard"),
    [
        ("nyuri", "mencuri"),
        ("ngancam", "mengancam"),
        ("nyerang", "menyerang"),
        ("ngerampok", "merampok"),
        ("trbakar", "terbakar"),
    ],
)
def test_it_reads_spoken_and_sms_verb_forms(typed: str, standard: str) -> None:
    assert tokens(typed) == (standard,)


def test_it_reads_the_palembang_be_prefix() -> None:
    assert tokens("bejudi") == ("judi",)


def test_it_reads_laughter_of_any_length_as_a_joke() -> None:
    result = assess("Tangkep tuh mantan saya, dia udah nyuri hati saya. Hehehe", "phone")
    assert result.category == "other"


def test_it_fast_tracks_bleeding_in_pregnancy_written_in_sms() -> None:
    result = assess("ibu hml 7 bln jatuh di tangga, perut sakit bgt dan keluar darah", "sms")
    assert result.fast_track


def test_it_makes_a_drunken_fight_with_a_sword_a_crime() -> None:
    result = assess("Tolong, ada orang mabo bakalae pake samurai, satu orang so kena tikam!")
    assert result.category == "crime"
    assert result.fast_track
    assert result.agencies[0] == "polri"
