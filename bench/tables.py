"""README tables generated from committed bench results: every figure has a file.

Each table names the result files it is made of (a glob under bench/results/) and
the figures it shows; a cell is the median over the runs with the range beside it.
The README holds each table between `<!-- bench-table:NAME -->` and
`<!-- /bench-table:NAME -->`; `python -m bench.tables --write` rewrites them from
the files and tests/bench/test_readme_tables.py fails when they differ.

    python -m bench.tables            # print every table
    python -m bench.tables --write    # rewrite the README's tables
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import capacity, report
from bench.report import fmt, get
from bench.stats import ratio

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"

Figure = Callable[[dict[str, Any]], Any]


def at(*path: str) -> Figure:
    return lambda result: get(result, *path)


def quotient(top: Figure, bottom: Figure) -> Figure:
    """A ratio taken within each run (its own baseline), then summarised."""

    def figure(result: dict[str, Any]) -> Any:
        a, b = top(result), bottom(result)
        return round(a / b, 2) if a is not None and b else None

    return figure


@dataclass(frozen=True)
class Table:
    name: str
    files: str  # a glob under bench/results/
    what: str
    rows: tuple[tuple[str, Figure, str], ...]  # label, figure, unit
    # More columns: (header, glob) each; `files` is then the first column's.
    more: tuple[tuple[str, str], ...] = ()
    header: str = "median (range)"
    # Each file holds its repeats under "runs" (bench/triage_cost.py): a run each.
    per_run: bool = False


EVERY = ("delivery", "latency_every_socket", "p99_ms")
PLAIN_P99 = at("results", "dispatch", *EVERY)
UNITS_P99 = at("results", "units", *EVERY)
BASE_P99 = at("results", "baseline", "dispatch", *EVERY)
FLEET = ("results", "units", "units")


def stage(phase: str, name: str) -> Figure:
    """A stage's p50 in a phase (bench/stages.py)."""

    def figure(result: dict[str, Any]) -> Any:
        stages = get(result, "results", phase, "stages") or []
        return next((s["p50_ms"] for s in stages if s["stage"] == name), None)

    return figure


UNITS_ROWS: tuple[tuple[str, Figure, str], ...] = (
    ("dispatch p99, every socket, plain phase", PLAIN_P99, " ms"),
    ("dispatch p99, every socket, with the 500 units", UNITS_P99, " ms"),
    ("  with units / plain, same run", quotient(UNITS_P99, PLAIN_P99), "x"),
    ("  with units / bare baseline, same run", quotient(UNITS_P99, BASE_P99), "x"),
    ("bare baseline p99", BASE_P99, " ms"),
    # How fast the machine was: the same bare relay's CPU per frame.
    (
        "bare baseline CPU per frame",
        at("results", "baseline", "dispatch", "fanout_cpu_us_per_frame"),
        " us",
    ),
    ("worker CPU, plain phase", at("results", "dispatch", "cpu_s", "worker"), " s"),
    # Whether the worker kept up without the units: reports waiting for a task.
    ("report queued -> task started p50, plain phase", stage("dispatch", "queue"), " ms"),
    (
        "server CPU, units phase / plain phase",
        quotient(
            at("results", "units", "cpu_s", "server"),
            at("results", "dispatch", "cpu_s", "server"),
        ),
        "x",
    ),
    (
        "dispatch delivered with the units",
        at("results", "units", "delivery", "delivered_ratio"),
        "",
    ),
    ("position requests/s (50 offered)", at(*FLEET, "requests", "achieved_per_s"), ""),
    ("position request p99", at(*FLEET, "requests", "api", "p99_ms"), " ms"),
    ("position request errors", at(*FLEET, "requests", "errors"), ""),
    ("position rows per request", at(*FLEET, "requests", "rows_per_request"), ""),
    (
        "position rows per write (one transaction a second)",
        at(*FLEET, "requests", "rows_per_write"),
        "",
    ),
    (
        "positions frames per dispatch socket",
        at(*FLEET, "positions", "frames_per_socket"),
        "",
    ),
    ("positions delivered, every socket", at(*FLEET, "positions", "delivered_ratio"), ""),
    (
        "position due -> every socket, p99",
        at(*FLEET, "positions", "latency_from_due", "p99_ms"),
        " ms",
    ),
    (
        "rest of the machine during the units phase",
        at("results", "units", "cpu_s", "others_pct_of_machine"),
        " %",
    ),
)

TRIAGE_ROWS: tuple[tuple[str, Figure, str], ...] = (
    ("worker CPU per report", at("worker_cpu_ms_per_report"), " ms"),
    ("PostgreSQL CPU per report", at("postgres_cpu_ms_per_report"), " ms"),
    ("reports triaged per second (target >= 150)", at("reports_per_s"), ""),
)

URGENT_ROWS: tuple[tuple[str, Figure, str], ...] = (
    ("P1 stored -> triaged, p50", at("p1", "p50_s"), " s"),
    ("P1 stored -> triaged, p99", at("p1", "p99_s"), " s"),
    ("other reports stored -> triaged, p50", at("other", "p50_s"), " s"),
    ("other reports stored -> triaged, p99", at("other", "p99_s"), " s"),
    ("P1 reports per run", at("p1", "n"), ""),
    ("reports stored per second", at("stored_per_s"), ""),
)

