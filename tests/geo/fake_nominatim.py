"""A fake Nominatim on loopback: /search and /reverse answering like the real one."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

KEDATON = {
    "place_id": 1001,
    "lat": "-5.3870",
    "lon": "105.2601",
    "display_name": "Jalan Teuku Umar, Kedaton, Bandar Lampung, Lampung, 35141, Indonesia",
    "class": "highway",
    "type": "primary",
    "place_rank": 26,
    "importance": 0.31,
    "boundingbox": ["-5.3880", "-5.3860", "105.2590", "105.2610"],
}
SINGAPORE = {
    **KEDATON,
    "lat": "1.2900",
    "lon": "103.8500",
    "display_name": "Singapore",
    "place_rank": 26,
}
CITY_ONLY = {
    **KEDATON,
    "lat": "-5.4296",
    "lon": "105.2626",
    "place_rank": 12,
    "display_name": "Bandar Lampung",
}


@dataclass
class Received:
    at: float
    path: str
    query: dict[str, list[str]]
    user_agent: str


@dataclass
class FakeNominatim:
    """mode: "ok" (answers from `answers`, [] otherwise), "slow" (sleeps `delay`
    seconds first), "error" (HTTP 500)."""

    mode: str = "ok"
    delay: float = 2.0
    answers: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def domain(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"{host}:{port}"

    def start(self) -> FakeNominatim:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urlparse(self.path)
                query = parse_qs(url.query)
                fake.received.append(
                    Received(time.monotonic(), url.path, query, self.headers.get("User-Agent", ""))
                )
                if fake.mode == "slow":
                    time.sleep(fake.delay)
                if fake.mode == "error":
                    self._send(500, {"error": "internal error"})
                    return
                if url.path == "/search":
                    self._send(200, fake.answers.get(query.get("q", [""])[0], []))
                elif url.path == "/reverse":
                    self._send(200, {**KEDATON, "address": {"country_code": "id"}})
                else:
                    self._send(404, {"error": "not found"})

            def _send(self, status: int, body: Any) -> None:
                payload = json.dumps(body).encode("utf-8")
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def searches(self) -> list[Received]:
        return [r for r in self.received if r.path == "/search"]
