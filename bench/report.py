"""The bench's report: the summary and verdicts of bench/results/latest.json, the
machine and versions it ran on, and the table printed on the terminal."""

from __future__ import annotations

import contextlib
import os
import platform
import shutil
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.stats import ratio

# Issue 18's second round (2 cores, generator on the same machine, the bare
# baseline in the same run). The plan's defaults are the shapes they are for.
TARGETS = {
    "dispatch_p99_ms": 150.0,
    "dispatch_p99_vs_baseline": 5.0,
    "public_p99_ms": 1500.0,
    "delivered": 1.0,
    "ingest_reports_per_s": 300.0,
    "ingest_api_p99_ms": 100.0,
    "ingest_cpu_ms_per_post": 3.0,
    "triage_reports_per_s": 150.0,
    "fanout_ratio_vs_baseline": 0.5,
    "idle_socket_kb": 20.0,
    "idle_cpu_pct_of_core": 5.0,
    "console_render_ms": 1500.0,
    "console_frame_gap_ms": 100.0,
    # Issue 19: the dispatch p99 with the units' positions beside it, over the
    # plain phase's of the same run; run-to-run noise of the plain p99 is larger.
    "units_p99_vs_plain": 1.5,
}


# Where a phase keeps its p99 from a report due to its event on every socket.
EVERY = ("delivery", "latency_every_socket", "p99_ms")


def get(data: Any, *path: str) -> Any:
    """data[path[0]][path[1]]..., or None where a step is missing (a failed phase)."""
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def summarize(plan: Any, results: dict[str, Any]) -> dict[str, Any]:
    base_cpu = get(results, "baseline", "dispatch", "fanout_cpu_us_per_frame")
    ours_cpu = get(results, "dispatch", "fanout_cpu_us_per_frame")

    def every_p99(*phase: str) -> Any:
        """Report due -> the event on every socket, p99 over the phase's reports."""
        return get(results, *phase, *EVERY)

    return {
        "server": plan.server,
        "quick": plan.quick,
        "dispatch_sockets": plan.dispatch_sockets,
        "public_sockets": plan.public_sockets,
        "reports_per_s": plan.rate,
        "load_s": plan.load_s,
        "dispatch_p99_ms": every_p99("dispatch"),
        "dispatch_p99_any_socket_ms": get(results, "dispatch", "delivery", "latency", "p99_ms"),
        "dispatch_delivered": get(results, "dispatch", "delivery", "delivered_ratio"),
        # The same with public sockets that never read among them: as above, within noise.
        "stalled_sockets": plan.stalled_sockets,
        "stalled_dispatch_p99_ms": every_p99("stalled"),
        "stalled_dispatch_delivered": get(results, "stalled", "delivery", "delivered_ratio"),
        # The same with units POSTing their positions beside it (bench.fleet).
        **units_summary(plan, results),
        "public_p99_ms": every_p99("public"),
        "public_delivered": get(results, "public", "delivery", "delivered_ratio"),
        "dispatch_p99_vs_baseline": ratio(every_p99("dispatch"), every_p99("baseline", "dispatch")),
        "dispatch_went_back": get(results, "dispatch", "order", "went_back"),
        "ingest_reports_per_s": get(results, "ingest", "sustained_per_s"),
        "ingest_cpu_ms_per_post": ingest_cpu(results),
        "triage_reports_per_s": get(results, "ingest", "triage_per_s"),
        # Two web processes and two workers on the same Redis and PostgreSQL.
        "scaleout_p99_ms": every_p99("scaleout"),
        "scaleout_delivered": get(results, "scaleout", "delivery", "delivered_ratio"),
        "scaleout_went_back": get(results, "scaleout", "order", "went_back"),
        "fanout_cpu_us_per_frame": ours_cpu,
        "server_cpu_us_per_frame": get(results, "dispatch", "server_cpu_us_per_frame"),
        "baseline_cpu_us_per_frame": base_cpu,
        # baseline / ours: 1.0 is as cheap as the bare relay, 0.5 twice its cost.
        "fanout_ratio_vs_baseline": (
            round(base_cpu / ours_cpu, 3) if base_cpu and ours_cpu else None
        ),
        "dispatch_frames_per_s": get(results, "dispatch", "frames_per_s"),
        "idle_socket_kb": get(results, "public", "memory", "per_socket_kb"),
        "idle_public_cpu_pct_of_core": get(results, "public", "idle", "server_pct_of_core"),
        "console_render_ms": get(results, "console", "render_ms"),
        "console_units": get(results, "console", "units"),
        "console_applied_ratio": get(results, "console", "applied_ratio"),
        "console_longest_task_ms": get(results, "console", "longest_task_ms"),
        "console_frame_gap_max_ms": get(results, "console", "frame_gap_max_ms"),
    }


