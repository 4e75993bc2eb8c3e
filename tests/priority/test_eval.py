"""The labeled evaluation set and the targets the engine must hold."""

from __future__ import annotations

import json

from priority.evaluate import REPORTS_PATH, TARGETS, evaluate, load_cases, main
from priority.rules import AGENCY_KINDS, CATEGORIES, CHANNELS


def test_it_has_a_labeled_set_with_a_holdout_part() -> None:
    cases = load_cases()
    assert len(cases) >= 150
    holdout = [c for c in cases if c.split == "holdout"]
    assert 0.15 <= len(holdout) / len(cases) <= 0.3
    assert {c.split for c in cases} == {"tune", "holdout"}


def test_it_labels_with_contract_codes() -> None:
    with REPORTS_PATH.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    for row in rows:
        assert set(row) == {"text", "channel", "category", "fast_track", "agencies", "split"}
        assert row["category"] in CATEGORIES
        assert row["channel"] in CHANNELS
        assert isinstance(row["fast_track"], bool)
        assert row["agencies"] and all(a in AGENCY_KINDS or a == "none" for a in row["agencies"])
    # Every category is represented, and so are the traps.
    assert {row["category"] for row in rows} == set(CATEGORIES)
    assert sum(row["fast_track"] for row in rows) >= 30


def test_it_meets_the_targets_on_the_whole_set() -> None:
    metrics = evaluate()
    for name, target in TARGETS.items():
        assert metrics[name] >= target, (name, metrics[name])


def test_it_reports_tables_and_returns_metrics(capsys: object) -> None:
    results = main([])
    assert set(results) == {"all", "tune", "holdout"}
    assert results["all"]["cases"] == len(load_cases())
    printed = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "== holdout:" in printed and "fast_track_recall" in printed
