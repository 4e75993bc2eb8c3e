"""A client that stops reading costs only its own socket.

The probe behind these tests: one anonymous socket on /ws/public/ asks to resume
over and over and never reads. Its answers fill the TCP window and the server's
buffer; the live screens on the same server process must go on receiving events
and heartbeats, and the stalled socket must be closed by the server.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import functools
import itertools
import json
import os
import socket
import threading
import time
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import websockets
from channels.db import database_sync_to_async

from realtime import consumers
from realtime import outbox as outbox_module
from realtime.hub import Hub
from realtime.outbox import Outbox
from realtime.sync import Audience
from tests.conftest import database_url_of_tests, open_incident
from tests.realtime.conftest import communicator, latest_event_id
from tests.servers import asgi_server, environment

RESUME = json.dumps({"type": "resume", "after": None}).encode()
# Frames of the server's heartbeat and of our own deadline, short for the test.
HEARTBEAT_S = 1.0
SEND_DEADLINE_S = 2.0


def masked_text_frame(payload: bytes) -> bytes:
    """A client text frame (RFC 6455 5.2: what a client sends is masked)."""
    assert len(payload) < 126
    key = os.urandom(4)
    body = bytes(b ^ key[i % 4] for i, b in enumerate(payload))
    return bytes([0x81, 0x80 | len(payload)]) + key + body


class StalledClient:
    """A public socket with a tiny receive window that asks to resume and never reads."""

    def __init__(self, port: int, interval: float = 0.005) -> None:
        self.port = port
        self.interval = interval
        self.sent = 0
        self.closed_by_server = threading.Event()
        self.stop = threading.Event()
        self.sock = socket.socket()
        # Before connecting, so that the window the client offers stays this small.
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        # Segments as on a real network path: with loopback's 64 KB ones the kernel
        # buffers about 3 MB for a client that does not read, with these 0.1 MB.
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, 536)
        self.thread = threading.Thread(target=self._flood, daemon=True)

    def open(self) -> None:
        self.sock.connect(("127.0.0.1", self.port))
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (
                "GET /ws/public/ HTTP/1.1\r\n"
                f"Host: 127.0.0.1:{self.port}\r\n"
                "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                f"Origin: http://127.0.0.1:{self.port}\r\n\r\n"
            ).encode()
        )
        head = b""
        while b"\r\n\r\n" not in head:  # the handshake answer is all it ever reads
            head += self.sock.recv(1)
        assert b" 101 " in head.split(b"\r\n", 1)[0], head
        self.thread.start()

    def _flood(self) -> None:
        frame = masked_text_frame(RESUME)
        try:
            while not self.stop.is_set():
                self.sock.sendall(frame)  # blocks once the server stops reading
                self.sent += 1
                time.sleep(self.interval)
        except OSError:
            # A reset or a broken pipe: the server dropped the connection.
            if not self.stop.is_set():
                self.closed_by_server.set()

    def close(self) -> None:
        self.stop.set()
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)  # wakes a blocked sendall
        self.sock.close()
        self.thread.join(timeout=5)


async def open_dispatch_screen(port: int, cookie: bytes) -> Any:
    screen = await websockets.connect(
        f"ws://127.0.0.1:{port}/ws/dispatch/",
        origin=f"http://127.0.0.1:{port}",
        additional_headers={"Cookie": cookie.decode()},
        max_size=None,
    )
    await screen.send(json.dumps({"type": "resume", "after": None}))
    while True:
        message = json.loads(await asyncio.wait_for(screen.recv(), 10))
        if message["type"] == "heartbeat" and message.get("resumed"):
            return screen


def many_incidents(count: int) -> None:
    """Live incidents enough for a public snapshot as large as production's (~40 KB)."""
    from bench.dbtools import incidents

    incidents(count)


