"""Websocket clients of the bench: one process holds many sockets and records,
for every live frame, which frame it was and when it arrived.

The harness runs this module as a child process (so the clients' CPU is apart
from the harness's and can be measured) and talks to it over stdin/stdout, one
JSON line each way:

    harness -> {"url": ..., "count": n, "origin": ..., "cookies": [...], "out": path}
    client  -> {"ready": n, "failed": m, "connect_s": s}     all sockets resumed
    harness -> "count"  client -> {"frames": total frames recorded so far}
    harness -> "stop"   client -> writes the recording to `out`, {"done": true}

Every socket of an audience gets the same text for the same event (the hub
encodes once per audience), so a frame is parsed once per process: a table maps
each distinct text to what it carries, and a socket records only (frame index,
arrival time). That keeps thousands of clients cheap enough to share two cores
with the server they measure.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import os
import struct
import sys
import time
from array import array
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from bench.procs import raise_fd_limit

RESUME = '{"type":"resume","after":null}'
LIVE_PREFIXES = (b'{"type":"event"', b'{"type":"batch"', b'{"type":"positions"')
# Handshakes in flight per process: the server authorizes each in a database thread.
CONNECT_CONCURRENCY = 16
CONNECT_ATTEMPTS = 6
WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
OP_CONT, OP_TEXT, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x8, 0x9, 0xA


def parse_frame(text: bytes) -> dict[str, Any]:
    """What a live frame carries: an event id, the incidents of a public batch, or
    the units of a positions frame."""
    message = json.loads(text)
    if message.get("type") == "positions":
        # Units' newest fixes (realtime/positions.py): [unit id, fix time (epoch s)].
        units = [
            [u["id"], datetime.fromisoformat(u["position_at"]).timestamp()]
            for u in message.get("units", [])
            if u.get("position_at")
        ]
        return {"kind": "positions", "units": units}
    if message.get("type") == "batch":
        incidents = [
            [e["incident"]["id"], e["incident"].get("version", 0)]
            for e in message.get("events", [])
            if e.get("incident")
        ]
        return {"kind": "batch", "incidents": incidents, "id": message.get("last_event_id")}
    incident = message.get("incident") or {}
    # [incident id, version]: the bench checks that no socket sees an incident go back.
    carried = [incident["id"], incident.get("version", 0)] if "id" in incident else None
    return {"kind": "event", "id": message.get("id"), "incident": carried}


class FrameTable:
    """Distinct frame texts of this process, each parsed once."""

    def __init__(self) -> None:
        self.index: dict[bytes, int] = {}
        self.frames: list[dict[str, Any]] = []
        # One real `incident.opened` frame: the baseline sends frames of this size.
        self.sample: str | None = None

    def key(self, text: bytes) -> int:
        found = self.index.get(text)
        if found is None:
            found = len(self.frames)
            self.index[text] = found
            self.frames.append(parse_frame(text))
            if self.sample is None and b'"event":"incident.opened"' in text[:80]:
                self.sample = text.decode()
        return found


@dataclass
class Recording:
    """One socket's live frames: indexes into the FrameTable and arrival times."""

    frames: array = field(default_factory=lambda: array("q"))
    times: array = field(default_factory=lambda: array("d"))
    resumed_at: float | None = None
    closed: str | None = None


def masked_frame(opcode: int, payload: bytes) -> bytes:
    """A client frame (RFC 6455 5.2): clients must mask what they send."""
    key = os.urandom(4)
    length = len(payload)
    if length < 126:
        header = struct.pack("!BB", 0x80 | opcode, 0x80 | length)
    elif length < 65536:
        header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, length)
    else:
        header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, length)
    body = bytes(b ^ key[i % 4] for i, b in enumerate(payload))
    return header + key + body


class HandshakeError(Exception):
    pass


