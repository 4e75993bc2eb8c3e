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
    # Memory per socket, by line of code (bench.socket_memory).
    from bench.memory_app import install_tracemalloc_dump

    install_tracemalloc_dump()
