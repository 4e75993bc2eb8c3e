"""Public sockets that never read, for the bench's `stalled` phase: the client of
the security probe that once froze every live screen of a server process. A child
process holds them, apart from the measured clients (`python -m bench.stalled`):

    harness -> {"url": ..., "count": n, "origin": ..., "interval": s}
    child   -> {"ready": n, "failed": m}        all open, each asking to resume
    harness -> "stop"   child -> {"closed_by_server": k, "requests": r}

Each socket offers a 4 KB window in 536-byte segments (as over a real network:
over loopback's 64 KB segments the kernel would first buffer megabytes for it),
asks to resume every `interval` seconds and reads nothing after the handshake.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import socket
import sys
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from bench.clients import OP_TEXT, RESUME, masked_frame
from bench.measure import ClientProcess
from bench.procs import raise_fd_limit

HANDSHAKE_TIMEOUT_S = 30


@dataclass
class Tally:
    ready: int = 0
    failed: int = 0
    closed_by_server: int = 0
    requests: int = 0


async def handshake(sock: socket.socket, url: str, origin: str) -> None:
    loop = asyncio.get_running_loop()
    parts = urlsplit(url)
    await loop.sock_connect(sock, (parts.hostname, parts.port))
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        f"GET {parts.path} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nOrigin: {origin}\r\n\r\n"
    )
    await loop.sock_sendall(sock, request.encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = await loop.sock_recv(sock, 1024)
        if not chunk:
            raise ConnectionError("closed during the handshake")
        head += chunk
    if b" 101 " not in head.split(b"\r\n", 1)[0]:
        raise ConnectionError(head.split(b"\r\n", 1)[0].decode("latin-1"))


async def stall(config: dict[str, Any], tally: Tally, opened: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, 536)
    sock.setblocking(False)
    try:
        await asyncio.wait_for(
            handshake(sock, config["url"], config["origin"]), HANDSHAKE_TIMEOUT_S
        )
    except (OSError, TimeoutError):
        tally.failed += 1
        return
    finally:
        opened.set()
    tally.ready += 1
    frame = masked_frame(OP_TEXT, RESUME.encode())
    try:
        while True:
            await loop.sock_sendall(sock, frame)  # waits once the server stops reading
            tally.requests += 1
            await asyncio.sleep(config["interval"])
    except OSError:
        tally.closed_by_server += 1  # reset or broken pipe: the server dropped it


async def serve() -> None:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)

    def answer(message: dict[str, Any]) -> None:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()

    config = json.loads(await reader.readline())
    tally = Tally()
    opened = [asyncio.Event() for _ in range(config["count"])]
    tasks = [asyncio.create_task(stall(config, tally, event)) for event in opened]
    await asyncio.gather(*(event.wait() for event in opened))
    answer({"ready": tally.ready, "failed": tally.failed})
    await reader.readline()  # "stop", or the harness went away
    answer({"closed_by_server": tally.closed_by_server, "requests": tally.requests})
    del tasks
    os._exit(0)  # blocked sends are not worth unwinding one by one


class StalledProcess(ClientProcess):
    """The harness's end: start with a config, stop for the tally."""

    module = "bench.stalled"

    async def stop(self) -> dict[str, Any]:
        answer = await self._ask("stop")
        assert self.process is not None
        await self.process.wait()
        return answer


def main() -> None:
    raise_fd_limit()
    asyncio.run(serve())


if __name__ == "__main__":
    main()