class SocketClient(asyncio.Protocol):
    """One websocket client: an upgrade request, then frames parsed in place.

    No task, stream reader or queue per socket, and no general-purpose frame
    machinery: server frames are unmasked, so reading one is a header and a
    slice. At 20,000 frames/s this is what leaves the server most of the two
    cores (the `websockets` asyncio client costs about 20 us of CPU per frame,
    this about a quarter of that).
    """

    def __init__(
        self,
        url: str,
        headers: list[tuple[str, str]],
        origin: str | None,
        table: FrameTable,
        recording: Recording,
    ) -> None:
        parts = urlsplit(url)
        self.request_head = self._request(parts, headers, origin)
        self.table = table
        self.recording = recording
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.upgraded = False
        self.parts: list[bytes] = []
        loop = asyncio.get_running_loop()
        self.opened: asyncio.Future[None] = loop.create_future()
        self.resumed: asyncio.Future[None] = loop.create_future()

    def _request(self, parts: Any, headers: list[tuple[str, str]], origin: str | None) -> bytes:
        self.key = base64.b64encode(os.urandom(16)).decode()
        lines = [
            f"GET {parts.path or '/'} HTTP/1.1",
            f"Host: {parts.hostname}:{parts.port}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {self.key}",
            "Sec-WebSocket-Version: 13",
        ]
        if origin:
            lines.append(f"Origin: {origin}")
        lines += [f"{name}: {value}" for name, value in headers]
        return ("\r\n".join(lines) + "\r\n\r\n").encode()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.transport.write(self.request_head)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if not self.upgraded and not self._upgrade():
            return
        self._frames()

    def _upgrade(self) -> bool:
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return False
        head = bytes(self.buffer[:end]).decode("latin-1")
        del self.buffer[: end + 4]
        status = head.split("\r\n", 1)[0]
        accept = base64.b64encode(hashlib.sha1((self.key + WS_GUID).encode()).digest()).decode()  # noqa: S324 (RFC 6455)
        if " 101 " not in status + " " or accept not in head:
            self._done(self.opened, HandshakeError(status))
            assert self.transport is not None
            self.transport.close()
            return False
        self.upgraded = True
        assert self.transport is not None
        self.transport.write(masked_frame(OP_TEXT, RESUME.encode()))
        self._done(self.opened)
        return True

    def _frames(self) -> None:
        buffer, at, size = self.buffer, 0, len(self.buffer)
        while size - at >= 2:
            first, second = buffer[at], buffer[at + 1]
            length, start = second & 0x7F, at + 2
            if length == 126:
                if size - at < 4:
                    break
                length, start = int.from_bytes(buffer[at + 2 : at + 4], "big"), at + 4
            elif length == 127:
                if size - at < 10:
                    break
                length, start = int.from_bytes(buffer[at + 2 : at + 10], "big"), at + 10
            if second & 0x80:  # servers do not mask; skip a key if one does
                start += 4
            if size - start < length:
                break
            payload = bytes(buffer[start : start + length])
            at = start + length
            self._frame(first & 0x0F, bool(first & 0x80), payload)
        if at:
            del buffer[:at]

    def _frame(self, opcode: int, fin: bool, payload: bytes) -> None:
        if opcode in (OP_TEXT, OP_CONT):
            if fin and not self.parts:
                self.on_message(payload)
                return
            self.parts.append(payload)
            if fin:
                message, self.parts = b"".join(self.parts), []
                self.on_message(message)
        elif opcode == OP_PING:
            assert self.transport is not None
            self.transport.write(masked_frame(OP_PONG, payload))
        elif opcode == OP_CLOSE:
            assert self.transport is not None
            self.transport.write(masked_frame(OP_CLOSE, payload[:2]))
            self.transport.close()

    def on_message(self, payload: bytes) -> None:
        recording = self.recording
        if payload.startswith(LIVE_PREFIXES):
            arrived = time.time()
            recording.frames.append(self.table.key(payload))
            recording.times.append(arrived)
        elif recording.resumed_at is None and payload.startswith(b'{"type":"heartbeat"'):
            recording.resumed_at = time.time()
            self._done(self.resumed)

    @staticmethod
    def _done(future: asyncio.Future[None], error: BaseException | None = None) -> None:
        if not future.done():
            if error is None:
                future.set_result(None)
            else:
                future.set_exception(error)

    def connection_lost(self, exc: Exception | None) -> None:
        error = exc or ConnectionError("closed by the server")
        if self.opened.done() and self.resumed.done():
            self.recording.closed = f"{type(error).__name__}: {error}"[:200]
        self._done(self.opened, error)
        self._done(self.resumed, error)


