"""Websocket tests: the real ASGI application, session cookies, the configured layer.

With REDIS_URL (CI) the channel layer is channels_redis; locally it is in memory.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from config.asgi import application
from dispatch.projections import apply_event
from realtime import hub as hub_module

ORIGIN = (b"origin", b"http://localhost")


@pytest.fixture(autouse=True)
def fast_heartbeat(monkeypatch: Any) -> None:
    monkeypatch.setattr(hub_module, "HEARTBEAT_S", 0.3)


@pytest.fixture(autouse=True)
async def stop_hub_after() -> AsyncIterator[None]:
    yield
    await hub_module.stop_hub()


def communicator(
    path: str,
    cookie: bytes | None = None,
    origin: bytes = ORIGIN[1],
    host: bytes = b"localhost",
    extra: list[tuple[bytes, bytes]] | None = None,
) -> Any:
    headers = [(b"origin", origin), (b"host", host), *(extra or [])]
    if cookie:
        headers.append((b"cookie", cookie))
    return WebsocketCommunicator(application, path, headers=headers)


class ProtocolClient:
    """A test client that follows the resume protocol as static/realtime/client.js does."""

    def __init__(self, comm: Any, agency_id: int | None = None) -> None:
        self.comm = comm
        self.agency_id = agency_id
        self.state: dict[int, dict[str, Any]] = {}
        self.position: int | None = None
        self.event_ids: list[int] = []
        self.frames: list[dict[str, Any]] = []
        self.resumes = 0
        # Highest id a live heartbeat vouched for: the hub relayed everything up to it.
        self.confirmed = 0

    async def connect(self) -> None:
        connected, code = await self.comm.connect()
        assert connected, code
        await self.resume()

    async def resume(self) -> None:
        self.resumes += 1
        await self.comm.send_json_to({"type": "resume", "after": self.position})
        while True:
            message = await self.comm.receive_json_from(timeout=10)
            self.handle(message)
            if message["type"] == "heartbeat" and message.get("resumed"):
                return

    def handle(self, message: dict[str, Any]) -> bool:
        """Apply a frame; True when the client sees that it is behind."""
        self.frames.append(message)
        kind = message["type"]
        if kind == "snapshot":
            self.state = {i["id"]: i for i in message["incidents"]}
            self.position = message["last_event_id"]
        elif kind == "snapshot_more":
            self.state.update({i["id"]: i for i in message["incidents"]})
        elif kind == "event":
            self.apply(message)
        elif kind == "batch":
            for event in message["events"]:
                self.apply(event)
            self.position = max(self.position or 0, message["last_event_id"])
        elif kind == "heartbeat":
            if message.get("resumed"):
                self.position = max(self.position or 0, message["last_event_id"])
                return False
            self.confirmed = max(self.confirmed, message["last_event_id"])
            if message["last_event_id"] > (self.position or 0):
                return True
        return False

    def apply(self, message: dict[str, Any]) -> None:
        self.event_ids.append(message["id"])
        apply_event(self.state, message, self.agency_id)
        self.position = max(self.position or 0, message["id"])

    async def follow(self, until: Any, timeout: float = 10) -> None:
        """Receive frames, resuming when behind, until `until(self)` holds."""
        deadline = asyncio.get_running_loop().time() + timeout
        while not until(self):
            remaining = deadline - asyncio.get_running_loop().time()
            assert remaining > 0, f"timed out; position {self.position}"
            try:
                message = await self.comm.receive_json_from(timeout=min(remaining, 2))
            except TimeoutError:
                continue
            if self.handle(message):
                await self.resume()


async def latest_event_id() -> int:
    from dispatch.selectors import latest_event_id as latest

    return await database_sync_to_async(latest)()
