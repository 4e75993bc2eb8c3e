"""A Celery worker killed with SIGKILL mid-triage: every report is processed exactly once."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path
from typing import Any

import pytest

from config.celery import app as celery_app
from dispatch import services
from dispatch.models import IncidentEvent, Report
from tests.faults.conftest import stack_env, wait_for
from tests.geo.fake_nominatim import FakeNominatim
from tests.servers import celery

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def processed(ids: list[int]) -> int:
    return Report.objects.filter(pk__in=ids, state="processed").count()


def test_it_processes_every_report_once_after_a_worker_is_killed(
    cast: Any, tmp_path: Path, record_property: Any
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
    env = stack_env(GEOCODERS=json.dumps(geocoders))
    worker_args = ("worker", "--pool", "solo", "-l", "info")
    celery_app.conf.task_always_eager = False
    try:
        with celery(env, tmp_path / "worker1.log", *worker_args) as first:
            ids = [
                services.report_submit(
                    text=f"Kebakaran gudang {i}", address=f"Jl. Teuku Umar {i}, Kedaton"
                ).pk
                for i in range(5)
            ]
            # The worker is stuck on the (slow) online geocoder for the first report.
            assert wait_for(lambda: nominatim.searches(), 60)
            os.kill(first.pid, signal.SIGKILL)
            first.wait(timeout=10)
        assert processed(ids) == 0
        nominatim.mode = "ok"  # the geocoder answers again (nothing found: gazetteer)
        with celery(env, tmp_path / "worker2.log", *worker_args):
            assert wait_for(lambda: processed(ids) == 5, 90), (tmp_path / "worker2.log").read_text()
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
    assert Report.objects.get(pk=ids[0]).attempts >= 2  # it was tried again after the kill
    record_property("workers_killed", 1)
    record_property("reports_processed_exactly_once", len(ids))
