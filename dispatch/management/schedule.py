"""Celery beat's jobs inside `make run` when there is no Redis (the embedded default).

Embedded, Celery runs tasks inline and no beat runs: without this the SLA watchdog,
the outbox sweeps and retention never ran (a P1 sat unclaimed past its deadline
with no escalation). One thread runs the entries of CELERY_BEAT_SCHEDULE at their
intervals: one job at a time, each once at start (what was missed while the stack
was down), and a job that fails is logged and runs again at its next time.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import close_old_connections, connection
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class InProcessBeat(threading.Thread):
    def __init__(
        self, schedule: dict[str, dict[str, Any]], clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(name="in-process-beat", daemon=True)
        self.entries = {
            name: (entry["task"], float(entry["schedule"])) for name, entry in schedule.items()
        }
        self.clock = clock
        self.stopping = threading.Event()

    def run(self) -> None:
        now = self.clock()
        due = dict.fromkeys(self.entries, now)
        try:
            while not self.stopping.is_set():
                name = min(due, key=due.__getitem__)
                if self.stopping.wait(max(0.0, due[name] - self.clock())):
                    return
                self.run_job(name)
                # After a slow job the next run is an interval later, not a burst.
                due[name] = max(due[name] + self.entries[name][1], self.clock())
        finally:
            connection.close()

    def run_job(self, name: str) -> None:
        task_path, _interval = self.entries[name]
        close_old_connections()
        try:
            result = import_string(task_path)()
            logger.debug("%s: %s", name, result)
        except Exception:
            logger.exception("scheduled job %s failed; it runs again at its next time", name)

    def stop(self, timeout: float = 30) -> None:
        self.stopping.set()
        self.join(timeout)
