"""A Celery worker killed with SIGKILL mid-triage: every report is processed exactly once,
and within seconds of the kill, with the default REPORT_REQUEUE_AFTER_S (two minutes)."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from config.celery import app as celery_app
from dispatch import services
from dispatch.models import IncidentEvent, Report
from tests.faults.conftest import POOLS, stack_env, wait_for, worker
from tests.geo.fake_nominatim import FakeNominatim
from tests.servers import celery

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

# A P1 unclaimed for two minutes is escalated: its triage must be back well before.
BACK_WITHIN_S = 30


def processed(ids: list[int]) -> int:
    return Report.objects.filter(pk__in=ids, state="processed").count()


@pytest.mark.parametrize("pool", POOLS)
def test_it_processes_every_report_once_soon_after_a_worker_is_killed(
    pool: str, cast: Any, tmp_path: Path, record_property: Any
) -> None:
    nominatim = FakeNominatim(mode="slow", delay=60).start()
    geocoders = [
        {
            "provider": "nominatim",
            "domain": nominatim.domain,
            "scheme": "http",
            "timeout": 90,
            "min_delay_seconds": 0,
        },
        {"provider": "gazetteer"},
    ]
    # The defaults of the settings: REPORT_REQUEUE_AFTER_S, the lease, the concurrency.
    env = stack_env(GEOCODERS=json.dumps(geocoders))
    args = worker(pool, "-l", "info")
    celery_app.conf.task_always_eager = False
    try:
        with celery(env, tmp_path / "worker1.log", *args) as first:
            ids = [
                services.report_submit(
                    text=f"Kebakaran gudang {i}", address=f"Jl. Teuku Umar {i}, Kedaton"
                ).pk
                for i in range(5)
            ]
            # The worker is stuck on the (slow) online geocoder with every report it took.
            assert wait_for(lambda: nominatim.searches(), 60)
            time.sleep(1)
            os.killpg(first.pid, signal.SIGKILL)  # the worker and its pool
            killed_at = time.monotonic()
            first.wait(timeout=10)
        assert processed(ids) == 0
        nominatim.mode = "ok"  # the geocoder answers again (nothing found: gazetteer)
        with (
            celery(env, tmp_path / "worker2.log", *args),
            celery(env, tmp_path / "beat.log", "beat", "--schedule", str(tmp_path / "beat")),
        ):
            back = wait_for(lambda: processed(ids) == 5, BACK_WITHIN_S)
            seconds = time.monotonic() - killed_at
            assert back, (processed(ids), (tmp_path / "worker2.log").read_text()[-3000:])
    finally:
        nominatim.stop()
    reports = Report.objects.filter(pk__in=ids)
    assert all(r.incident_id for r in reports)
    # Exactly once: one opening or attaching event per report, never two.
    for report in reports:
        events = IncidentEvent.objects.filter(
            type__in=["incident.opened", "incident.report_attached"], data__report_id=report.pk
        )
        assert events.count() == 1, report.pk
    interrupted = [r for r in reports if r.attempts >= 2]
    assert interrupted  # tried again after the kill
    record_property("reports_interrupted", len(interrupted))
    record_property("seconds_from_kill_to_all_processed", round(seconds, 1))
