"""Triage attempts: one at a time per report, and an interrupted one back within seconds.

A worker killed mid-triage leaves its report pending; the attempt's lease runs out
and the fast sweep hands it back, long before REPORT_REQUEUE_AFTER_S. Reports
still waiting are listed to dispatchers beside the failed ones.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from dispatch import services
from dispatch.models import Report
from dispatch.tasks import lease_kept, reports_requeue_interrupted, reports_requeue_stuck

pytestmark = pytest.mark.django_db


def new_report(text: str = "Kebakaran rumah, ada korban") -> Report:
    return Report.objects.create(text=text, channel="phone", lat=-5.4186, lon=105.2701)


def test_it_lets_one_attempt_at_a_time_hold_a_report(cast: Any) -> None:
    report = new_report()
    first = services.report_begin_attempt(report_id=report.pk, lease_s=10)
    assert first is not None and first.attempts == 1
    # A redelivered or requeued message while the first attempt runs: left alone.
    assert services.report_begin_attempt(report_id=report.pk, lease_s=10) is None
    # The first attempt's process died: once its lease ran out, another may take it.
    Report.objects.filter(pk=report.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    second = services.report_begin_attempt(report_id=report.pk, lease_s=10)
    assert second is not None and second.attempts == 2


def test_it_hands_an_interrupted_report_back_at_once_not_after_minutes(
    cast: Any, settings: Any
) -> None:
    settings.REPORT_REQUEUE_AFTER_S = 120
    report = new_report()
    # A worker took it (lease 10 s) and was killed: no heartbeat, no end.
    services.report_begin_attempt(report_id=report.pk, lease_s=10)
    assert reports_requeue_interrupted() == 0  # the attempt may still be running
    Report.objects.filter(pk=report.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert reports_requeue_stuck() == 0  # two minutes is too long for a P1
    assert reports_requeue_interrupted() == 1
    report.refresh_from_db()
    assert report.state == "processed" and report.attempts == 2
    assert reports_requeue_interrupted() == 0


def test_beat_runs_the_fast_sweep_within_a_lease() -> None:
    schedule = {e["task"]: e["schedule"] for e in django_settings.CELERY_BEAT_SCHEDULE.values()}
    interval = schedule["dispatch.tasks.reports_requeue_interrupted"]
    assert interval <= django_settings.REPORT_LEASE_S <= 15


def test_a_failed_attempt_frees_the_report_for_its_retry(cast: Any) -> None:
    report = new_report()
    services.report_begin_attempt(report_id=report.pk, lease_s=60)
    services.report_mark_failed(report_id=report.pk, error="GeocoderTimedOut()")
    again = services.report_begin_attempt(report_id=report.pk, lease_s=60)
    assert again is not None and again.attempts == 2


@pytest.mark.django_db(transaction=True)
def test_a_running_attempt_keeps_its_lease(cast: Any) -> None:
    report = new_report()
    services.report_begin_attempt(report_id=report.pk, lease_s=0.6)
    taken = Report.objects.get(pk=report.pk).lease_until
    with lease_kept(report_id=report.pk, attempt=1, lease_s=0.6):
        time.sleep(1.0)  # triage slower than the lease: a slow geocoder
        renewed = Report.objects.get(pk=report.pk).lease_until
        assert renewed > taken
        assert services.report_begin_attempt(report_id=report.pk, lease_s=0.6) is None


def test_it_lists_reports_waiting_for_triage_to_dispatchers(
    cast: Any, client_for: Any, settings: Any
) -> None:
    settings.REPORT_WAITING_AFTER_S = 10
    waiting = new_report("Kebakaran gudang, api besar")
    young = new_report("Banjir di jalan")
    failed = new_report("Pohon tumbang")
    long_ago = timezone.now() - timedelta(seconds=30)
    Report.objects.filter(pk__in=[waiting.pk, failed.pk]).update(received_at=long_ago)
    Report.objects.filter(pk=failed.pk).update(state="failed", last_error="boom", attempts=5)
    rows = client_for("dispatcher").get("/api/reports/waiting/").json()["results"]
    assert [r["id"] for r in rows] == [waiting.pk]
    assert rows[0]["state"] == "pending" and rows[0]["attempts"] == 0
    assert young.pk not in [r["id"] for r in rows]
    # The failed list keeps its contract: failed reports only.
    failed_rows = client_for("dispatcher").get("/api/reports/failed/").json()["results"]
    assert [r["id"] for r in failed_rows] == [failed.pk]
    assert failed_rows[0]["last_error"] == "boom"
    assert client_for("damkar").get("/api/reports/waiting/").status_code == 403
