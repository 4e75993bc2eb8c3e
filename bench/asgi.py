"""The project's ASGI application with the bench's stage probes (bench.probes).

daphne bench.asgi:application     uvicorn bench.asgi:application
"""

from __future__ import annotations

import os

from bench import probes
from config.asgi import application

probes.install_server()

__all__ = ["application"]

if os.environ.get("BENCH_TRACEMALLOC", "") not in ("", "0"):
    # Memory per socket, by line of code: SIGUSR1 writes a tracemalloc snapshot to
    # BENCH_PROBE_DIR; compare two (before and after connecting) with
    # Snapshot.compare_to. Slows everything down: for memory runs only.
    import itertools
    import signal
    import tracemalloc
    from pathlib import Path

    tracemalloc.start(4)
    _snapshots = itertools.count()

    def _dump(signum: int, frame: object) -> None:
        directory = Path(os.environ.get("BENCH_PROBE_DIR", "."))
        path = directory / f"tracemalloc-{os.getpid()}-{next(_snapshots)}.snap"
        tracemalloc.take_snapshot().dump(str(path))

    signal.signal(signal.SIGUSR1, _dump)