async def watch(screen: Any, seconds: float) -> list[tuple[float, dict[str, Any]]]:
    """Every frame the screen receives for `seconds`, with its arrival time."""
    frames = []
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            text = await asyncio.wait_for(screen.recv(), left)
        except TimeoutError:
            break
        frames.append((time.monotonic(), json.loads(text)))
    return frames


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
@pytest.mark.timeout(120)
@pytest.mark.parametrize("server", ["uvicorn", "daphne"])
async def test_it_keeps_dispatch_screens_live_while_a_public_socket_never_reads(
    server: str, cast: Any, cookies: Any, tmp_path: Path, record_property: Any
) -> None:
    await database_sync_to_async(many_incidents)(200)
    env = environment(
        DATABASE_URL=database_url_of_tests(),
        DEBUG="1",
        REALTIME_HEARTBEAT_S=str(HEARTBEAT_S),
        REALTIME_SEND_DEADLINE_S=str(SEND_DEADLINE_S),
    )
    log = tmp_path / f"{server}.log"
    with asgi_server(env, log, kind=server) as port:
        screen = await open_dispatch_screen(port, cookies["dispatcher"])
        stalled = StalledClient(port)
        stalled.open()
        stalled_at = time.monotonic()
        try:
            written: dict[int, float] = {}  # the last event of each report: when it was made
            frames: list[tuple[float, dict[str, Any]]] = []
            # Long enough for the stalled socket's buffers to fill and the hub to try it.
            for n in range(8):
                await database_sync_to_async(open_incident)(lat=-5.0 - n / 100, lon=105.0)
                written[await latest_event_id()] = time.monotonic()
                frames += await watch(screen, 1.0)
            frames += await watch(screen, 2.0)
            assert stalled.sent > 100, "the stalled client could not even ask"

            arrived = {f["id"]: at for at, f in frames if f["type"] == "event"}
            late = {i: arrived.get(i, float("inf")) - at for i, at in written.items()}
            assert all(delay < 2 for delay in late.values()), f"events late or lost: {late}"
            beats = [at for at, f in frames if f["type"] == "heartbeat"]
            gaps = [b - a for a, b in itertools.pairwise(beats)]
            assert len(beats) >= 8 and max(gaps) < 2 * HEARTBEAT_S + 0.5, gaps

            # Closed by the server, not left to hold its buffers for as long as it likes.
            assert await asyncio.to_thread(stalled.closed_by_server.wait, 20), log.read_text()[
                -3000:
            ]
            record_property("slowest_event_s", round(max(late.values()), 2))
            record_property("longest_heartbeat_gap_s", round(max(gaps), 2))
            record_property("seconds_to_close_stalled", round(time.monotonic() - stalled_at, 1))
        finally:
            stalled.close()
            await screen.close()


# --- the outbox, with a fake server --------------------------------------------------


class FakeTransport:
    def __init__(self) -> None:
        self.aborted = False

    def abort(self) -> None:
        self.aborted = True

    def get_write_buffer_size(self) -> int:
        return 0


class FakeServer:
    """An ASGI send as uvicorn's: it waits while more than `mark` characters wait
    for a client that reads only when the test says so."""

    def __init__(self, mark: int = 100) -> None:
        self.mark = mark
        self.buffered = 0
        self.writable = asyncio.Event()
        self.writable.set()
        self.delivered: list[dict[str, Any]] = []
        self.transport = FakeTransport()

    async def send(self, message: dict[str, Any]) -> None:
        await self.writable.wait()
        self.delivered.append(message)
        self.buffered += len(message.get("text", ""))
        if self.buffered > self.mark:
            self.writable.clear()

    def read(self) -> None:
        self.buffered = 0
        self.writable.set()

    @property
    def texts(self) -> list[str]:
        return [m["text"] for m in self.delivered if m["type"] == "websocket.send"]


class FakeSocket:
    """What the hub sees of a consumer: frames into an outbox."""

    def __init__(self, server: FakeServer) -> None:
        self.audience = Audience(kind="dispatch")
        self.dropped: list[str] = []
        self.outbox = Outbox(server.send, self.dropped.append)

    def push(self, event_id: int, text: str) -> None:
        self.outbox.put(text)

    def notify(self, text: str) -> None:
        self.outbox.put(text)


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


