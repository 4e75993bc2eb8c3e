"""The frames on their way to one socket: in order, bounded, never waited for by others.

ASGI shows an application nothing of a socket's buffer. uvicorn's `send` waits
while its transport holds more than 64 KiB, that is until the client reads;
daphne's never waits, and Twisted buffers without bound. A hub that awaited each
socket's send in turn let one client that stopped reading hold every screen of
its server process (a security probe did it with one anonymous public socket).

So each socket has an outbox. A frame goes straight to the server when nothing
waits before it: the server's `send` is started by hand and, as it nearly always
does, finishes without suspending, so a fan-out costs no task and no loop turn
per socket. When a send does suspend (the server's buffer for that client is
full), it is finished, and every later frame of the socket sent, by a task of
that socket alone; the fan-out goes on to the next socket. A socket is closed
(CLOSE_TOO_SLOW; its browser reconnects and resumes from the event log) when
more than MAX_BACKLOG_BYTES wait in its outbox, or when the frame at the head of
its outbox is not taken by the server within SEND_DEADLINE_S.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)

# An ASGI server's send: an async function, so calling it gives a coroutine.
Send = Callable[[dict[str, Any]], Coroutine[Any, Any, None]]

# How far a socket may fall behind, in characters of queued frames (UTF-8 bytes,
# but for place names). A 10,000-incident staff snapshot is about 6.4 MB in 20
# frames of 500; on a 1 Mbit/s mobile link it takes 50 s to go out, while 20
# events/s add about 1.5 MB. 16 MiB leaves twice that: a screen that reads is
# never closed by it, one that does not is closed long before memory matters.
# Queued frames are mostly the hub's shared texts: the bound is about lag, and
# the server's own buffer per socket stays at its mark (64 KiB) plus one frame.
MAX_BACKLOG_BYTES = 16 * 2**20
# How long the frame at the head of an outbox may wait for the server to take it.
# The server takes more once the client has read most of what it holds (64 KiB
# plus at most one 0.3 MB snapshot part: 10 s at 256 kbit/s). A browser gives up
# on a socket silent for 35 s (client.js), so a socket that took nothing for 30 s
# is one its own browser is about to leave.
SEND_DEADLINE_S = settings.REALTIME_SEND_DEADLINE_S
# A client that fell behind but reads gets this long to read the close frame.
CLOSE_GRACE_S = 5.0
CLOSE_TOO_SLOW = 4429

_closers: set[asyncio.Task[None]] = set()


class Outbox:
    # One per socket, thousands per process: slots, and the queue and the event
    # made only for a socket that falls behind (an empty deque alone is 0.7 KB).
    __slots__ = (
        "closing",
        "done",
        "ended",
        "link",
        "on_drop",
        "paused",
        "queue",
        "queued",
        "resumed",
        "send",
        "writer",
    )

    def __init__(self, send: Send, on_drop: Callable[[str], None]) -> None:
        self.send = send
        self.on_drop = on_drop  # the socket stops taking frames: out of the hub
        self.queue: deque[str] | None = None
        self.queued = 0
        self.closing: dict[str, Any] | None = None  # sent after the queue
        # While a writer task exists, frames queue behind it: order is kept.
        self.writer: asyncio.Task[None] | None = None
        self.paused = False  # the server says its buffer is full (daphne)
        self.resumed: asyncio.Event | None = None
        self.done = False  # closing, dropped or gone: no more frames
        self.ended = False  # closed, dropped or gone: nothing more goes out
        self.link = link_of(send, self)

    @property
    def behind(self) -> bool:
        """Frames wait for this client: the server's buffer for it is full."""
        return self.writer is not None

    def put(self, text: str) -> None:
        if self.done:
            return
        if self.writer is None:
            self._write({"type": "websocket.send", "text": text})
            return
        if self.queue is None:
            self.queue = deque()
        self.queue.append(text)
        self.queued += len(text)
        if self.queued > MAX_BACKLOG_BYTES:
            self.drop(f"fell {self.queued // 1024} KB behind", polite=True)

    def close(self, code: int) -> None:
        """Close the socket once what is queued has gone out."""
        if self.done:
            return
        self.done = True
        message = {"type": "websocket.close", "code": code}
        if self.writer is None:
            self._write(message)
            self.ended = self.writer is None
        else:
            self.closing = message

    def gone(self) -> None:
        """The client disconnected: forget what it will never get."""
        self.done = self.ended = True
        self._forget()
        if self.writer is not None:
            self.writer.cancel()

    def drop(self, reason: str, *, polite: bool) -> None:
        """Give up on a client that does not keep up; it resumes when it reconnects."""
        if self.ended:
            return
        self.done = self.ended = True
        self._forget()
        logger.info("closing a websocket that does not keep up: %s", reason)
        self.on_drop(reason)
        if self.writer is not None and self.writer is not asyncio.current_task():
            self.writer.cancel()
        closer = asyncio.get_running_loop().create_task(self._shut(reason, polite))
        _closers.add(closer)  # the loop keeps only a weak reference to a task
        closer.add_done_callback(_closers.discard)

    # --- the server's side --------------------------------------------------------

    def pause(self) -> None:
        self.paused = True
        if self.resumed is None:
            self.resumed = asyncio.Event()
        self.resumed.clear()
        if self.writer is None and not self.done:
            self.writer = asyncio.get_running_loop().create_task(self._drain())

    def resume(self) -> None:
        self.paused = False
        if self.resumed is not None:
            self.resumed.set()

    # --- internals ------------------------------------------------------------------

    def _write(self, message: dict[str, Any]) -> None:
        sending = self.send(message)
        try:
            waiting_on = sending.send(None)
        except StopIteration:
            return
        except Exception:
            # The client is gone; its disconnect is on its way to the consumer.
            logger.debug("websocket send failed", exc_info=True)
            self.gone()
            return
        # The server waits for this client: the rest waits in a task of its own.
        self.writer = asyncio.get_running_loop().create_task(self._drain(sending, waiting_on))

    async def _drain(self, sending: Any = None, waiting_on: Any = None) -> None:
        try:
            if sending is not None:
                await self._in_time(_finish(sending, waiting_on))
            while not self.ended:
                if self.paused and self.resumed is not None:
                    await self._in_time(self.resumed.wait())
                elif self.queue:
                    text = self.queue.popleft()
                    self.queued -= len(text)
                    await self._in_time(self.send({"type": "websocket.send", "text": text}))
                elif self.closing is not None:
                    await self._in_time(self.send(self.closing))
                    self.closing = None
                    self.ended = True
                else:
                    self.queue = None  # the socket keeps up again
                    return
        except TimeoutError:
            self.drop(f"took no frame for {SEND_DEADLINE_S:g} s", polite=False)
        except Exception:
            logger.debug("websocket send failed", exc_info=True)
            self.gone()
        finally:
            self.writer = None

    @staticmethod
    async def _in_time(awaitable: Awaitable[Any]) -> None:
        async with asyncio.timeout(SEND_DEADLINE_S):
            await awaitable

    async def _shut(self, reason: str, polite: bool) -> None:
        """Close with a reason a client that still reads may see; then drop the
        connection, which a client that does not read would otherwise keep open."""
        try:
            if polite:
                message = {"type": "websocket.close", "code": CLOSE_TOO_SLOW, "reason": reason}
                async with asyncio.timeout(CLOSE_GRACE_S):
                    await self.send(message)
                await asyncio.sleep(CLOSE_GRACE_S)  # to read it; the server closes then
        except Exception:
            logger.debug("close of a slow websocket failed", exc_info=True)
        finally:
            self.link.abort()

    def _forget(self) -> None:
        self.queue = None
        self.queued = 0
        self.closing = None


