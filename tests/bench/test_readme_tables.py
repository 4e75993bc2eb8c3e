"""The README's bench tables are what the committed result files make them
(bench/tables.py): a figure changed by hand, or a result file added without
regenerating the table, fails here."""

from __future__ import annotations

import json
from pathlib import Path
from unittest.mock import patch

import pytest

from bench import capacity, tables


def test_it_keeps_the_readme_tables_as_the_result_files_make_them() -> None:
    text = tables.README.read_text(encoding="utf-8")
    for name in [table.name for table in tables.TABLES] + list(tables.GENERATED):
        assert tables.marked(name).search(text), f"no table {name} in README"
    assert tables.rewrite(text) == text, "run python -m bench.tables --write"


def test_it_shows_the_median_and_the_range() -> None:
    assert tables.cell([1.0, 3.0, 2.0], " ms") == "2 ms (1-3 ms)"
    assert tables.cell([0.5, None], "x") == "0.5x"
    assert tables.cell([None], "") == "-"
    assert tables.cell([4.0, 4.0], "") == "4"


def test_it_takes_a_ratio_within_each_run() -> None:
    figure = tables.quotient(tables.at("a"), tables.at("b"))
    assert figure({"a": 300.0, "b": 150.0}) == 2.0
    assert figure({"a": 300.0, "b": None}) is None


def test_it_makes_the_figures_table_from_the_full_runs(tmp_path: Path) -> None:
    full = tmp_path / "full"
    full.mkdir()
    for n, (ours, met) in enumerate(((120.0, True), (300.0, False)), start=1):
        run = {
            "summary": {"dispatch_p99_ms": ours},
            "results": {
                "baseline": {"dispatch": {"delivery": {"latency_every_socket": {"p99_ms": 30.0}}}}
            },
            "targets_met": {"dispatch_p99": met},
        }
        (full / f"run-{n}.json").write_text(json.dumps(run))
    with patch.object(tables, "ROOT", tmp_path):
        text = tables.render_figures(tmp_path)
    row = next(line for line in text.splitlines() if "dispatch p99" in line)
    assert row == (
        "| dispatch p99, report due -> every socket | <= 150 ms and <= 5x "
        "| 210 ms (120-300 ms) | 30 ms | 7x (4-10x) | 1 of 2 |"
    )
    assert "Median (range) of 2 full runs" in text


def test_it_costs_one_instance_for_many_regencies_more_than_one_each() -> None:
    cost = {
        "staff_delivery_us": 20.0,
        "public_frame_us": 30.0,
        "post_ms": 5.0,
        "worker_ms": 30.0,
        "postgres_ms": 6.0,
        "staff_kb": 30.0,
        "public_kb": 25.0,
        "public_idle_pct": 0.0005,
    }
    one = capacity.need(cost, 1, 1)
    many = capacity.need(cost, 15, 1)
    apart = capacity.need(cost, 1, 15)
    # The worker and the database grow with the reports alone, whatever the shape.
    assert many["worker"] == pytest.approx(apart["worker"]) == 15 * one["worker"]
    # Every staff socket of an instance receives every report of the instance: 15
    # regencies in one instance fan out 15 times what 15 instances do.
    fanout_only = {**cost, "public_frame_us": 0.0, "post_ms": 0.0, "public_idle_pct": 0.0}
    assert capacity.need(fanout_only, 15, 1)["web"] == pytest.approx(
        15 * capacity.need(fanout_only, 1, 15)["web"]
    )
    assert many["web"] > apart["web"]
    assert many["memory_gb"] == pytest.approx(apart["memory_gb"])