def frames(count: int, size: int = 10) -> list[str]:
    return [f"{n:0{size}d}" for n in range(count)]


async def test_it_fans_out_without_waiting_for_a_socket_that_does_not_read() -> None:
    fast, stalled = FakeServer(mark=10**9), FakeServer(mark=30)
    sockets = [FakeSocket(stalled), FakeSocket(fast)]
    hub = Hub()
    for n, text in enumerate(frames(50)):
        hub._send_all(sockets, n, text)  # not a coroutine: nothing to wait for
    assert fast.texts == frames(50)
    assert sockets[1].outbox.writer is None  # no task for a socket that keeps up
    assert stalled.texts == frames(4)
    assert sockets[0].outbox.queued == 45 * 10  # and one in the send that waits


async def test_it_sends_in_order_and_once_to_a_socket_that_catches_up() -> None:
    server = FakeServer(mark=30)
    socket = FakeSocket(server)
    for text in frames(20):
        socket.push(0, text)
    for _ in range(10):
        server.read()
        await settle()
    socket.push(0, "after")
    assert server.texts == [*frames(20), "after"]
    assert socket.outbox.writer is None and socket.outbox.queue is None
    assert socket.dropped == []


async def test_it_closes_a_socket_whose_next_frame_waits_past_the_deadline(
    monkeypatch: Any,
) -> None:
    monkeypatch.setattr(outbox_module, "SEND_DEADLINE_S", 0.1)
    server = FakeServer(mark=30)
    socket = FakeSocket(server)
    for text in frames(10):
        socket.push(0, text)
    await asyncio.sleep(0.3)
    assert socket.dropped == ["took no frame for 0.1 s"]
    assert server.transport.aborted  # a close frame would wait behind the unread data
    socket.push(0, "later")
    server.read()
    await settle()
    assert "later" not in server.texts


async def test_it_closes_a_socket_too_far_behind_with_a_reason(monkeypatch: Any) -> None:
    monkeypatch.setattr(outbox_module, "MAX_BACKLOG_BYTES", 1000)
    monkeypatch.setattr(outbox_module, "CLOSE_GRACE_S", 0.1)
    server = FakeServer(mark=30)
    socket = FakeSocket(server)
    for text in frames(200):
        socket.push(0, text)
    assert socket.dropped and "behind" in socket.dropped[0]
    server.read()  # it reads, slowly: it gets to know why
    await asyncio.sleep(0.05)
    close = server.delivered[-1]
    assert close["type"] == "websocket.close"
    assert close["code"] == outbox_module.CLOSE_TOO_SLOW
    assert "behind" in close["reason"]
    await asyncio.sleep(0.2)
    assert server.transport.aborted


async def test_it_closes_a_revoked_socket_after_what_is_queued() -> None:
    server = FakeServer(mark=30)
    socket = FakeSocket(server)
    for text in frames(10):
        socket.push(0, text)
    socket.outbox.put("closed")
    socket.outbox.close(4408)
    for _ in range(5):
        server.read()
        await settle()
    assert server.texts == [*frames(10), "closed"]
    assert server.delivered[-1] == {"type": "websocket.close", "code": 4408}


class FakeTwistedTransport:
    """What daphne's Twisted transport offers: a producer told when its buffer is full."""

    def __init__(self, previous: Any) -> None:
        self.producer = previous
        self.streamingProducer = True
        self.aborted = False

    def registerProducer(self, producer: Any, streaming: bool) -> None:
        assert self.producer is None
        self.producer = producer

    def unregisterProducer(self) -> None:
        self.producer = None

    def abortConnection(self) -> None:
        self.aborted = True


class FakeDaphne:
    def __init__(self) -> None:
        self.handshake = mock.Mock()  # the HTTP channel daphne leaves registered
        self.transport = FakeTwistedTransport(self.handshake)
        self.texts: list[str] = []

    async def handle_reply(self, protocol: Any, message: dict[str, Any]) -> None:
        self.texts.append(message["text"])  # daphne never waits: Twisted buffers


