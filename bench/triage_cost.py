"""CPU per triaged report in the project's Celery worker (issue 18's triage target).

    python -m bench.triage_cost [--reports 600] [--repeats 3] [--out FILE]

The worker runs as `make worker` runs it (the settings' pool and concurrency:
threads, 4), on a fresh bench database (the demo city's seed). It is warmed on
50 reports; then `--reports` reports are stored by one process as fast as it can,
each handed to triage on commit as the API does, and the worker drains them as
they come. From the first report stored to the last one triaged, the worker's
and PostgreSQL's CPU are read, and the rate is reports over that wall time.

Every report with a fix is placed in the city, so open incidents pile up as on a
busy night: later reports are judged against more candidates.
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import procs, profile, stack
from bench.run import free_port
from bench.stats import keep, over_runs

RESULTS = Path(__file__).resolve().parent / "results" / "triage"
WARM_REPORTS = 50


def drained(timeout: float) -> None:
    """Until no report waits for triage; one connection, polled every 0.1 s."""
    import psycopg

    deadline = time.monotonic() + timeout
    query = "SELECT count(*) FROM dispatch_report WHERE state <> 'processed'"
    with psycopg.connect(f"{stack.PG_HOST_URL}/{stack.DB_NAME}", autocommit=True) as connection:
        while (connection.execute(query).fetchone() or (0,))[0]:
            if time.monotonic() > deadline:
                raise RuntimeError("the worker did not drain the reports in time")
            time.sleep(0.1)


def postgres_cpu() -> dict[int, float]:
    """CPU so far of each PostgreSQL process (the reports' inserts included)."""
    return {pid: procs.cpu_seconds(pid) for pid in procs.postgres_pids()}


def store(env: dict[str, str], count: int, first_seq: int) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bench.dbtools",
            "reports",
            "--count",
            str(count),
            "--first-seq",
            str(first_seq),
        ],
        cwd=stack.ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def one_run(
    env: dict[str, str], workdir: Path, reports: int, profiled: Path | None = None
) -> dict[str, Any]:
    stack.prepare_database(env)
    server = stack.Stack(env=env, workdir=workdir, port=free_port())
    server.start_worker()
    try:
        assert server.worker is not None
        store(env, WARM_REPORTS, 0).wait(120)
        drained(120)
        worker_before = procs.tree_cpu_seconds(server.worker.pid)
        postgres_before = postgres_cpu()
        started = time.monotonic()
        sampler = profile.start(server.worker.pid, 600, profiled) if profiled else None
        writer = store(env, reports, 1_000)
        time.sleep(3)  # the storing process's start-up; pending is 0 until it stores
        writer.wait(600)
        drained(600)
        wall = time.monotonic() - started
        worker = procs.tree_cpu_seconds(server.worker.pid) - worker_before
        after = postgres_cpu()
        # A backend that came up meanwhile spent all its CPU within the window.
        database = sum(cpu - postgres_before.get(pid, 0.0) for pid, cpu in after.items())
        if sampler is not None and profiled is not None:
            sampler.send_signal(signal.SIGINT)  # py-spy writes what it has
            sampler.wait(60)
            summary = profile.summarize(profiled, server.worker.pid, top=60)
            out = RESULTS / "triage-profile.json"
            out.write_text(json.dumps({"reports": reports, **summary}, indent=1) + "\n")
    finally:
        server.stop()
    return {
        "worker_cpu_ms_per_report": round(1000 * worker / reports, 2),
        "postgres_cpu_ms_per_report": round(1000 * database / reports, 2),
        "reports_per_s": round(reports / wall, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=600)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=RESULTS / "triage-cost.json")
    parser.add_argument(
        "--profile",
        type=Path,
        help="py-spy's raw samples of the worker to this file, one run; its summary "
        "(in %% of samples) goes to results/triage/triage-profile.json, no cost figures",
    )
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-triage-cost-"))
    env = stack.stack_env(workdir, LOG_LEVEL="WARNING")
    if args.profile:
        # Sampling costs the worker CPU: a profiled run's figures are not kept.
        one_run(env, workdir, args.reports, args.profile)
        return
    runs = [one_run(env, workdir, args.reports) for _ in range(args.repeats)]
    summary = over_runs(runs)
    result = {
        "what": "Celery worker (settings' pool) CPU per triaged report, reports stored as fast "
        "as one process can, drained as they come",
        "reports": args.reports,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "runs": runs,
        "summary": summary,
    }
    keep(args.out, result, summary)


if __name__ == "__main__":
    main()
