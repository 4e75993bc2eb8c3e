"""PostgreSQL restarted: the API answers 503 meanwhile, keeps no partial rows, then recovers."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.servers import ROOT, PrivatePostgres, daphne, environment, wait_until


def post_report(port: int, text: str) -> tuple[int, dict, dict]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/reports/",
        data=json.dumps({"text": text}).encode(),
        headers={"Content-Type": "application/json", "Accept-Language": "en"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read()), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}"), dict(error.headers)


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


def test_it_answers_503_while_postgres_restarts(
    postgres: PrivatePostgres, tmp_path: Path, record_property: Any
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
    with daphne(env, tmp_path / "web.log") as port:
        assert post_report(port, "Kebakaran sebelum restart")[0] == 201
        postgres.stop()
        status, body, headers = post_report(port, "Kebakaran saat database mati")
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
        # The pool reconnects with a back-off: service comes back by itself within
        # seconds, without restarting the web server (what /health/ tells a balancer).
        assert wait_until(lambda: _health(port) == 200, 30)
        statuses = [post_report(port, f"Kebakaran setelah restart {i}")[0] for i in range(3)]
        assert statuses == [201, 201, 201]
    assert count_reports(env) == 4  # the refused one left nothing behind
    record_property("postgres_restarts", 1)
    record_property("partial_rows", 0)
