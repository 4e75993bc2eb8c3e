"""`make run` (manage.py runstack) as the README starts it, in real processes.

Embedded (no Redis) beat's jobs run in process, so an overdue P1 is escalated; with
Redis a dead worker is restarted while the web server keeps serving; with DEBUG
off the static files are served and the sign-in page says when HTTP cannot work.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.servers import ROOT, PrivateRedis, children, environment, runstack, wait_until


def embedded_env(sqlite: Path, **overrides: str) -> dict[str, str]:
    """No DATABASE_URL and no REDIS_URL: `make run` on a bare machine."""
    base = {"DATABASE_URL": "", "REDIS_URL": "", "SQLITE_PATH": str(sqlite), "DEBUG": "1"}
    return environment(**{**base, "PUBLIC_REPORT_RATE": "", **overrides})


@pytest.fixture(scope="session")
def seeded_sqlite(tmp_path_factory: Any) -> Path:
    """A migrated and seeded SQLite file, copied by each test (seeding takes seconds)."""
    path = tmp_path_factory.mktemp("runstack") / "seeded.sqlite3"
    env = embedded_env(path)
    for command in (["migrate", "--noinput"], ["seed_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )
    return path


@pytest.fixture
def sqlite(seeded_sqlite: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(seeded_sqlite, tmp_path / "db.sqlite3"))


def get(port: int, path: str, **headers: str) -> tuple[int, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


def post_json(port: int, path: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback)
        return json.loads(response.read())


# The overdue P1 is made by moving its claim deadline back (the clock cannot wait five
# minutes); then this script waits for the watchdog's escalation event.
ESCALATED = """
import sys, time
from datetime import timedelta
from django.utils import timezone
from dispatch.models import Incident, IncidentEvent, Report
incident = Report.objects.get(pk={report_id}).incident
assert incident.priority == "P1", incident.priority
Incident.objects.filter(pk=incident.pk).update(
    claim_deadline=timezone.now() - timedelta(minutes=5)
)
deadline = time.monotonic() + 30
while time.monotonic() < deadline:
    events = IncidentEvent.objects.filter(incident=incident, type="incident.escalated")
    if events.filter(system_actor="sla-watchdog").exists():
        print("escalated")
        sys.exit(0)
    time.sleep(0.5)
print("not escalated")
sys.exit(1)
"""


def test_it_escalates_an_overdue_p1_on_the_embedded_stack(sqlite: Path, tmp_path: Path) -> None:
    env = embedded_env(sqlite, SLA_WATCHDOG_S="1")
    with runstack(env, tmp_path / "runstack.log") as (port, _process):
        text = "Kebakaran rumah di Kedaton, ada korban terjebak di dalam"
        # Far from the demo incidents, so it opens one of its own.
        body = {"text": text, "lat": -5.47, "lon": 105.32}
        report = post_json(port, "/api/reports/", body)
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", ESCALATED.format(report_id=report["id"])],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert "escalated" in result.stdout


@pytest.mark.redis
def test_it_restarts_a_dead_worker_and_keeps_serving(sqlite: Path, tmp_path: Path) -> None:
    redis = PrivateRedis(tmp_path)
    redis.start()
    env = embedded_env(sqlite, REDIS_URL=redis.url)
    log = tmp_path / "runstack.log"
    try:
        with runstack(env, log) as (port, process):

            def worker() -> int | None:
                found = [pid for pid, cmd in children(process.pid).items() if " worker" in cmd]
                return found[0] if found else None

            assert wait_until(lambda: worker() is not None, 30)
            killed = worker()
            os.kill(killed, signal.SIGKILL)
            assert wait_until(lambda: worker() not in (None, killed), 30), log.read_text()[-3000:]
            assert process.poll() is None
            assert get(port, "/health/")[0] == 200  # the web server never stopped
    finally:
        redis.stop()
    text = log.read_text()
    assert "celery worker exited with code -9" in text
    assert "celery worker: starting again" in text


def test_it_serves_static_files_and_says_why_sign_in_needs_https_with_debug_off(
    sqlite: Path, tmp_path: Path
) -> None:
    env = embedded_env(
        sqlite,
        DEBUG="0",
        SECRET_KEY="a-test-secret-key-for-this-run-only-0123456789-abcdefghijklmnop",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        NUM_PROXIES="1",  # X-Forwarded-Proto counts only from a proxy the settings trust
        STATIC_ROOT=str(tmp_path / "static"),
    )
    with runstack(env, tmp_path / "runstack.log") as (port, _process):
        for asset in ("/static/frontend/app.css", "/static/realtime/client.js"):
            assert get(port, asset)[0] == 200, asset
        status, page = get(port, "/accounts/login/", **{"Accept-Language": "en"})
        assert status == 200
        assert "Signing in will fail on this connection" in page
        assert "SESSION_COOKIE_SECURE=0" in page
        # Behind a TLS proxy (X-Forwarded-Proto) the page has nothing to warn about.
        secure = {"Accept-Language": "en", "X-Forwarded-Proto": "https"}
        status, page = get(port, "/accounts/login/", **secure)
        assert status == 200 and "Signing in will fail" not in page