async def run_socket(
    url: str,
    headers: list[tuple[str, str]],
    origin: str | None,
    table: FrameTable,
    recording: Recording,
    resumed: asyncio.Event,
    gate: asyncio.Semaphore,
) -> None:
    """Connect, resume, and leave the socket recording. Retried with back-off like
    the browser client: a server busy accepting thousands of sockets may drop a
    handshake."""
    loop = asyncio.get_running_loop()
    parts = urlsplit(url)
    try:
        for attempt in range(CONNECT_ATTEMPTS):
            async with gate:
                transport = None
                try:
                    transport, client = await loop.create_connection(
                        lambda: SocketClient(url, headers, origin, table, recording),
                        parts.hostname,
                        parts.port,
                    )
                    await asyncio.wait_for(client.opened, 60)
                    await asyncio.wait_for(client.resumed, 120)
                    return
                except (OSError, TimeoutError, HandshakeError) as exc:
                    if transport is not None:
                        transport.close()
                    if attempt == CONNECT_ATTEMPTS - 1:
                        recording.closed = f"{type(exc).__name__}: {exc}"[:200]
                        return
            await asyncio.sleep(0.5 * 2**attempt)
    finally:
        resumed.set()


class ClientPool:
    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.table = FrameTable()
        self.recordings: list[Recording] = []
        self.tasks: list[asyncio.Task] = []

    async def connect(self) -> dict[str, Any]:
        config = self.config
        cookies: list[str] = config.get("cookies") or []
        gate = asyncio.Semaphore(config.get("concurrency", CONNECT_CONCURRENCY))
        started = time.monotonic()
        events = []
        for i in range(config["count"]):
            headers = [("Cookie", f"sessionid={cookies[i % len(cookies)]}")] if cookies else []
            recording = Recording()
            resumed = asyncio.Event()
            self.recordings.append(recording)
            events.append(resumed)
            self.tasks.append(
                asyncio.create_task(
                    run_socket(
                        config["url"],
                        headers,
                        config.get("origin"),
                        self.table,
                        recording,
                        resumed,
                        gate,
                    )
                )
            )
        await asyncio.wait_for(
            asyncio.gather(*(e.wait() for e in events)), config.get("timeout", 300)
        )
        ready = sum(1 for r in self.recordings if r.resumed_at is not None and not r.closed)
        # Live from here: a socket that closes later shows as undelivered frames.
        return {
            "ready": ready,
            "failed": len(self.recordings) - ready,
            "connect_s": round(time.monotonic() - started, 2),
            "errors": sorted({r.closed for r in self.recordings if r.closed})[:5],
        }

    def frames_recorded(self) -> int:
        return sum(len(r.times) for r in self.recordings)

    def dump(self, path: str) -> None:
        body = {
            "frames": self.table.frames,
            "sample": self.table.sample,
            "sockets": [
                {
                    "frames": r.frames.tolist(),
                    "times": r.times.tolist(),
                    "resumed_at": r.resumed_at,
                    "closed": r.closed,
                }
                for r in self.recordings
            ],
        }
        with open(path, "w") as out:
            json.dump(body, out)


async def serve() -> None:
    loop = asyncio.get_running_loop()
    # The config line holds a session cookie per socket: 1,000 are ~70 KB.
    reader = asyncio.StreamReader(limit=2**24)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)

    def answer(message: dict[str, Any]) -> None:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()

    config = json.loads(await reader.readline())
    pool = ClientPool(config)
    answer(await pool.connect())
    while True:
        line = (await reader.readline()).decode().strip()
        if line == "count":
            answer({"frames": pool.frames_recorded()})
        elif line in ("stop", ""):
            pool.dump(config["out"])
            answer({"done": True})
            # Thousands of sockets would close one handshake at a time; the server
            # sees them drop at once instead.
            os._exit(0)


def main() -> None:
    raise_fd_limit()
    try:
        import uvloop  # a cheaper loop leaves more of the two cores to the server
    except ImportError:
        asyncio.run(serve())
    else:
        uvloop.run(serve())


if __name__ == "__main__":
    main()
