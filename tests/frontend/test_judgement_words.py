"""The console says the urgency engine's reasons in Indonesian: every word its rules
quote (signal and de-escalator labels, topic names) has an entry in the catalogue."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from frontend.console_catalog import console_extra_strings
from frontend.judgement_words import judgement_words
from priority.rules import default_rules
from tests.frontend.test_console import page_data

pytestmark = pytest.mark.django_db


def rule_words() -> set[str]:
    rules = default_rules()
    fast = {t.fast_track for t in rules.topics if isinstance(t.fast_track, str) and t.fast_track}
    return (
        {s.label for s in rules.signals}
        | {d.label for d in rules.deescalators}
        | {t.name for t in rules.topics}
        | fast
    )


def test_every_word_of_the_rules_is_in_the_catalogue() -> None:
    assert rule_words() - set(judgement_words()) == set()


def test_they_are_translated_into_indonesian() -> None:
    with translation.override("id"):
        words = judgement_words()
        sentences = console_extra_strings()["judgement"]
    assert words["life threat: trapped"] == "ancaman nyawa: terjebak"
    assert words["flood"] == "banjir"
    assert sentences["keyword"] == "kata kunci “%(words)s” → %(category)s"  # type: ignore[index]
    untranslated = [w for w, text in words.items() if text == w and " " in w]
    assert untranslated == []


def test_the_console_page_carries_them(page_client: Any, settings: Any) -> None:
    settings.LANGUAGE_CODE = "id"
    strings = page_data(page_client("dispatcher").get("/"))["strings"]
    assert strings["judgement_words"]["flood"] == "banjir"
    assert strings["judgement"]["score"] == "skor %(n)s → %(priority)s"
    assert strings["providers"]["none"] == "tidak ditemukan"