TABLES = (
    Table(
        name="urgent-first",
        files="triage/urgent-first-before.json",
        what="runs of `python -m bench.urgent_first` (600 complaints stored as fast as one "
        "process can, a threat to life after every 30) before and after P1 triage jumped "
        "the queue",
        rows=URGENT_ROWS,
        more=(("after", "triage/urgent-first.json"),),
        header="before",
        per_run=True,
    ),
    Table(
        name="triage",
        files="triage/triage-cost-before-session.json",
        what="runs of `python -m bench.triage_cost` (600 reports each, the worker as "
        "`make worker` runs it) before and after the worker's cuts of 2026-12-06",
        rows=TRIAGE_ROWS,
        more=(("after", "triage/triage-cost-after-session.json"),),
        header="before",
        per_run=True,
    ),
    Table(
        name="matching",
        files="triage/matching-cost-before-session.json",
        what="runs of `python -m bench.matching_cost` (200 reports timed among about 430 "
        "open incidents) before and after matching read plain rows and one plain query",
        rows=(("matching CPU per report", at("matching_cpu_ms_per_report"), " ms"),),
        more=(("after", "triage/matching-cost-after-session.json"),),
        header="before",
        per_run=True,
    ),
    Table(
        name="units-soft",
        files="units/soft-*.json",
        what="quick runs of `--phases dispatch,baseline,units` (issue 19), positions soft "
        "state, each request writing its own",
        rows=UNITS_ROWS,
    ),
    Table(
        name="units",
        files="units/written-once-a-second-*.json",
        what="quick runs of `--phases dispatch,baseline,units --seconds 20` (issue 19), "
        "positions written once a second, callers remembered",
        rows=UNITS_ROWS,
    ),
)


def cell(values: list[Any], unit: str) -> str:
    known = [v for v in values if v is not None]
    if not known:
        return "-"
    middle = fmt(float(statistics.median(known)), unit)
    if len(known) == 1 or min(known) == max(known):
        return middle
    return f"{middle} ({fmt(float(min(known)))}-{fmt(float(max(known)), unit)})"


def _runs(table: Table, paths: list[Path]) -> list[dict[str, Any]]:
    results = [json.loads(p.read_text()) for p in paths]
    if table.per_run:
        return [run for result in results for run in result["runs"]]
    return results


def render(table: Table, root: Path = ROOT / "bench" / "results") -> str:
    columns = ((table.header, table.files), *table.more)
    paths = [sorted(root.glob(files)) for _, files in columns]
    runs = [_runs(table, found) for found in paths]
    names = ", ".join(f"`{p.relative_to(ROOT)}`" for found in paths for p in found)
    counted = "/".join(str(len(column)) for column in runs)
    lines = [
        f"Median (range) of {counted} {table.what}: {names}. "
        f"Generated by `python -m bench.tables`.",
        "",
        "| figure | " + " | ".join(header for header, _ in columns) + " |",
        "| --- |" + " --- |" * len(columns),
    ]
    for label, figure, unit in table.rows:
        cells = [cell([figure(r) for r in column], unit) for column in runs]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


# The full `make bench` runs the README's Figures table is made of.
FULL_RUNS = "full/run-*.json"


def render_figures(root: Path = ROOT / "bench" / "results") -> str:
    """Every target of bench.report.TARGET_ROWS over the full runs: ours and the bare
    baseline's (median and range), the ratio taken within each run, and in how many
    runs the target was met."""
    paths = sorted(root.glob(FULL_RUNS))
    runs = [json.loads(p.read_text()) for p in paths]
    names = ", ".join(f"`{p.relative_to(ROOT)}`" for p in paths)
    lines = [
        f"Median (range) of {len(runs)} full runs of `make bench`: {names}. "
        "Generated by `python -m bench.tables`.",
        "",
        "| figure | target | ours | bare baseline | ours / baseline | met |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in report.TARGET_ROWS:
        ours = [get(r, *row.ours) for r in runs]
        base = [get(r, *row.base) for r in runs] if row.base else []
        ratios = [ratio(a, b) for a, b in zip(ours, base, strict=True)] if base else []
        verdicts = [get(r, "targets_met", row.verdict) for r in runs]
        judged = [v for v in verdicts if v is not None]
        met = f"{sum(judged)} of {len(judged)}" if judged else "-"
        base_cell = cell(base, row.unit) if base else ""
        ratio_cell = cell(ratios, "x") if base else ""
        lines.append(
            f"| {row.label} | {row.target} | {cell(ours, row.unit)} | {base_cell} "
            f"| {ratio_cell} | {met} |"
        )
    return "\n".join(lines)


# Tables made by a function of their own, by marker name.
GENERATED: dict[str, Callable[[], str]] = {
    "figures": render_figures,
    "capacity": capacity.render,
}


def marked(name: str) -> re.Pattern[str]:
    return re.compile(
        rf"(<!-- bench-table:{name} -->\n)(.*?)(\n<!-- /bench-table:{name} -->)", re.S
    )


def rewrite(text: str) -> str:
    makers = {table.name: lambda table=table: render(table) for table in TABLES}
    for name, make in {**makers, **GENERATED}.items():
        pattern = marked(name)
        if pattern.search(text):
            body = make()
            text = pattern.sub(lambda m, body=body: m.group(1) + body + m.group(3), text)
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="rewrite the README's tables")
    args = parser.parse_args()
    if args.write:
        README.write_text(rewrite(README.read_text(encoding="utf-8")), encoding="utf-8")
        return
    for table in TABLES:
        print(f"## {table.name}\n\n{render(table)}\n")
    for name, make in GENERATED.items():
        print(f"## {name}\n\n{make()}\n")


if __name__ == "__main__":
    main()
