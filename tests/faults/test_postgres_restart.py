"""PostgreSQL restarted: the API answers 503 meanwhile, keeps no partial rows, then recovers."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from email.message import Message
from pathlib import Path
from typing import Any

import pytest

from tests.faults.conftest import SERVERS
from tests.servers import ROOT, PrivatePostgres, asgi_server, environment, wait_until


def post_report(port: int, text: str) -> tuple[int, dict, Message]:
    """Status, body and headers; headers looked up without regard to case, as HTTP
    has them (uvicorn sends `retry-after`, daphne `Retry-After`)."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/reports/",
        data=json.dumps({"text": text}).encode(),
        headers={"Content-Type": "application/json", "Accept-Language": "en"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read()), response.headers
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}"), error.headers


@pytest.fixture
def postgres() -> Iterator[PrivatePostgres]:
    server = PrivatePostgres()
    if not server.available():
        pytest.skip("needs root, runuser and PostgreSQL server binaries")
    server.init()
    server.start()
    yield server
    server.remove()


def _health(port: int) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def count_reports(env: dict[str, str]) -> int:
    code = "from dispatch.models import Report; print(Report.objects.count())"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return int(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("server", SERVERS)
def test_it_answers_503_while_postgres_restarts(
    server: str, postgres: PrivatePostgres, tmp_path: Path, record_property: Any
) -> None:
    # Embedded Celery and channel layer: this test is about the database alone.
    env = environment(DATABASE_URL=postgres.url, REDIS_URL="", DEBUG="1", PUBLIC_REPORT_RATE="")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    with asgi_server(env, tmp_path / "web.log", kind=server) as port:
        assert post_report(port, "Kebakaran sebelum restart")[0] == 201
        postgres.stop()
        began = time.monotonic()
        status, body, headers = post_report(port, "Kebakaran saat database mati")
        refused_in = time.monotonic() - began
        assert status == 503
        assert "database" in body["detail"].lower()
        assert headers.get("Retry-After")
        health = urllib.request.urlopen
        try:
            health(f"http://127.0.0.1:{port}/health/", timeout=10)
            pytest.fail("health answered 200 with the database down")
        except urllib.error.HTTPError as error:
            assert error.code == 503
        postgres.start()
        started = time.monotonic()
        # The pool reconnects with a back-off: service comes back by itself within
        # seconds, without restarting the web server (what /health/ tells a balancer).
        assert wait_until(lambda: _health(port) == 200, 30)
        healthy_in = time.monotonic() - started
        statuses = [post_report(port, f"Kebakaran setelah restart {i}")[0] for i in range(3)]
        assert statuses == [201, 201, 201]
    reports = count_reports(env)
    assert reports == 4  # the refused one left nothing behind
    record_property("seconds_to_answer_503", round(refused_in, 2))
    record_property("seconds_from_postgres_up_to_healthy", round(healthy_in, 1))
    record_property("partial_rows", reports - statuses.count(201) - 1)
