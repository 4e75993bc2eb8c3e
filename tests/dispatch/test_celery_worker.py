"""Triage on a real Celery worker, through Redis, against the test database."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rest_framework.test import APIClient

from config.celery import app as celery_app
from dispatch.models import Report
from tests.conftest import worker_env

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker(tmp_path: Path) -> Iterator[subprocess.Popen]:
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "-l", "info"],
        cwd=ROOT,
        env=worker_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    celery_app.conf.task_always_eager = False
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


def wait_for(predicate: Any, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_it_triages_reports_on_a_real_worker(worker: subprocess.Popen, cast: Any) -> None:
    client = APIClient()
    ids = [
        client.post(
            "/api/reports/",
            {"text": f"Kebakaran gudang {i}", "lat": -5.42 + i, "lon": 105.26},
            format="json",
        ).json()["id"]
        for i in range(3)
    ]
    # Accepted and committed before any processing.
    assert Report.objects.filter(pk__in=ids).count() == 3
    assert wait_for(lambda: Report.objects.filter(pk__in=ids, state="processed").count() == 3)
    assert all(r.incident_id for r in Report.objects.filter(pk__in=ids))
    assert worker.poll() is None
