"""The project's middleware in both of Django's modes, and the one-thread chain under ASGI."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from asgiref.sync import iscoroutinefunction
from django.core.handlers.asgi import ASGIHandler
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from dispatch.middleware import DatabaseUnavailableMiddleware
from frontend.middleware import HEADER, ContentSecurityPolicyMiddleware
from tests.conftest import PROXY_ENVIRON


def view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


async def async_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


@pytest.mark.parametrize(
    "middleware", [DatabaseUnavailableMiddleware, ContentSecurityPolicyMiddleware]
)
def test_it_takes_the_mode_of_the_handler_inside_it(middleware: Any) -> None:
    assert not iscoroutinefunction(middleware(view))
    assert iscoroutinefunction(middleware(async_view))


def test_the_policy_is_set_in_both_modes() -> None:
    request = RequestFactory().get("/")
    assert HEADER in ContentSecurityPolicyMiddleware(view)(request)
    response = asyncio.run(ContentSecurityPolicyMiddleware(async_view)(request))
    assert HEADER in response


def test_a_view_with_its_own_policy_keeps_it() -> None:
    async def custom(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("ok")
        response[HEADER] = "default-src 'none'"
        return response

    response = asyncio.run(ContentSecurityPolicyMiddleware(custom)(RequestFactory().get("/")))
    assert response[HEADER] == "default-src 'none'"


def test_the_database_answer_is_the_same_in_both_modes() -> None:
    request = RequestFactory().get("/")
    for inner in (view, async_view):
        response = DatabaseUnavailableMiddleware(inner).process_exception(
            request, OperationalError("connection refused")
        )
        assert response is not None and response.status_code == 503
        assert response["Retry-After"] == "5"


@pytest.mark.django_db(transaction=True)
def test_under_asgi_the_chain_and_the_view_run_in_one_thread(monkeypatch: Any) -> None:
    """One hop from the event loop, then every middleware and the view in one thread:
    the policy (near the top of the chain) and the database guard (below WhiteNoise
    and above Django's own) are called in the same worker thread."""
    from frontend import middleware as csp_module

    seen: dict[str, int] = {}
    guard_call = DatabaseUnavailableMiddleware.__call__
    set_policy = csp_module.with_policy

    def guard(self: Any, request: HttpRequest) -> Any:
        seen["guard"] = threading.get_ident()
        return guard_call(self, request)

    def policy(response: HttpResponse) -> HttpResponse:
        seen["policy"] = threading.get_ident()
        return set_policy(response)

    monkeypatch.setattr(DatabaseUnavailableMiddleware, "__call__", guard)
    monkeypatch.setattr(csp_module, "with_policy", policy)
    status = asyncio.run(asgi_get(ASGIHandler(), "/health/"))
    assert status in (200, 503)
    assert seen["guard"] == seen["policy"] != threading.get_ident()


def proxy_headers() -> list[tuple[bytes, bytes]]:
    """PROXY_ENVIRON as ASGI headers: HTTP_X_FORWARDED_PROTO -> x-forwarded-proto."""
    return [
        (name.removeprefix("HTTP_").replace("_", "-").lower().encode(), value.encode())
        for name, value in PROXY_ENVIRON.items()
    ]


async def asgi_get(app: Any, path: str) -> int:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"localhost"), *proxy_headers()],
        "client": ("127.0.0.1", 5000),
        "server": ("localhost", 80),
    }
    messages = [{"type": "http.request", "body": b"", "more_body": False}]
    statuses: list[int] = []

    async def receive() -> dict[str, Any]:
        if messages:
            return messages.pop()
        await asyncio.Event().wait()
        return {}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    await app(scope, receive, send)
    return statuses[0]
