"""Stage probes: timestamps from inside the worker and the server, for the bench only.

The database dates a report's insert (received_at), its event's insert and the
end of triage (processed_at), but not when the task started, how long geocoding
and assessment took, when the event was published or when a server process got
it. The bench starts the worker (bench.worker) and the server (bench.asgi) with
these probes wrapped around the project's own functions; nothing in the project
changes. Each process appends JSON lines to BENCH_PROBE_DIR/probe-<pid>.jsonl.
A few microseconds per report or event, never per socket.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import threading
import time
from pathlib import Path
from typing import Any, TextIO

_log: tuple[int, TextIO] | None = None


def record(kind: str, **fields: Any) -> None:
    global _log
    directory = os.environ.get("BENCH_PROBE_DIR")
    if not directory:
        return
    pid = os.getpid()
    if _log is None or _log[0] != pid:  # a forked pool child opens its own file
        # Open for the life of the process: one line per probe, flushed at once.
        _log = (pid, Path(directory, f"probe-{pid}.jsonl").open("a", buffering=1))  # noqa: SIM115
    _log[1].write(json.dumps({"k": kind, "t": time.time(), **fields}) + "\n")


def install_worker() -> None:
    """Task start, geocode and assess durations, and publish times, in the Celery worker."""
    from celery.signals import task_prerun, worker_ready

    from dispatch import selectors, services
    from realtime import events

    @worker_ready.connect(weak=False)
    def ready(**kwargs: Any) -> None:
        record("worker_ready")  # the harness waits for this line, not a ping round trip

    @task_prerun.connect(weak=False)
    def task_started(sender: Any = None, args: Any = None, **kwargs: Any) -> None:
        if getattr(sender, "name", "") == "dispatch.tasks.report_triage_task" and args:
            record("task", report=args[0])

    # Which report this worker thread is triaging: geocoding and assessment take
    # words, not the report, so their probes read it from here.
    current = threading.local()
    process = services.report_process

    @functools.wraps(process)
    def process_marked(*, report_id: int, **kwargs: Any) -> Any:
        current.report = report_id
        return process(report_id=report_id, **kwargs)

    def timed(name: str, function: Any) -> Any:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - started
                record(name, report=getattr(current, "report", None), s=elapsed)

        return wrapper

    services.report_process = process_marked
    selectors.locate = timed("geocode", selectors.locate)
    selectors.assess = timed("assess", selectors.assess)
    publish = events.publish

    @functools.wraps(publish)
    def publish_timed(message: dict[str, Any]) -> None:
        record("publish", event=message["id"])
        publish(message)

    events.publish = publish_timed


def install_server() -> None:
    """When a server process's hub starts and ends writing an event to its sockets."""
    from realtime.hub import Hub

    fan_out = Hub.fan_out

    @functools.wraps(fan_out)
    def fan_out_timed(self: Hub, message: dict[str, Any]) -> None:
        record("hub", event=message["id"])
        fan_out(self, message)
        record("hub_done", event=message["id"], sockets=len(self.dispatch) + len(self.public))

    Hub.fan_out = fan_out_timed  # type: ignore[method-assign]


def read(directory: Path) -> list[dict[str, Any]]:
    rows = []
    for path in sorted(directory.glob("probe-*.jsonl")):
        for line in path.read_text().splitlines():
            with contextlib.suppress(ValueError):  # a line being written right now
                rows.append(json.loads(line))
    return rows
