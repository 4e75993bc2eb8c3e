"""Real server processes on the Redis layer: a shared stream, and idle sockets that stay."""

from __future__ import annotations

import asyncio
import json
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import websockets
from channels.db import database_sync_to_async

from dispatch import services
from tests.conftest import database_url_of_tests, open_incident
from tests.servers import daphne, environment, uvicorn

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def server_env() -> dict[str, str]:
    return environment(DATABASE_URL=database_url_of_tests(), DEBUG="1")


def api_token(user: Any) -> str:
    return services.token_issue(user=user)[0]


def claim_over_http(port: int, incident_id: int, token: str) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/incidents/{incident_id}/claim/",
        data=b"{}",
        method="POST",
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.status


async def open_socket(port: int, cookie: bytes) -> Any:
    socket = await websockets.connect(
        f"ws://127.0.0.1:{port}/ws/dispatch/",
        origin=f"http://127.0.0.1:{port}",
        additional_headers={"Cookie": cookie.decode()},
    )
    await socket.send(json.dumps({"type": "resume", "after": None}))
    while True:
        message = json.loads(await asyncio.wait_for(socket.recv(), 10))
        if message["type"] == "heartbeat" and message.get("resumed"):
            return socket


async def next_event(socket: Any, timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        message = json.loads(await asyncio.wait_for(socket.recv(), deadline - time.monotonic()))
        if message["type"] == "event":
            return message


async def test_it_shares_one_stream_between_two_server_processes(
    cast: Any, cookies: Any, tmp_path: Path
) -> None:
    incident = await database_sync_to_async(open_incident)()
    token = await database_sync_to_async(api_token)(cast["damkar"])
    env = server_env()
    # One of each supported server: uvicorn (the default) and daphne.
    with daphne(env, tmp_path / "a.log") as port_a, uvicorn(env, tmp_path / "b.log") as port_b:
        socket = await open_socket(port_b, cookies["dispatcher"])
        started = time.monotonic()
        status = await asyncio.to_thread(claim_over_http, port_a, incident.pk, token)
        assert status == 200
        message = await next_event(socket, timeout=5)
        # Live through Redis, well before any heartbeat repair could have done it.
        assert time.monotonic() - started < 2
        assert message["event"] == "incident.claimed"
        assert message["incident"]["id"] == incident.pk
        await socket.close()


async def test_it_keeps_an_idle_socket_open_on_the_redis_layer(
    cast: Any, cookies: Any, tmp_path: Path
) -> None:
    incident = await database_sync_to_async(open_incident)()
    token = await database_sync_to_async(api_token)(cast["damkar"])
    with uvicorn(server_env(), tmp_path / "idle.log") as port:
        socket = await open_socket(port, cookies["dispatcher"])
        heartbeats = 0
        deadline = time.monotonic() + 62
        while time.monotonic() < deadline:
            try:
                message = json.loads(await asyncio.wait_for(socket.recv(), 20))
            except TimeoutError:
                continue
            heartbeats += message["type"] == "heartbeat"
        assert heartbeats >= 5  # one at least every 15 s
        await asyncio.to_thread(claim_over_http, port, incident.pk, token)
        message = await next_event(socket, timeout=5)
        assert message["event"] == "incident.claimed"
        await socket.close()
    # The layer's blocking reads must not have timed out (channels_redis #422).
    assert "receive failed" not in (tmp_path / "idle.log").read_text()
