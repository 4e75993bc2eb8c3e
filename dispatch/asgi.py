"""POST /api/reports/ in threads of its own, and the handler for such routes.

Django's ASGI handler runs a request's synchronous middleware and view in a thread
made for that request, and hops between the event loop and threads several times
on the way: the request-started signal, the middleware chain, URL resolving, the
view, `response.close`; and Celery builds its per-thread state again in every new
thread. On the intake every caller hits, that was CPU the view does not need
(server CPU per POST: README, Performance). Here the one URL goes through
the same middleware and the same view, whole, in a small pool of long-lived
threads that only it uses; everything else goes to Django's own handler.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from tempfile import SpooledTemporaryFile
from typing import Any

from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponseBase

REPORTS_PATH = "/api/reports/"


class PooledHandler(ASGIHandler):
    """The synchronous chain of Django, run whole in one of this handler's threads."""

    threads = 2
    name = "pooled-http"

    def __init__(self) -> None:
        super().__init__()
        self.load_middleware(is_async=False)
        self.pool = ThreadPoolExecutor(self.threads, thread_name_prefix=self.name)

    async def handle(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        try:
            body = await self.read_body(receive)
        except RequestAborted:
            return
        with body:
            await self.answer(scope, body, send)

    async def answer(self, scope: dict[str, Any], body: SpooledTemporaryFile, send: Any) -> None:
        request, response = self.create_request(scope, body)
        if request is not None:
            loop = asyncio.get_running_loop()
            response = await loop.run_in_executor(self.pool, self.respond, request)
        await self.send_response(response, send)

    def respond(self, request: HttpRequest) -> HttpResponseBase:
        try:
            return self.get_response(request)
        finally:
            # What Django does when a request ends (its request_finished signal):
            # the connection goes back to the pool, or is closed if it is unusable.
            close_old_connections()


class ReportsHandler(PooledHandler):
    name = "reports-http"


def serves_reports(scope: dict[str, Any]) -> bool:
    return scope["type"] == "http" and scope["method"] == "POST" and scope["path"] == REPORTS_PATH


def with_reports(django_app: Any) -> Any:
    """The HTTP application: new reports here, the rest to `django_app`."""
    reports = ReportsHandler()

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        handler = reports if serves_reports(scope) else django_app
        await handler(scope, receive, send)

    return app