def ingest_cpu(results: dict[str, Any]) -> float | None:
    """Server CPU per POST at the highest rate that held (the first step's when none
    did): the median over that step's attempts."""
    steps = get(results, "ingest", "steps") or []
    held = [step for step in steps if step.get("ok")]
    chosen = held[-1] if held else (steps[0] if steps else None)
    return chosen.get("server_cpu_ms_per_report") if chosen else None


def units_summary(plan: Any, results: dict[str, Any]) -> dict[str, Any]:
    units = get(results, "units", "units") or {}
    return {
        "units": plan.units,
        "units_dispatch_p99_ms": get(results, "units", *EVERY),
        "units_dispatch_delivered": get(results, "units", "delivery", "delivered_ratio"),
        "units_p99_vs_plain": ratio(
            get(results, "units", *EVERY),
            get(results, "dispatch", *EVERY),
        ),
        "unit_positions_per_s": get(units, "requests", "achieved_per_s"),
        "unit_positions_p50_ms": get(units, "requests", "api", "p50_ms"),
        "unit_positions_p99_ms": get(units, "requests", "api", "p99_ms"),
        "unit_positions_errors": get(units, "requests", "errors"),
        "unit_position_rows_per_request": get(units, "requests", "rows_per_request"),
        "unit_position_rows_per_write": get(units, "requests", "rows_per_write"),
        "unit_position_frames_per_socket": get(units, "positions", "frames_per_socket"),
        "unit_positions_delivered": get(units, "positions", "delivered_ratio"),
        "unit_positions_on_screen_p99_ms": get(units, "positions", "latency_from_due", "p99_ms"),
    }


def verdicts(summary: dict[str, Any]) -> dict[str, bool | None]:
    """Each target: met, missed, or None when its phase did not run."""

    def at_most(value: Any, limit: float) -> bool | None:
        return None if value is None else value <= limit

    def at_least(value: Any, limit: float) -> bool | None:
        return None if value is None else value >= limit

    t = TARGETS

    def both(*verdicts: bool | None) -> bool | None:
        return None if None in verdicts else all(verdicts)

    return {
        "dispatch_delivered": at_least(summary["dispatch_delivered"], t["delivered"]),
        "dispatch_p99": both(
            at_most(summary["dispatch_p99_ms"], t["dispatch_p99_ms"]),
            at_most(summary["dispatch_p99_vs_baseline"], t["dispatch_p99_vs_baseline"]),
        ),
        "dispatch_order": at_most(summary["dispatch_went_back"], 0),
        "stalled_dispatch_delivered": at_least(
            summary["stalled_dispatch_delivered"], t["delivered"]
        ),
        "units_p99": at_most(summary["units_p99_vs_plain"], t["units_p99_vs_plain"]),
        "scaleout": both(
            at_least(summary["scaleout_delivered"], t["delivered"]),
            at_most(summary["scaleout_went_back"], 0),
        ),
        "public_delivered": at_least(summary["public_delivered"], t["delivered"]),
        "public_p99": at_most(summary["public_p99_ms"], t["public_p99_ms"]),
        "ingest": at_least(summary["ingest_reports_per_s"], t["ingest_reports_per_s"]),
        "ingest_cpu": at_most(summary["ingest_cpu_ms_per_post"], t["ingest_cpu_ms_per_post"]),
        "triage": at_least(summary["triage_reports_per_s"], t["triage_reports_per_s"]),
        "fanout_cpu": at_least(summary["fanout_ratio_vs_baseline"], t["fanout_ratio_vs_baseline"]),
        "idle_memory": at_most(summary["idle_socket_kb"], t["idle_socket_kb"]),
        "idle_cpu": at_most(summary["idle_public_cpu_pct_of_core"], t["idle_cpu_pct_of_core"]),
        "console_render": at_most(summary["console_render_ms"], t["console_render_ms"]),
        "console_updates": both(
            at_least(summary["console_applied_ratio"], 1.0),
            at_most(summary["console_frame_gap_max_ms"], t["console_frame_gap_ms"]),
        ),
    }