async def _finish(coroutine: Coroutine[Any, Any, Any], waiting_on: Any) -> None:
    """Run on a coroutine that was started by hand and suspended on `waiting_on`,
    as the task it would have been in: wait for what it waits for, then resume it."""
    try:
        while True:
            if waiting_on is None:  # a bare yield: one turn of the loop
                await asyncio.sleep(0)
            else:
                # Only wait: the outcome is the coroutine's to read when it resumes.
                await asyncio.wait([waiting_on])
            waiting_on = coroutine.send(None)
    except StopIteration:
        pass
    finally:
        coroutine.close()  # when cancelled: it cleans up where it waited


# --- what the server lets us do beyond ASGI -------------------------------------------


class Link:
    """A server we do not know: ASGI alone, no way to drop a connection."""

    __slots__ = ()

    def abort(self) -> None:
        pass


class AsyncioLink(Link):
    """uvicorn: its send waits while the transport is over its mark, so a suspended
    send is the sign; a connection that takes no data is dropped at the transport,
    where a close would wait behind the unsent data for ever."""

    __slots__ = ("transport",)

    def __init__(self, transport: Any) -> None:
        self.transport = transport

    def abort(self) -> None:
        self.transport.abort()


class TwistedLink(Link):
    """daphne: Twisted tells the producer registered on a connection when its
    buffer is full (64 KiB) and when it has drained; the outbox holds frames
    meanwhile. daphne leaves the HTTP channel of the handshake registered (it
    stops reading from a client whose buffer is full): it is told too."""

    __slots__ = ("outbox", "previous", "transport")

    def __init__(self, transport: Any, outbox: Outbox) -> None:
        self.transport = transport
        self.outbox = outbox
        previous = getattr(transport, "producer", None)
        self.previous = previous if getattr(transport, "streamingProducer", False) else None
        if previous is not None:
            transport.unregisterProducer()
        transport.registerProducer(self, True)

    def pauseProducing(self) -> None:  # Twisted IPushProducer
        self.outbox.pause()
        if self.previous is not None:
            self.previous.pauseProducing()

    def resumeProducing(self) -> None:
        self.outbox.resume()
        if self.previous is not None:
            self.previous.resumeProducing()

    def stopProducing(self) -> None:
        if self.previous is not None:
            self.previous.stopProducing()

    def abort(self) -> None:
        self.transport.abortConnection()


def link_of(send: Send, outbox: Outbox) -> Link:
    # uvicorn passes a bound method of its protocol; daphne a partial of its
    # server's handle_reply and the protocol.
    protocol = getattr(send, "__self__", None)
    if isinstance(send, functools.partial) and send.args:
        protocol = send.args[0]
    transport = getattr(protocol, "transport", None)
    if hasattr(transport, "registerProducer") and hasattr(transport, "abortConnection"):
        try:
            return TwistedLink(transport, outbox)
        except RuntimeError:
            # A producer we cannot see (a TLS wrapper's): daphne's buffer goes unwatched.
            logger.debug("no producer on this Twisted transport", exc_info=True)
    elif hasattr(transport, "abort") and hasattr(transport, "get_write_buffer_size"):
        return AsyncioLink(transport)
    return Link()
