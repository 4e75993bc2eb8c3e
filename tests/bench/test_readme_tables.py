"""The README's bench tables are what the committed result files make them
(bench/tables.py): a figure changed by hand, or a result file added without
regenerating the table, fails here."""

from __future__ import annotations

from bench import tables


def test_it_keeps_the_readme_tables_as_the_result_files_make_them() -> None:
    text = tables.README.read_text(encoding="utf-8")
    for table in tables.TABLES:
        assert tables.marked(table.name).search(text), f"no table {table.name} in README"
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
