"""dispatch.asgi: the served application takes new reports in threads of its own,
through the same middleware and view, and answers them as Django's handler does."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator

from dispatch import asgi, services
from dispatch.models import Report

pytestmark = pytest.mark.django_db(transaction=True)


def scope(path: str = asgi.REPORTS_PATH, method: str = "POST", length: int = 0) -> dict:
    headers = [
        (b"host", b"testserver"),
        (b"content-type", b"application/json"),
        (b"content-length", str(length).encode()),
    ]
    return {
        "type": "http",
        "method": method,
        "path": path,
        "headers": headers,
        "scheme": "http",
        "query_string": b"",
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 40000),
        "http_version": "1.1",
        "asgi": {"version": "3.0"},
    }


def post_served(payload: bytes) -> tuple[int, Any]:
    """One report through the ASGI application uvicorn serves (config.asgi)."""
    from config.asgi import application

    async def run() -> tuple[int, Any]:
        communicator = ApplicationCommunicator(application, scope(length=len(payload)))
        await communicator.send_input({"type": "http.request", "body": payload})
        start = await communicator.receive_output(20)
        content = await communicator.receive_output(20)
        return start["status"], json.loads(content["body"] or b"null")

    return async_to_sync(run)()


def test_it_serves_only_new_reports() -> None:
    assert asgi.serves_reports(scope())
    assert not asgi.serves_reports(scope(method="GET"))
    assert not asgi.serves_reports(scope(path="/api/reports/1/"))
    assert not asgi.serves_reports({"type": "websocket", "path": asgi.REPORTS_PATH})


def test_it_stores_a_report_in_its_own_threads(monkeypatch: Any) -> None:
    threads = []
    submit = services.report_submit

    def recorded(**kwargs: Any) -> Report:
        threads.append(threading.current_thread().name)
        return submit(**kwargs)

    monkeypatch.setattr(services, "report_submit", recorded)
    status, body = post_served(json.dumps({"text": "Kebakaran di Jl. Kartini"}).encode())
    assert status == 201
    assert Report.objects.get(pk=body["id"]).tracking_code == body["tracking_code"]
    assert threads[0].startswith(asgi.ReportsHandler.name)


def test_it_refuses_bad_input_as_django_would() -> None:
    status, body = post_served(b"{not json")
    assert status == 400 and body["errors"]["body"]
    status, body = post_served(json.dumps({"text": ""}).encode())
    assert status == 400 and "text" in body["errors"]
    assert not Report.objects.exists()