# --- where it ran -------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory_kb = 0
    with contextlib.suppress(OSError, ValueError):
        memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory_gb": round(memory_kb / 2**20, 1),
        "kernel": platform.release(),
        "load_avg_at_end": [round(v, 2) for v in os.getloadavg()],
    }


def versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {"python": platform.python_version()}
    for name in (
        "django",
        "channels",
        "channels-redis",
        "daphne",
        "twisted",
        "uvicorn",
        "uvloop",
        "httptools",
        "websockets",
        "celery",
        "redis",
        "psycopg",
    ):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    found["postgresql"] = _command_version(["psql", "--version"])
    found["redis-server"] = _command_version(["redis-server", "--version"])
    return found


def _command_version(command: list[str]) -> str | None:
    if shutil.which(command[0]) is None:
        return None
    done = subprocess.run(command, capture_output=True, text=True, timeout=10)
    return done.stdout.strip()[:80] or None


# --- the terminal table -------------------------------------------------------------------


def fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        value = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{value}{unit}"


MARKS = {True: "ok", False: "MISSED", None: "-"}


def _row(
    label: str, ours: Any, base: Any, unit: str, target: str = "", verdict: str = ""
) -> tuple[str, ...]:
    both = ours is not None and base is not None and not isinstance(ours, str)
    return (
        label,
        fmt(ours, unit),
        fmt(base, unit),
        fmt(ratio(ours, base), "x") if both else "",
        target,
        verdict,
    )


@dataclass(frozen=True)
class Row:
    """One figure of the table: where ours and the bare baseline's are in a report,
    and the target it is judged against (`verdict`, a key of targets_met)."""

    label: str
    ours: tuple[str, ...]
    base: tuple[str, ...] | None
    unit: str
    target: str = ""
    verdict: str = ""


BD, BP = ("results", "baseline", "dispatch"), ("results", "baseline", "public")

# Every target of issue 18 (and issue 19's units figure), in the order of the
# README's Figures table (bench/tables.py renders it from the committed runs).
TARGET_ROWS = (
    Row(
        "dispatch, 2,000 sockets x 20 reports/s: delivered",
        ("summary", "dispatch_delivered"),
        (*BD, "delivery", "delivered_ratio"),
        "",
        "1.0",
        "dispatch_delivered",
    ),
    Row(
        "dispatch p99, report due -> every socket",
        ("summary", "dispatch_p99_ms"),
        (*BD, *EVERY),
        " ms",
        "<= 150 ms and <= 5x",
        "dispatch_p99",
    ),
    Row(
        "dispatch: frames that took an incident back",
        ("summary", "dispatch_went_back"),
        None,
        "",
        "0",
        "dispatch_order",
    ),
    Row(
        "fan-out CPU per frame (server event loops)",
        ("summary", "fanout_cpu_us_per_frame"),
        ("summary", "baseline_cpu_us_per_frame"),
        " us",
        "<= 2x",
        "fanout_cpu",
    ),
    Row(
        "dispatch p99 with 500 units every 10 s / without",
        ("summary", "units_p99_vs_plain"),
        None,
        "x",
        "<= 1.5x",
        "units_p99",
    ),
    Row(
        "scale-out, 2 web processes + 2 workers: delivered",
        ("summary", "scaleout_delivered"),
        None,
        "",
        "1.0, none back",
        "scaleout",
    ),
    Row(
        "public, 20,000 sockets, coalesced: delivered",
        ("summary", "public_delivered"),
        (*BP, "delivery", "delivered_ratio"),
        "",
        "1.0",
        "public_delivered",
    ),
    Row(
        "public p99, report due -> every socket",
        ("summary", "public_p99_ms"),
        (*BP, *EVERY),
        " ms",
        "<= 1500 ms",
        "public_p99",
    ),
    Row(
        "idle memory per public socket",
        ("summary", "idle_socket_kb"),
        (*BP, "memory", "per_socket_kb"),
        " KB",
        "< 20 KB",
        "idle_memory",
    ),
    Row(
        "idle CPU, public sockets",
        ("summary", "idle_public_cpu_pct_of_core"),
        None,
        " % core",
        "< 5 %",
        "idle_cpu",
    ),
    Row(
        "ingest at API p99 <= 100 ms",
        ("summary", "ingest_reports_per_s"),
        None,
        " reports/s",
        ">= 300/s",
        "ingest",
    ),
    Row(
        "server CPU per POST",
        ("summary", "ingest_cpu_ms_per_post"),
        None,
        " ms",
        "<= 3 ms",
        "ingest_cpu",
    ),
    Row(
        "triage, the worker draining a backlog",
        ("summary", "triage_reports_per_s"),
        None,
        " reports/s",
        ">= 150/s",
        "triage",
    ),
    Row(
        "console, 10,000 incidents + 500 units: render",
        ("summary", "console_render_ms"),
        None,
        " ms",
        "<= 1500 ms",
        "console_render",
    ),
    Row(
        "console at 100 updates/s: longest frame gap",
        ("summary", "console_frame_gap_max_ms"),
        None,
        " ms",
        "all applied, <= 100 ms",
        "console_updates",
    ),
)


