"""POST /api/units/<id>/positions/ in threads of its own (issue 19, Benchmark).

Under ASGI, Django runs every synchronous view in one thread of the process, one
request at a time. 500 units each sending a batch every 10 s are 50 requests a
second there, and the reports' POSTs waited behind them: with the dispatch load of
`make bench`, the report's 201 took p50 0.85 s instead of 36 ms (README,
Performance, units phase). This handler serves that one URL through the same
middleware and the same view, in a small pool of threads that only it uses, each
keeping its database connection; everything else goes to Django's own handler.
The view only checks the batch and hands it to this process's writer
(units/services/position_writes.py), so these threads never wait on each other.
"""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler
from django.db import connection
from django.http import HttpRequest, HttpResponseBase

PATH = re.compile(r"/api/units/\d+/positions/")
THREADS = 2


def serves(scope: dict[str, Any]) -> bool:
    """Position batches, while the writer batches them (else they write as they come)."""
    return (
        scope["type"] == "http"
        and scope["method"] == "POST"
        and PATH.fullmatch(scope["path"]) is not None
        and settings.UNIT_POSITIONS_WRITE_EVERY_S > 0
    )


class PositionsHandler(ASGIHandler):
    def __init__(self) -> None:
        super().__init__()
        # The synchronous chain, run whole in one of our threads (Django's own ASGI
        # handler would hand it to the one thread it runs views in).
        self.load_middleware(is_async=False)
        self.pool = ThreadPoolExecutor(THREADS, thread_name_prefix="unit-positions-http")

    async def handle(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        try:
            body = await self.read_body(receive)
        except RequestAborted:
            return
        with body:
            request, response = self.create_request(scope, body)
            if request is not None:
                loop = asyncio.get_running_loop()
                response = await loop.run_in_executor(self.pool, self.respond, request)
            await self.send_response(response, send)

    def respond(self, request: HttpRequest) -> HttpResponseBase:
        # No request_started or request_finished: their receivers would close this
        # thread's connection after every request (CONN_MAX_AGE is 0).
        response = self.get_response(request)
        if connection.errors_occurred:
            # A database that went away: the next request here opens a new connection.
            connection.close()
        return response


def with_positions(django_app: Any) -> Any:
    """The HTTP application: position batches here, the rest to Django."""
    positions = PositionsHandler()

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        handler = positions if serves(scope) else django_app
        await handler(scope, receive, send)

    return app
