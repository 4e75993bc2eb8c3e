"""A threat to life is triaged before a backlog of complaints: the real worker of the
settings (threads, 4), through Redis, on the test database."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from config.celery import app as celery_app
from dispatch.models import Report
from dispatch.services import report_submit
from dispatch.services.reports import reads_urgent
from tests import servers
from tests.conftest import worker_env

FIRE = "Tolong, rumah terbakar di Jl. Pagar Alam, ada anak terjebak di dalam!"
COMPLAINT = "Lampu jalan di gang {n} Kedaton mati sudah seminggu, mohon diperbaiki."


def test_it_reads_a_threat_to_life_as_urgent_and_a_complaint_not() -> None:
    assert reads_urgent(text=FIRE, channel="phone", answers=None)
    assert not reads_urgent(text=COMPLAINT.format(n=1), channel="phone", answers=None)


def test_it_queues_as_usual_when_the_rules_fail_on_the_words(monkeypatch: Any) -> None:
    def fails(*args: Any, **kwargs: Any) -> None:
        raise ValueError("a rule the words broke")

    monkeypatch.setattr("dispatch.services.reports.assess", fails)
    assert not reads_urgent(text=FIRE, channel="phone", answers=None)


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_it_triages_a_fire_before_thirty_complaints_queued_first(tmp_path: Path, cast: Any) -> None:
    celery_app.conf.task_always_eager = False
    celery_app.control.purge()  # what other tests left in the broker
    complaints = [report_submit(text=COMPLAINT.format(n=n), channel="phone") for n in range(30)]
    fire = report_submit(text=FIRE, channel="phone")
    # All 31 wait in the broker; the worker starts on the backlog.
    with servers.celery(worker_env(), tmp_path / "worker.log", "worker", "-l", "info"):
        deadline = time.monotonic() + 90
        while Report.objects.filter(state="processed").count() < 31:
            assert time.monotonic() < deadline, (tmp_path / "worker.log").read_text()[-3000:]
            time.sleep(0.2)
    fire.refresh_from_db()
    before = Report.objects.filter(
        pk__in=[c.pk for c in complaints], processed_at__lt=fire.processed_at
    ).count()
    # The worker takes up to one message per thread at once, the fire's first; in
    # arrival order it would come after all thirty.
    assert before <= 3, f"{before} complaints were triaged before the fire"
