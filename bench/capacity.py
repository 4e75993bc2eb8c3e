"""The README's capacity model: cores and memory for a deployment, from the costs
the full `make bench` runs measured (bench/results/full/) and a deployment's
counts, which are assumptions (DEPLOYMENTS) to replace with a region's own.

Costs per unit of work, medians over the runs:
- a staff socket receiving one report's event: the dispatch phase's server CPU
  (every thread, POSTs included) over the (report, socket) deliveries;
- a public socket receiving one batch frame (at most one a second, coalesced);
- one POST of the API (the ingest steps);
- one report through the worker, and through PostgreSQL (the dispatch phase);
- memory per idle socket, staff and public.

Every staff socket of an instance receives every event of the instance (the
dispatch audience), so its fan-out grows with reports/s x staff sockets: the
model shows what that costs when one instance serves many regencies.

    python -m bench.capacity
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.report import fmt, get

ROOT = Path(__file__).resolve().parent.parent
RUNS = ROOT / "bench" / "results" / "full"


@dataclass(frozen=True)
class Region:
    """What one kabupaten/kota brings at a peak (a flood, an earthquake): assumed."""

    staff_sockets: int = 30  # 112 operators, agency boards and field phones on duty
    public_sockets: int = 1000  # residents watching the public map
    reports_per_s: float = 0.5  # 1,800 reports an hour


REGION = Region()
# name -> regencies served by one instance
DEPLOYMENTS = (
    ("one kabupaten/kota", 1),
    ("a province of 15, one instance", 15),
    ("national, 514 in one instance", 514),
    ("national, one instance per province (38)", 514),
)
PROVINCES = 38


def _median(values: list[Any]) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


def _cpu_per(run: dict[str, Any], who: str, count: tuple[str, ...], scale: float) -> Any:
    """CPU seconds of `who` in the dispatch phase per thing counted, times `scale`."""
    spent = get(run, "results", "dispatch", "cpu_s", who)
    done = get(run, "results", "dispatch", *count)
    return round(scale * spent / done, 3) if spent is not None and done else None


def _idle_pct_per_public_socket(run: dict[str, Any]) -> Any:
    summary = run.get("summary", {})
    pct, sockets = summary.get("idle_public_cpu_pct_of_core"), summary.get("public_sockets")
    return pct / sockets if pct is not None and sockets else None


def costs(runs: list[dict[str, Any]]) -> dict[str, float | None]:
    figures = {
        "staff_delivery_us": [_cpu_per(r, "server", ("delivery", "delivered"), 1e6) for r in runs],
        "public_frame_us": [get(r, "results", "public", "server_cpu_us_per_frame") for r in runs],
        "post_ms": [get(r, "summary", "ingest_cpu_ms_per_post") for r in runs],
        "worker_ms": [_cpu_per(r, "worker", ("triaged",), 1e3) for r in runs],
        "postgres_ms": [_cpu_per(r, "postgres", ("triaged",), 1e3) for r in runs],
        "staff_kb": [get(r, "results", "dispatch", "memory", "per_socket_kb") for r in runs],
        "public_kb": [get(r, "summary", "idle_socket_kb") for r in runs],
        "public_idle_pct": [_idle_pct_per_public_socket(r) for r in runs],
    }
    return {name: _median(values) for name, values in figures.items()}


def need(cost: dict[str, float | None], regencies: float, instances: int) -> dict[str, float]:
    """Cores and memory of one instance serving `regencies`, times `instances`."""
    staff = REGION.staff_sockets * regencies
    public = REGION.public_sockets * regencies
    rate = REGION.reports_per_s * regencies
    c = {k: v or 0.0 for k, v in cost.items()}
    web = (
        rate * staff * c["staff_delivery_us"] / 1e6
        + public * min(1.0, rate) * c["public_frame_us"] / 1e6
        + public * c["public_idle_pct"] / 100
        + rate * c["post_ms"] / 1e3
    )
    return {
        "reports_per_s": rate * instances,
        "staff": staff * instances,
        "public": public * instances,
        "web": web * instances,
        "worker": rate * c["worker_ms"] / 1e3 * instances,
        "postgres": rate * c["postgres_ms"] / 1e3 * instances,
        "memory_gb": (staff * c["staff_kb"] + public * c["public_kb"]) / 2**20 * instances,
    }


def per_core(cost: float | None, unit: float) -> str:
    """How many of a thing one core does a second, at `cost` (in 1/`unit` s) each."""
    return f"{round(unit / cost):,}" if cost else "-"


def render(root: Path = RUNS) -> str:
    paths = sorted(root.glob("run-*.json"))
    if not paths:
        return "No full runs under `bench/results/full/` yet."
    cost = costs([json.loads(p.read_text()) for p in paths])
    names = ", ".join(f"`{p.relative_to(ROOT)}`" for p in paths)
    lines = [
        f"Costs measured (medians of {names}): a staff socket receiving a report's event "
        f"{fmt(round(cost['staff_delivery_us'] or 0, 1), ' us')} of web CPU; a public "
        f"socket's batch frame {fmt(cost['public_frame_us'], ' us')}; a POST "
        f"{fmt(cost['post_ms'], ' ms')}; a report in the worker "
        f"{fmt(round(cost['worker_ms'] or 0, 1), ' ms')} and in PostgreSQL "
        f"{fmt(round(cost['postgres_ms'] or 0, 1), ' ms')}; an idle socket "
        f"{fmt(cost['staff_kb'], ' KB')} (staff), {fmt(cost['public_kb'], ' KB')} (public). "
        f"So one core carries about {per_core(cost['staff_delivery_us'], 1e6)} staff "
        f"deliveries a second, {per_core(cost['public_frame_us'], 1e6)} public frames, "
        f"{per_core(cost['post_ms'], 1e3)} POSTs or {per_core(cost['worker_ms'], 1e3)} "
        "triaged reports. "
        f"Assumed per kabupaten/kota at a peak: {REGION.staff_sockets} staff sockets, "
        f"{REGION.public_sockets:,} public sockets, {fmt(REGION.reports_per_s)} reports/s. "
        "Generated by `python -m bench.capacity` (via `python -m bench.tables`).",
        "",
        "| deployment | reports/s | staff sockets | public sockets | web cores "
        "| worker cores | PostgreSQL cores | socket memory |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, regencies in DEPLOYMENTS:
        per_province = name.endswith(f"({PROVINCES})")
        if per_province:
            n = need(cost, regencies / PROVINCES, PROVINCES)
        else:
            n = need(cost, regencies, 1)
        lines.append(
            f"| {name} | {fmt(round(n['reports_per_s'], 1))} | {round(n['staff']):,} "
            f"| {round(n['public']):,} "
            f"| {fmt(round(n['web'], 2))} | {fmt(round(n['worker'], 2))} "
            f"| {fmt(round(n['postgres'], 2))} | {fmt(round(n['memory_gb'], 2), ' GB')} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(render())
