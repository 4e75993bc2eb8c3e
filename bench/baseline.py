"""The bare baseline: the same job as the stack with nothing but asyncio.

One process (or several, `--processes`, sharing the websocket port as the
stack's web processes do): a minimal HTTP/1.1 handler takes `POST /api/reports/`, builds the
event frame and PUBLISHes it to Redis; a subscriber on the same Redis relays
each frame to every connected `websockets` client with `broadcast` (written
once, queued on each socket). With `--coalesce S` it instead sends one `batch`
frame every S seconds holding the newest state of each incident, like the
public audience. No Django, Channels, Celery or database.

It speaks the clients' side of the resume protocol (a snapshot, then a resumed
heartbeat), so the bench's clients and generator measure it exactly as they
measure the stack. Event ids are the report ids, and each event carries its
report id in `data.report_id` like `incident.opened`.

    python -m bench.baseline --http-port 8101 --ws-port 8102 [--coalesce 1.0]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import signal
import time
from datetime import UTC, datetime
from typing import Any

from bench import procs

CHANNEL = "bench:baseline:events"

# The shape and size of a staff `incident.opened` frame of the stack (the harness
# passes a real one with --sample when it has one).
SAMPLE_EVENT: dict[str, Any] = {
    "type": "event",
    "id": 0,
    "event": "incident.opened",
    "incident": {
        "id": 0,
        "category": "fire",
        "priority": "P1",
        "score": 92,
        "fast_track": True,
        "status": "new",
        "cancel_reason": None,
        "lat": -5.41861,
        "lon": 105.27011,
        "region_code": "18.71.09.1004",
        "report_count": 1,
        "lead_agency": {
            "id": 4,
            "kind": "damkar",
            "name": "Dinas Pemadam Kebakaran dan Penyelamatan Kota Bandar Lampung",
        },
        "agencies": [
            {
                "id": 4,
                "kind": "damkar",
                "name": "Dinas Pemadam Kebakaran dan Penyelamatan Kota Bandar Lampung",
                "role": "lead",
            }
        ],
        "merged_into": None,
        "awaiting_disposition": False,
        "flags": [],
        "claim_deadline": "2026-01-01T10:02:00.000000+07:00",
        "resolve_deadline": "2026-01-01T14:00:00.000000+07:00",
        "created_at": "2026-01-01T10:00:00.000000+07:00",
        "updated_at": "2026-01-01T10:00:00.000000+07:00",
        "claimed_at": None,
        "resolved_at": None,
        "version": 1,
    },
    "data": {
        "report_id": 0,
        "channel": "phone",
        "reasons": ["fire: kebakaran", "people trapped: terjebak"],
        "awaiting_disposition": False,
        "split_from": None,
    },
    "at": "2026-01-01T10:00:00.000000+07:00",
}
PUBLIC_FIELDS = ("id", "category", "priority", "status", "lat", "lon", "region_code")


def dumps(message: dict[str, Any]) -> str:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


class Relay:
    def __init__(self, redis_url: str, sample: dict[str, Any], coalesce: float) -> None:
        import redis.asyncio as redis

        self.redis = redis.Redis.from_url(redis_url)
        self.sample = sample
        self.coalesce = coalesce
        self.sockets: set[Any] = set()
        self.next_id = 0
        self.pending: dict[int, dict[str, Any]] = {}
        self.last_id = 0

    # --- intake --------------------------------------------------------------------

    def event_for(self, report: dict[str, Any]) -> str:
        self.next_id += 1
        now = datetime.now(UTC).isoformat()
        incident = {**self.sample["incident"], "id": self.next_id, "created_at": now}
        data = {**self.sample.get("data", {}), "report_id": self.next_id}
        data["channel"] = report.get("channel", "web")
        message = {**self.sample, "id": self.next_id, "incident": incident, "data": data}
        message["at"] = now
        return dumps(message)

    async def http(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                request_line = await reader.readline()
                if not request_line:
                    return
                length = 0
                while True:
                    line = await reader.readline()
                    if line in (b"\r\n", b""):
                        break
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value.strip())
                body = await reader.readexactly(length) if length else b""
                report = json.loads(body or b"{}")
                text = self.event_for(report)
                await self.redis.publish(CHANNEL, text)
                code = secrets.token_hex(5).upper()
                answer = json.dumps(
                    {"id": self.next_id, "tracking_code": code, "status_url": f"/t/{code}/"}
                ).encode()
                writer.write(
                    b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
                    + f"Content-Length: {len(answer)}\r\n\r\n".encode()
                    + answer
                )
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        finally:
            writer.close()

    # --- fan-out -------------------------------------------------------------------

    async def subscribe(self) -> None:
        from websockets.asyncio.server import broadcast

        pubsub = self.redis.pubsub()
        await pubsub.subscribe(CHANNEL)
        async for message in pubsub.listen():
            if message["type"] != "message":
                continue
            text = message["data"].decode()
            if self.coalesce:
                event = json.loads(text)
                incident = {k: event["incident"].get(k) for k in PUBLIC_FIELDS}
                public = {"type": "event", "id": event["id"], "event": event["event"]}
                self.pending[incident["id"]] = {**public, "incident": incident}
                self.last_id = max(self.last_id, event["id"])
            else:
                broadcast(self.sockets, text)

    async def flush(self) -> None:
        from websockets.asyncio.server import broadcast

        while True:
            await asyncio.sleep(self.coalesce)
            if not self.pending:
                continue
            events = sorted(self.pending.values(), key=lambda e: e["id"])
            self.pending = {}
            frame = {"type": "batch", "last_event_id": self.last_id, "events": events}
            broadcast(self.sockets, dumps(frame))

    async def websocket(self, socket: Any) -> None:
        with contextlib.suppress(Exception):
            await socket.recv()  # the client's resume
            await socket.send(dumps({"type": "snapshot", "last_event_id": 0, "incidents": []}))
            await socket.send(
                dumps({"type": "heartbeat", "last_event_id": self.last_id, "resumed": True})
            )
            self.sockets.add(socket)
            await socket.wait_closed()
        self.sockets.discard(socket)


async def serve(args: argparse.Namespace, sample: dict[str, Any], ready: Any) -> None:
    """The relay of one process. Only the first takes the POSTs (`--http-port`), so
    event ids stay one sequence; every process subscribes and serves its share of
    the sockets on the same port (SO_REUSEPORT), as uvicorn's workers do. `ready`
    is awaited once the process can take sockets."""
    from websockets.asyncio.server import serve as ws_serve

    relay = Relay(args.redis_url, sample, args.coalesce)
    await relay.redis.ping()
    tasks = [asyncio.create_task(relay.subscribe())]
    if args.coalesce:
        tasks.append(asyncio.create_task(relay.flush()))
    async with ws_serve(
        relay.websocket,
        "127.0.0.1",
        args.ws_port,
        compression=None,
        ping_interval=None,
        max_size=None,
        backlog=4096,
        reuse_port=True,
    ):
        await asyncio.sleep(0.2)  # the subscription is in place before we say ready
        await ready()
        if args.http_port:
            http = await asyncio.start_server(relay.http, "127.0.0.1", args.http_port, backlog=4096)
            async with http:
                await http.serve_forever()
        else:
            await asyncio.Future()


async def orphaned(parent: int) -> None:
    """A child relay ends with the first process (the harness terminates that one)."""
    while os.getppid() == parent:
        await asyncio.sleep(0.5)
    os._exit(0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Bare asyncio + websockets relay (baseline).")
    parser.add_argument("--http-port", type=int, required=True)
    parser.add_argument("--ws-port", type=int, required=True)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/10")
    parser.add_argument("--coalesce", type=float, default=0.0, help="seconds per batch frame")
    parser.add_argument("--sample", type=argparse.FileType("r"), help="an event frame (JSON)")
    parser.add_argument("--processes", type=int, default=1, help="relays sharing the ws port")
    args = parser.parse_args(argv)
    procs.raise_fd_limit()
    sample = json.loads(args.sample.read()) if args.sample else SAMPLE_EVENT
    parent = os.getpid()
    read_end, write_end = os.pipe()  # each forked relay writes a byte when ready
    children = []
    for _ in range(args.processes - 1):
        pid = os.fork()
        if pid == 0:
            run_child(args, sample, parent, write_end)
            return
        children.append(pid)

    async def all_ready() -> None:
        for _ in children:
            await asyncio.to_thread(os.read, read_end, 1)
        print(json.dumps({"ready": True, "pid": os.getpid(), "at": time.time()}), flush=True)

    def stop(*_: Any) -> None:
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGKILL)
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    try:
        asyncio.run(serve(args, sample, all_ready))
    except KeyboardInterrupt:
        stop()


def run_child(args: argparse.Namespace, sample: dict[str, Any], parent: int, pipe: int) -> None:
    """A forked relay: sockets only, no POSTs."""
    args.http_port = 0
    watch: list[asyncio.Task[None]] = []

    async def ready() -> None:
        os.write(pipe, b"1")
        watch.append(asyncio.create_task(orphaned(parent)))

    asyncio.run(serve(args, sample, ready))


if __name__ == "__main__":
    main()
