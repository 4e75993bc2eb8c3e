"""The open-loop report generator: POST /api/reports/ at a fixed arrival rate.

Open loop: request i is due at start + i / rate whatever happened to the ones
before it, and its latency counts from when it was due, not from when a free
connection let it go. A slow server therefore shows as latency instead of
quietly lowering the rate (no coordinated omission).

HTTP/1.1 keep-alive connections over raw asyncio streams: no client library to
install, and a few microseconds per request of client CPU.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL_REPORTS = ROOT / "priority" / "eval" / "reports.jsonl"

# Kota Bandar Lampung: reports land in the deployment's own city, so they are routed.
CITY_BOX = ((-5.49, -5.36), (105.19, 105.32))
ADDRESSES = [
    "Jl. Teuku Umar, Kedaton, Bandar Lampung",
    "Jl. ZA Pagar Alam, Rajabasa",
    "Pasar Tugu, Tanjung Karang Timur",
    "Jl. Soekarno Hatta, Way Halim",
    "Kelurahan Sukarame, Kecamatan Sukarame",
    "Jl. Kartini, Tanjung Karang Pusat",
    "Telukbetung Selatan, Bandar Lampung",
]


# Keep-alive connections idle longer than this are not reused (servers close them).
IDLE_REUSE_S = 2.0


@dataclass
class Sample:
    seq: int
    due: float  # wall clock (time.time) when the request was due
    sent: float = 0.0
    done: float = 0.0
    status: int = 0
    report_id: int | None = None
    error: str | None = None
    fixes: int | None = None  # fixes accepted, for a unit's position batch

    @property
    def latency(self) -> float:
        return self.done - self.due


def load_texts() -> list[tuple[str, str]]:
    rows = []
    for line in EVAL_REPORTS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            # Anonymous POSTs may only say web or api (a call or a message has its
            # own way in): the other channels' texts are sent as web reports.
            channel = row.get("channel") or "web"
            rows.append((row["text"], channel if channel in ("web", "api") else "web"))
    return rows


def report_bodies(seed: int = 112) -> Callable[[int], bytes]:
    """Realistic reports: eval texts made unique, most with a GPS fix, some with
    only an address (forward geocoding), a third with a caller's phone."""
    texts = load_texts()
    rng = random.Random(seed)

    def body(seq: int) -> bytes:
        text, channel = texts[seq % len(texts)]
        report: dict[str, object] = {"text": f"{text} (laporan uji #{seq})", "channel": channel}
        if rng.random() < 0.8:
            report["lat"] = round(rng.uniform(*CITY_BOX[0]), 5)
            report["lon"] = round(rng.uniform(*CITY_BOX[1]), 5)
        else:
            report["address"] = rng.choice(ADDRESSES)
        if rng.random() < 0.3:
            report["reporter_phone"] = f"0812{rng.randrange(10**7, 10**8)}"
        return json.dumps(report).encode()

    return body


class HttpConnection:
    """One keep-alive HTTP/1.1 connection; one request at a time."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.idle_since = time.monotonic()

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def post(self, path: str, body: bytes, headers: str = "") -> tuple[int, bytes]:
        if self.writer is None:
            await self.open()
        assert self.reader is not None and self.writer is not None
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            "Content-Type: application/json\r\nAccept: application/json\r\n"
            f"Content-Length: {len(body)}\r\n{headers}\r\n"
        )
        self.writer.write(head.encode() + body)
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("connection closed by the server")
        status = int(status_line.split()[1])
        length, chunked, close = None, False, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value:
                chunked = True
            elif name == "connection" and value == "close":
                close = True
        if chunked:
            payload = await self._chunks()
        else:
            payload = await self.reader.readexactly(length or 0)
        if close:
            self.close()
        return status, payload

    async def _chunks(self) -> bytes:
        assert self.reader is not None
        parts = []
        while True:
            size = int((await self.reader.readline()).split(b";")[0], 16)
            if size == 0:
                await self.reader.readline()
                return b"".join(parts)
            parts.append(await self.reader.readexactly(size))
            await self.reader.readline()


class ConnectionPool:
    """Idle connections are reused; when none is idle a new one opens, so a slow
    answer never delays the next request (up to `limit` connections)."""

    def __init__(self, host: str, port: int, limit: int = 512) -> None:
        self.host, self.port, self.limit = host, port, limit
        self.idle: list[HttpConnection] = []
        self.opened = 0
        self.freed = asyncio.Condition()

    async def take(self) -> HttpConnection:
        async with self.freed:
            while not self.idle and self.opened >= self.limit:
                await self.freed.wait()
            while self.idle:
                connection = self.idle.pop()
                if time.monotonic() - connection.idle_since < IDLE_REUSE_S:
                    return connection
                # The server may have closed it (uvicorn after 5 s): a request sent
                # on it would fail, and a POST must not be retried blindly.
                connection.close()
                self.opened -= 1
            self.opened += 1
        return HttpConnection(self.host, self.port)

    async def give(self, connection: HttpConnection, broken: bool) -> None:
        async with self.freed:
            if broken:
                connection.close()
                self.opened -= 1
            else:
                connection.idle_since = time.monotonic()
                self.idle.append(connection)
            self.freed.notify()

    def close(self) -> None:
        for connection in self.idle:
            connection.close()
        self.idle.clear()


async def _one(
    pool: ConnectionPool, path: str, body: bytes, sample: Sample, headers: str = ""
) -> None:
    connection = await pool.take()
    broken = False
    sample.sent = time.time()
    try:
        status, payload = await asyncio.wait_for(connection.post(path, body, headers), 30)
        sample.status = status
        if status in (201, 202):
            answer = json.loads(payload)
            sample.report_id, sample.fixes = answer.get("id"), answer.get("accepted")
        else:
            sample.error = payload[:200].decode(errors="replace")
    except Exception as exc:
        broken = True
        sample.error = f"{type(exc).__name__}: {exc}"[:200]
    finally:
        sample.done = time.time()
        await pool.give(connection, broken)


async def open_loop(
    host: str,
    port: int,
    rate: float,
    seconds: float,
    body: Callable[[int], bytes],
    *,
    path: str = "/api/reports/",
    first_seq: int = 0,
    warm_connections: int = 4,
    route: Callable[[int], tuple[str, str]] | None = None,
) -> list[Sample]:
    """Send rate x seconds reports, each when due; returns one Sample per request.
    `route(seq)`, when given, names each request's (path, header lines) instead."""
    pool = ConnectionPool(host, port)
    for _ in range(warm_connections):  # connection setup is not what we measure
        connection = HttpConnection(host, port)
        await connection.open()
        pool.opened += 1
        pool.idle.append(connection)
    loop = asyncio.get_running_loop()
    count = int(rate * seconds)
    start_mono = loop.time() + 0.05
    start_wall = time.time() + (start_mono - loop.time())
    samples: list[Sample] = []
    tasks: list[asyncio.Task] = []
    for i in range(count):
        offset = i / rate
        delay = start_mono + offset - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        sample = Sample(seq=first_seq + i, due=start_wall + offset)
        samples.append(sample)
        where, headers = route(sample.seq) if route else (path, "")
        tasks.append(asyncio.create_task(_one(pool, where, body(sample.seq), sample, headers)))
    await asyncio.gather(*tasks)
    pool.close()
    return samples


def achieved_rate(samples: list[Sample]) -> float:
    """Answered requests per second: created (a report) or accepted (positions)."""
    ok = [s for s in samples if s.status in (201, 202)]
    if len(ok) < 2:
        return 0.0
    return len(ok) / (max(s.done for s in ok) - min(s.due for s in ok))
