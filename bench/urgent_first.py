"""How long a threat to life waits for triage behind a burst of complaints
(issue 18: a P1 never waits behind a backlog).

    python -m bench.urgent_first [--complaints 600] [--every 30] [--repeats 3] [--out FILE]

The worker runs as `make worker` runs it, on a fresh bench database, warmed on 50
reports. One process then stores `--complaints` complaints as fast as it can (well
over ten times what the worker drains), with a threat to life after every
`--every` of them; the worker drains the backlog as it grows. For each report,
the seconds from stored to triaged, apart for those triage made P1.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import stack
from bench.run import free_port
from bench.stats import keep, percentile
from bench.triage_cost import RESULTS, drained, store


def spread(values: list[float]) -> dict[str, Any]:
    if not values:
        return {"n": 0, "p50_s": None, "p99_s": None, "max_s": None}
    ordered = sorted(values)
    return {
        "n": len(ordered),
        "p50_s": round(percentile(ordered, 50) or 0.0, 3),
        "p99_s": round(percentile(ordered, 99) or 0.0, 3),
        "max_s": round(ordered[-1], 3),
    }


def one_run(env: dict[str, str], workdir: Path, complaints: int, every: int) -> dict[str, Any]:
    stack.prepare_database(env)
    server = stack.Stack(env=env, workdir=workdir, port=free_port())
    server.start_worker()
    try:
        store(env, 50, 0).wait(120)
        drained(120)
        after = stack.dbtools(env, "positions")["report"]
        started = time.monotonic()
        made = stack.dbtools(env, "burst", "--complaints", str(complaints), "--every", str(every))
        stored_s = time.monotonic() - started
        drained(900)
        waits = stack.dbtools(env, "waits", "--after-report", str(after))
    finally:
        server.stop()
    return {
        **made,
        "stored_per_s": round((made["complaints"] + made["emergencies"]) / stored_s, 1),
        "p1": spread(waits["p1"]),
        "other": spread(waits["other"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--complaints", type=int, default=600)
    parser.add_argument("--every", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=RESULTS / "urgent-first.json")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-urgent-first-"))
    env = stack.stack_env(workdir, LOG_LEVEL="WARNING")
    runs = [one_run(env, workdir, args.complaints, args.every) for _ in range(args.repeats)]
    summary = {
        f"{group}_{figure}": statistics.median(run[group][figure] for run in runs)
        for group in ("p1", "other")
        for figure in ("p50_s", "p99_s", "max_s")
    }
    result = {
        "what": "seconds from stored to triaged during a complaint burst, P1 apart",
        "complaints": args.complaints,
        "every": args.every,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "runs": runs,
        "summary_median_of_runs": summary,
    }
    keep(args.out, result, summary)


if __name__ == "__main__":
    main()
