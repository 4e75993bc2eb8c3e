"""CPU of duplicate matching per report, in one process (issue 18's triage target).

    python -m bench.matching_cost [--reports 600] [--repeats 3] [--out FILE]

On a fresh bench database, `--reports` of the bench's reports are triaged in this
process (Celery eager, as `make run` without Redis), which leaves a busy night's
open incidents in the city. Then dispatch.matching.matching_incidents is timed for
the last 200 of them, five passes, the fastest kept: the candidates' SQL, their
latest reports and priority.same_event on each. Each repeat is its own process.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import stack
from bench.stats import keep, over_runs

RESULTS = Path(__file__).resolve().parent / "results" / "triage"
NAME = "matching_cpu_ms_per_report"
TIMED = 200


def measure(reports: int) -> dict[str, float]:
    """In a child whose environment names the bench database and no Redis."""
    import django

    django.setup()
    from bench.loadgen import report_bodies
    from dispatch import selectors, services
    from dispatch.matching import matching_incidents
    from dispatch.models import Incident, Report

    body = report_bodies()
    for seq in range(reports):
        services.report_submit(**json.loads(body(seq)))
    sightings = []
    for report in Report.objects.order_by("-pk")[:TIMED]:
        judgement = selectors.report_judge(
            text=report.text,
            channel=report.channel,
            address=report.address,
            lat=report.lat,
            lon=report.lon,
            answers=report.answers,
        )
        sightings.append(selectors.sighting_of_judgement(judgement, text=report.text))
    best = float("inf")
    for _ in range(5):
        started = time.process_time()
        for sighting in sightings:
            matching_incidents(report=sighting)
        best = min(best, time.process_time() - started)
    return {
        "matching_cpu_ms_per_report": round(1000 * best / len(sightings), 2),
        "open_incidents": Incident.objects.exclude(status__in=["resolved", "closed"]).count(),
    }


def one_run(env: dict[str, str], reports: int) -> dict[str, float]:
    stack.prepare_database(env)
    done = subprocess.run(
        [sys.executable, "-m", "bench.matching_cost", "--child", str(reports)],
        cwd=stack.ROOT,
        env={**env, "REDIS_URL": "", "DJANGO_SETTINGS_MODULE": "config.settings"},
        check=True,
        capture_output=True,
        text=True,
        timeout=900,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=600)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=RESULTS / "matching-cost.json")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return
    workdir = Path(tempfile.mkdtemp(prefix="bench-matching-cost-"))
    env = stack.stack_env(workdir, LOG_LEVEL="ERROR")
    runs = [one_run(env, args.reports) for _ in range(args.repeats)]
    result = {
        "what": "CPU ms of dispatch.matching.matching_incidents per report, one process",
        "reports": args.reports,
        "timed": TIMED,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "runs": runs,
        "summary": over_runs([{NAME: run[NAME]} for run in runs]),
    }
    keep(args.out, result, result["summary"])


if __name__ == "__main__":
    main()
