"""Small statistics helpers (no numpy on the machine)."""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0..100), nearest rank; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def summary_ms(seconds: Sequence[float]) -> dict[str, float | int | None]:
    """p50, p99 and max of durations given in seconds, in milliseconds."""
    if not seconds:
        return {"n": 0, "p50_ms": None, "p99_ms": None, "max_ms": None}
    ordered = sorted(seconds)

    def at(q: float) -> float:
        rank = max(1, math.ceil(q / 100 * len(ordered)))
        return round(ordered[min(rank, len(ordered)) - 1] * 1000, 2)

    return {
        "n": len(ordered),
        "p50_ms": at(50),
        "p99_ms": at(99),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


def ratio(ours: float | None, baseline: float | None) -> float | None:
    if ours is None or baseline is None or baseline == 0:
        return None
    return round(ours / baseline, 2)


def over_runs(runs: Sequence[Mapping[str, float]]) -> dict[str, dict[str, float]]:
    """The median, min and max of each figure of repeated runs."""
    return {
        name: {
            "median": statistics.median(run[name] for run in runs),
            "min": min(run[name] for run in runs),
            "max": max(run[name] for run in runs),
        }
        for name in runs[0]
    }


def keep(out: Path, result: dict[str, Any], summary: Any) -> None:
    """Write a script's result file (bench/results/...) and print its summary."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(summary, indent=1))