async def test_it_holds_frames_while_twisted_says_its_buffer_is_full(monkeypatch: Any) -> None:
    monkeypatch.setattr(outbox_module, "SEND_DEADLINE_S", 0.2)
    daphne = FakeDaphne()
    outbox = Outbox(functools.partial(daphne.handle_reply, daphne), lambda reason: None)
    link = daphne.transport.producer
    outbox.put("a")
    link.pauseProducing()
    outbox.put("b")
    assert daphne.texts == ["a"]
    daphne.handshake.pauseProducing.assert_called_once()  # it still stops reading
    link.resumeProducing()
    await settle()
    assert daphne.texts == ["a", "b"]
    link.pauseProducing()
    await asyncio.sleep(0.4)  # nothing drains: dropped at the deadline
    assert daphne.transport.aborted


# --- resumes, rationed -----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
async def test_it_answers_a_stream_of_resumes_with_a_few_snapshots(
    cast: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(consumers, "RESUME_EVERY_S", 0.5)
    await database_sync_to_async(open_incident)()
    comm = communicator("/ws/public/")
    await comm.connect()
    received: list[dict[str, Any]] = []

    async def read(seconds: float) -> None:
        await asyncio.sleep(seconds)
        received.extend(drain(comm))

    for _ in range(50):  # one every 20 ms for a second, each worth a snapshot
        before_last = len(received)
        await comm.send_json_to({"type": "resume", "after": None})
        await read(0.02)
    await read(1.0)
    snapshots = [f for f in received if f["type"] == "snapshot"]
    answers = [f for f in received if f["type"] == "heartbeat" and f.get("resumed")]
    # Three at once, then one every 0.5 s; the requests between are answered together.
    assert 2 <= len(snapshots) <= consumers.RESUME_BURST + 3
    assert len(answers) == len(snapshots)
    # The last request was answered too.
    assert any(f in answers for f in received[before_last:])
    await comm.disconnect()


async def test_it_still_sends_through_a_twisted_transport_it_cannot_watch() -> None:
    class Wrapped(FakeTwistedTransport):
        """As Twisted's TLS wrapper: its producer is its own, and taken."""

        def __init__(self) -> None:
            super().__init__(None)
            del self.producer

        def registerProducer(self, producer: Any, streaming: bool) -> None:
            raise RuntimeError("a producer is registered")

    daphne = FakeDaphne()
    daphne.transport = Wrapped()
    outbox = Outbox(functools.partial(daphne.handle_reply, daphne), lambda reason: None)
    outbox.put("a")
    assert daphne.texts == ["a"]
    assert type(outbox.link) is outbox_module.Link


@pytest.mark.django_db(transaction=True)
async def test_it_answers_no_resume_while_the_client_has_not_read_the_last_answer(
    cast: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(consumers, "RESUME_EVERY_S", 0.2)
    client_reads = {"yes": True}
    monkeypatch.setattr(Outbox, "behind", property(lambda self: not client_reads["yes"]))
    comm = communicator("/ws/public/")
    await comm.connect()
    await comm.send_json_to({"type": "resume", "after": None})
    assert (await comm.receive_json_from())["type"] == "snapshot"
    client_reads["yes"] = False  # its buffer is full: frames wait for it
    for _ in range(5):
        await comm.send_json_to({"type": "resume", "after": None})
    await asyncio.sleep(0.6)
    assert [m for m in drain(comm) if m["type"] == "snapshot"] == []
    client_reads["yes"] = True
    await asyncio.sleep(0.6)
    assert len([m for m in drain(comm) if m["type"] == "snapshot"]) == 1  # all five, at once
    await comm.disconnect()


def drain(comm: Any) -> list[dict[str, Any]]:
    """What the application sent so far (the communicator's receive with a timeout
    would cancel the application)."""
    messages = []
    while not comm.output_queue.empty():
        messages.append(json.loads(comm.output_queue.get_nowait()["text"]))
    return messages