def target_rows(report: dict[str, Any]) -> list[tuple[str, ...]]:
    met = report["targets_met"]
    return [
        _row(
            row.label,
            get(report, *row.ours),
            get(report, *row.base) if row.base else None,
            row.unit,
            row.target,
            MARKS[met.get(row.verdict)],
        )
        for row in TARGET_ROWS
    ]


def figure_rows(report: dict[str, Any]) -> list[tuple[str, ...]]:
    """The targets, then the figures that explain them."""
    s, r = report["summary"], report["results"]
    bd = get(r, "baseline", "dispatch") or {}
    return [
        *target_rows(report),
        _row(
            "dispatch p50, any socket",
            get(r, "dispatch", "delivery", "latency", "p50_ms"),
            get(bd, "delivery", "latency", "p50_ms"),
            " ms",
        ),
        _row(
            "dispatch max",
            get(r, "dispatch", "delivery", "latency", "max_ms"),
            get(bd, "delivery", "latency", "max_ms"),
            " ms",
        ),
        _row("dispatch frames/s", s["dispatch_frames_per_s"], bd.get("frames_per_s"), ""),
        _row(
            "server CPU per frame, all",
            s["server_cpu_us_per_frame"],
            bd.get("server_cpu_us_per_frame"),
            " us",
        ),
        _row("scale-out p99, every socket", s["scaleout_p99_ms"], None, " ms"),
        _row(
            "public server CPU per frame",
            get(r, "public", "server_cpu_us_per_frame"),
            get(r, "baseline", "public", "server_cpu_us_per_frame"),
            " us",
        ),
        _row("console updates applied", s["console_applied_ratio"], None, ""),
        _row("console longest task", s["console_longest_task_ms"], None, " ms"),
        _row(
            "rest of machine, dispatch phase",
            get(r, "dispatch", "cpu_s", "others_pct_of_machine"),
            get(bd, "cpu_s", "others_pct_of_machine"),
            " %",
            "other jobs, kernel, Redis",
        ),
    ]


def _columns(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]


def stage_lines(results: dict[str, Any]) -> list[str]:
    lines = []
    for name in ("dispatch", "public"):
        stages = get(results, name, "stages")
        if not stages:
            continue
        lines.append(f"\nstages, {name} (ms: p50 / p99 / max)")
        for row in stages:
            lines.append(
                f"  {row['stage']:<13} {fmt(row['p50_ms']):>9} {fmt(row['p99_ms']):>9} "
                f"{fmt(row['max_ms']):>9}   {row['what']}"
            )
    return lines


def stalled_lines(results: dict[str, Any]) -> list[str]:
    """The dispatch phase beside its rerun with public sockets that never read."""
    stalled = results.get("stalled")
    if not stalled or "delivery" not in stalled:
        return []
    normal = results.get("dispatch", {})
    count = get(stalled, "stalled", "sockets")
    rows = [("", "dispatch", f"+ {count} public sockets not reading")]
    for label, path in (
        ("dispatch p99, every socket (ms)", ("delivery", "latency_every_socket", "p99_ms")),
        ("dispatch p50, any socket (ms)", ("delivery", "latency", "p50_ms")),
        ("dispatch delivered", ("delivery", "delivered_ratio")),
        ("fan-out CPU per frame (us)", ("fanout_cpu_us_per_frame",)),
        ("server CPU per frame (us)", ("server_cpu_us_per_frame",)),
    ):
        rows.append((label, fmt(get(normal, *path)), fmt(get(stalled, *path))))
    closed = get(stalled, "stalled", "closed_by_server")
    rows.append(("not reading, closed by the server", "", f"{fmt(closed)} of {count}"))
    return ["", *_columns(rows)]


