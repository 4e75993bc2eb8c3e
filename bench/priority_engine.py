"""Throughput of the urgency engine alone, on one core, without Django.

    python -m bench.priority_engine [--seconds 2]

Three runs over the texts of priority/eval/reports.jsonl:
- warm:   the same texts again and again (token cache warm), the steady state
          of a call centre where words repeat;
- unique: every text made unique with a report number and a house number, so
          no whole-text cache could help (per-token cache still warm for words);
- cold:   the per-token cache (and so the stemmer) cleared before every pass
          over the set, the worst case right after start-up.
Prints assessments per second and peak memory; returns the figures as a dict.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import sys
import time
from collections.abc import Callable, Sequence

from priority.engine import assess
from priority.evaluate import REPORTS_PATH
from priority.rules import default_rules

TARGET_PER_SECOND = 20_000


def load_texts() -> list[tuple[str, str | None]]:
    rows = []
    with REPORTS_PATH.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                rows.append((row["text"], row.get("channel")))
    return rows


def _unique(texts: Sequence[tuple[str, str | None]], count: int) -> list[tuple[str, str | None]]:
    out = []
    for i in range(count):
        text, channel = texts[i % len(texts)]
        out.append((f"{text} (laporan #{100000 + i}, rumah no {i % 997})", channel))
    return out


def _measure(
    batch: Sequence[tuple[str, str | None]], seconds: float, before_pass: Callable[[], None]
) -> float:
    """Assessments per second over whole passes of `batch` for about `seconds`."""
    done = 0
    spent = 0.0
    while spent < seconds:
        before_pass()
        gc.disable()  # a collection in the middle of a pass is noise, not engine cost
        start = time.perf_counter()
        for text, channel in batch:
            assess(text, channel)
        spent += time.perf_counter() - start
        gc.enable()
        done += len(batch)
    return done / spent


def _peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # ru_maxrss is KiB on Linux and bytes on macOS.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run(seconds: float = 2.0) -> dict[str, float]:
    rules = default_rules()
    texts = load_texts()
    for text, channel in texts:  # load the stemmer dictionary and fill the caches once
        assess(text, channel)

    def nothing() -> None:
        return None

    unique_batch = _unique(texts, 20_000)
    results = {
        "texts": float(len(texts)),
        "warm_per_s": _measure(texts, seconds, nothing),
        "unique_per_s": _measure(unique_batch, seconds, nothing),
        "cold_per_s": _measure(texts, seconds, rules.normalizer.clear_cache),
        "peak_rss_mib": _peak_rss_mib(),
    }
    rules.normalizer.clear_cache()
    for text, channel in texts:
        assess(text, channel)
    return results


def main(argv: Sequence[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description="Urgency engine throughput (one core).")
    parser.add_argument("--seconds", type=float, default=2.0, help="time per run")
    args = parser.parse_args(argv)
    results = run(args.seconds)
    print(f"priority engine, {int(results['texts'])} eval texts, one core")
    for name in ("warm_per_s", "unique_per_s", "cold_per_s"):
        value = results[name]
        mark = "ok" if value >= TARGET_PER_SECOND else f"below {TARGET_PER_SECOND}/s"
        print(f"  {name:<14}{value:>12,.0f} assessments/s  {mark}")
    print(f"  peak RSS      {results['peak_rss_mib']:>12.1f} MiB")
    return results


if __name__ == "__main__":
    main()
