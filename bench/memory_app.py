"""A bare ASGI app for bench.socket_memory: it accepts a websocket and answers the
bench clients' resume (an empty snapshot, a resumed heartbeat) and nothing else,
so what an idle socket costs on uvicorn alone can be set beside the project's.

    uvicorn bench.memory_app:application
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import tracemalloc
from pathlib import Path
from typing import Any

# Compact, as the project sends them: the clients know a frame by its first bytes.
COMPACT = (",", ":")
SNAPSHOT = json.dumps({"type": "snapshot", "last_event_id": 0, "incidents": []}, separators=COMPACT)
RESUMED = json.dumps({"type": "heartbeat", "last_event_id": 0, "resumed": True}, separators=COMPACT)


async def application(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "http":
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})
        return
    if scope["type"] != "websocket":
        return
    answered = False
    while True:
        message = await receive()
        if message["type"] == "websocket.connect":
            await send({"type": "websocket.accept"})
        elif message["type"] == "websocket.disconnect":
            return
        elif not answered:  # the client's resume
            answered = True
            await send({"type": "websocket.send", "text": SNAPSHOT})
            await send({"type": "websocket.send", "text": RESUMED})


def install_tracemalloc_dump() -> None:
    """Memory per socket, by line of code: SIGUSR1 writes a tracemalloc snapshot to
    BENCH_PROBE_DIR (tracemalloc-<pid>-<n>.snap). Slows everything down: for memory
    runs only (BENCH_TRACEMALLOC=1)."""
    tracemalloc.start(4)
    numbers = itertools.count()

    def dump(signum: int, frame: object) -> None:
        directory = Path(os.environ.get("BENCH_PROBE_DIR", "."))
        path = directory / f"tracemalloc-{os.getpid()}-{next(numbers)}.snap"
        tracemalloc.take_snapshot().dump(str(path))

    signal.signal(signal.SIGUSR1, dump)


if os.environ.get("BENCH_TRACEMALLOC", "") not in ("", "0"):
    install_tracemalloc_dump()  # bench.asgi does the same for the project's app