def units_lines(summary: dict[str, Any], results: dict[str, Any]) -> list[str]:
    """The dispatch phase beside its rerun with units reporting their positions."""
    units = results.get("units")
    if not units or "delivery" not in units:
        return []
    normal, s = results.get("dispatch", {}), summary
    every = get(units, "units", "interval_s")
    rows = [("", "dispatch", f"+ {s['units']} units every {fmt(every)} s", "ratio")]
    for label, path in (
        ("dispatch p99, every socket (ms)", ("delivery", "latency_every_socket", "p99_ms")),
        ("dispatch p50, any socket (ms)", ("delivery", "latency", "p50_ms")),
        ("dispatch delivered", ("delivery", "delivered_ratio")),
        ("server CPU per frame (us)", ("server_cpu_us_per_frame",)),
    ):
        ours, theirs = get(normal, *path), get(units, *path)
        rows.append((label, fmt(ours), fmt(theirs), fmt(ratio(theirs, ours), "x")))
    latency = f"{fmt(s['unit_positions_p50_ms'])} / {fmt(s['unit_positions_p99_ms'])}"
    for label, value in (
        ("position requests/s", fmt(s["unit_positions_per_s"])),
        ("position request p50 / p99 (ms)", latency),
        ("position request errors", fmt(s["unit_positions_errors"])),
        ("position rows per request", fmt(s["unit_position_rows_per_request"])),
        ("position rows per write (one transaction)", fmt(s["unit_position_rows_per_write"])),
        ("positions frames per dispatch socket", fmt(s["unit_position_frames_per_socket"])),
        ("positions delivered (every socket)", fmt(s["unit_positions_delivered"])),
        ("position due -> every socket p99 (ms)", fmt(s["unit_positions_on_screen_p99_ms"])),
    ):
        rows.append((label, "", value, ""))
    return ["", *_columns(rows)]


def compare_lines(server: str, results: dict[str, Any]) -> list[str]:
    compare = results.get("compare")
    if not compare or "server" not in compare:
        return []
    ours, theirs = results.get("dispatch", {}), compare.get("dispatch", {})
    rows = [("", server, compare["server"])]
    for label, path in (
        ("dispatch p99, every socket (ms)", ("delivery", "latency_every_socket", "p99_ms")),
        ("dispatch delivered", ("delivery", "delivered_ratio")),
        ("fan-out CPU per frame (us)", ("fanout_cpu_us_per_frame",)),
        ("server CPU per frame (us)", ("server_cpu_us_per_frame",)),
        ("memory per dispatch socket (KB)", ("memory", "per_socket_kb")),
        ("idle CPU, dispatch sockets (% core)", ("idle", "server_pct_of_core")),
        ("socket connect + resume, all (s)", ("connect", "connect_s")),
    ):
        rows.append((label, fmt(get(ours, *path)), fmt(get(theirs, *path))))
    rows.append(
        (
            "ingest at API p99 <= 100 ms (reports/s)",
            fmt(get(results, "ingest", "sustained_per_s")),
            fmt(get(compare, "ingest", "sustained_per_s")),
        )
    )
    return ["", *_columns(rows)]


def table(report: dict[str, Any]) -> str:
    s = report["summary"]
    header = ("figure", f"ours ({s['server']})", "bare baseline", "ours/base", "target", "")
    rows = [header, *figure_rows(report)]
    lines = _columns(rows)
    lines.insert(1, "-" * len(lines[0]))
    lines += stage_lines(report["results"])
    lines += stalled_lines(report["results"])
    lines += units_lines(s, report["results"])
    lines += compare_lines(s["server"], report["results"])
    m = report["machine"]
    lines.append(
        f"\n{m['cpus']} x {m['cpu_model']}, load average at the end {m['load_avg_at_end']}; "
        f"{report['date']}; {report['duration_s']:.0f} s"
    )
    return "\n".join(lines)
