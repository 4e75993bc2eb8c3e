"""deploy/healthcheck.py, the compose health checks of web and beat, on a real server
with production settings (DEBUG off: the SSL redirect, ALLOWED_HOSTS)."""

from __future__ import annotations

import http.client
import importlib.util
import os
import subprocess
import time
from pathlib import Path
from types import ModuleType

import pytest

from config.serving import server_command
from tests.conftest import database_url_of_tests
from tests.servers import ROOT, environment, free_port, wait_until


def healthcheck() -> ModuleType:
    spec = importlib.util.spec_from_file_location("healthcheck", ROOT / "deploy/healthcheck.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.postgres
@pytest.mark.django_db
def test_it_finds_web_healthy_behind_the_ssl_redirect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check = healthcheck()
    port = free_port()
    hosts = "112.example.go.id,localhost"
    env = environment(
        DATABASE_URL=database_url_of_tests(),
        DEBUG="0",
        SECRET_KEY="healthcheck-" + "x" * 40,
        ALLOWED_HOSTS=hosts,
        NUM_PROXIES="1",
    )
    monkeypatch.setenv("ALLOWED_HOSTS", hosts)
    log = tmp_path / "web.log"
    with log.open("a") as out:
        process = subprocess.Popen(
            server_command("uvicorn", host="127.0.0.1", port=port),
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        assert wait_until(lambda: check.web_healthy(port), 60), log.read_text()[-3000:]
        # Asked plainly, the same server redirects to https: the check's headers matter.
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", "/health/", headers={"Host": "112.example.go.id"})
        assert connection.getresponse().status == 301
        connection.close()
    finally:
        process.terminate()
        process.wait(timeout=15)
    assert not check.web_healthy(port)


def test_it_finds_beat_healthy_while_it_saves_its_schedule(tmp_path: Path) -> None:
    check = healthcheck()
    check.BEAT_SCHEDULE = str(tmp_path / "celerybeat-schedule")
    assert not check.beat_healthy()  # never started
    saved = tmp_path / "celerybeat-schedule.dat"
    saved.write_bytes(b"")
    assert check.beat_healthy()
    stale = time.time() - check.BEAT_STALE_S - 60
    os.utime(saved, (stale, stale))
    assert not check.beat_healthy()
