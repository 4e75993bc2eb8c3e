"""A burst of 1,000 reports in 10 s: none lost, all triaged, the queue drains."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from dispatch.models import Report
from tests.faults.conftest import STACKS, Stack, post_report, stack_env, wait_for, worker
from tests.servers import asgi_server, celery

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

REPORTS = 1000
SECONDS = 10.0


@pytest.mark.parametrize("stack", STACKS)
def test_it_takes_a_burst_of_1000_reports_and_drains(
    stack: Stack, cast: Any, tmp_path: Path, record_property: Any
) -> None:
    env = stack_env()
    with (
        asgi_server(env, tmp_path / "web.log", kind=stack.server) as port,
        celery(env, tmp_path / "worker.log", *worker(stack.pool, "-l", "warning")),
    ):

        def send(i: int) -> int:
            # Open loop: each report leaves at its own time, however slow the answers.
            time.sleep(max(0.0, started + i * SECONDS / REPORTS - time.monotonic()))
            body = {"text": f"Banjir di RT {i % 40}", "lat": -5.35 - (i % 50) / 100, "lon": 105.2}
            return post_report(port, body, timeout=60)

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=32) as pool:
            statuses = list(pool.map(send, range(REPORTS)))
        sent_in = time.monotonic() - started
        assert statuses.count(201) == REPORTS, {s: statuses.count(s) for s in set(statuses)}
        assert sent_in < SECONDS * 3
        assert Report.objects.count() == REPORTS  # none lost
        drained = wait_for(lambda: not Report.objects.exclude(state="processed").exists(), 240)
        assert drained, Report.objects.exclude(state="processed").count()
        drained_in = time.monotonic() - started
    assert not Report.objects.filter(incident__isnull=True).exists()
    record_property("reports_accepted", statuses.count(201))
    record_property("reports_lost", REPORTS - Report.objects.filter(state="processed").count())
    record_property("seconds_to_send", round(sent_in, 1))
    record_property("seconds_to_triage_all", round(drained_in, 1))
