"""runstack's helpers: the supervisor of its processes and beat's jobs in process."""

from __future__ import annotations

import sys
import threading
import time
from typing import Any

import pytest

from dispatch.management.schedule import InProcessBeat
from dispatch.management.supervise import Child, Supervisor

SLEEP = [sys.executable, "-c", "import time; time.sleep(60)"]
CRASH = [sys.executable, "-c", "raise SystemExit(3)"]


def test_it_restarts_a_crashing_worker_with_back_off_and_keeps_the_web_server() -> None:
    lines: list[str] = []
    web, worker = Child("web server", SLEEP, restart=False), Child("worker", CRASH, restart=True)
    supervisor = Supervisor([web, worker], log=lines.append, first_delay=0.1, max_delay=0.4)
    supervisor.start()
    try:
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and worker.restarts < 4:
            assert supervisor.check() is None
            time.sleep(0.02)
        assert worker.restarts >= 4
        assert web.process.poll() is None  # the web server was never touched
        delays = [line.rsplit("restarting in ", 1)[1] for line in lines if "restarting" in line]
        assert delays[:4] == ["0.1 s", "0.2 s", "0.4 s", "0.4 s"]  # doubling, capped
        web.process.kill()
        web.process.wait()
        assert supervisor.check() == -9  # the web server's exit stops the stack
    finally:
        supervisor.stop()
    assert all(c.process.poll() is not None for c in (web, worker))


running = threading.Semaphore(1)
ran: list[str] = []


def job_ok() -> int:
    # Never two jobs at once: a second would find the semaphore taken.
    assert running.acquire(blocking=False), "two jobs at once"
    try:
        ran.append("ok")
        time.sleep(0.02)
        return 1
    finally:
        running.release()


def job_broken() -> int:
    ran.append("broken")
    raise RuntimeError("the database is away")


def test_it_runs_each_job_at_start_then_at_its_interval_one_at_a_time(caplog: Any) -> None:
    ran.clear()
    module = __name__
    beat = InProcessBeat(
        {
            "a": {"task": f"{module}.job_ok", "schedule": 0.1},
            "b": {"task": f"{module}.job_ok", "schedule": 0.1},
            "c": {"task": f"{module}.job_broken", "schedule": 0.1},
        }
    )
    beat.start()
    # Until each job has run three times, or 10 s on a machine busy with other
    # tests (a fixed 0.55 s saw two runs under the full suite's load).
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not (ran.count("ok") >= 6 and ran.count("broken") >= 3):
        time.sleep(0.05)
    beat.stop()
    assert not beat.is_alive()
    # Each job ran at start and then again, a failing one included; the others went on.
    assert ran.count("ok") >= 6 and ran.count("broken") >= 3
    assert "scheduled job c failed" in caplog.text
    assert "two jobs at once" not in caplog.text


# Committing: each job closes the connection it may have kept, as on its own thread.
@pytest.mark.django_db(transaction=True)
def test_the_in_process_beat_runs_the_settings_schedule(settings: Any, caplog: Any) -> None:
    beat = InProcessBeat(settings.CELERY_BEAT_SCHEDULE)
    for name in beat.entries:
        beat.run_job(name)  # every task path of the schedule imports and runs here
    assert "failed" not in caplog.text
