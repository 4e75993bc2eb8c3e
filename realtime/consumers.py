"""Websocket consumers, one per audience. Thin: they authenticate, answer
`resume`, and let the process hub write events to them.

Protocol (docs/ARCHITECTURE.md, "Live sockets"): the client sends
`{"type": "resume", "after": <id or null>}`; the server answers with a snapshot
or the missed events, then `{"type": "heartbeat", "last_event_id": n,
"resumed": true}`, then live events.
Live events that arrive while a resume is being answered are held back and sent
after it, so nothing is missed and nothing comes twice.

Every frame goes out through the socket's outbox (realtime.outbox): the hub and
the consumer hand it over without waiting, and a client that does not keep up
is closed without holding anyone else. Resumes are rationed per socket: a public
one answers a 30-byte request with a snapshot of tens of KB.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from realtime import sync
from realtime.events import dumps
from realtime.hub import get_hub
from realtime.identity import audience_for
from realtime.outbox import Outbox
from realtime.sync import Audience

logger = logging.getLogger(__name__)

# Close codes: 4401 not signed in, 4403 not allowed, 4408 session or role changed,
# 4429 too slow (realtime.outbox).
CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_REVOKED = 4408

# Live events held back during a resume; beyond this the client gets a snapshot.
MAX_HELD = 5000
# Resumes answered at once, and one more every RESUME_EVERY_S. A browser asks when
# it opens and then at most once a heartbeat (10 s), when it is behind. Requests
# beyond are answered together, once the allowance comes back and the client has
# taken the frames already on its way (the answer would only queue behind them).
RESUME_BURST = 3
RESUME_EVERY_S = 2.0


class Allowance:
    """A token bucket: `burst` at once, then one every `every` seconds."""

    __slots__ = ("burst", "every", "stamp", "tokens")

    def __init__(self, burst: int, every: float) -> None:
        self.burst = burst
        self.every = every
        self.tokens = float(burst)
        self.stamp = time.monotonic()

    def take(self) -> float:
        """0 when a token was taken; otherwise the seconds until one is due."""
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) / self.every)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) * self.every


class EventsConsumer(AsyncWebsocketConsumer):
    # The hub listens on the channel layer for the whole process; a consumer that
    # listened too would pay the layer's per-message cost for every socket.
    channel_layer_alias = "__no_layer__"
    kind = "public"

    audience: Audience
    session_key: str | None = None

    async def connect(self) -> None:
        audience = await self.authorize()
        if audience is None:
            return
        self.audience = audience
        self.session_key = getattr(self.scope.get("session"), "session_key", None)
        # Every event id <= `through` was sent by a snapshot or replay; `sent` holds
        # the ids above it that went out live. Together they keep delivery exactly once.
        self.through: int | None = None
        self.sent: set[int] = set()
        # Until the client asks to resume, live events wait: it needs a base first.
        self.held: list[tuple[int, str]] | None = []
        self.closed = False
        self.resumes = Allowance(RESUME_BURST, RESUME_EVERY_S)
        self.resume_after: int | None = None
        self.resume_wanted = False
        self.resuming: asyncio.Task[None] | None = None
        self.outbox = Outbox(self.base_send, self.fell_behind)
        await self.accept()
        self.hub = await get_hub()
        self.hub.register(self)

    async def authorize(self) -> Audience | None:
        if self.kind == "public":
            return Audience(kind="public")
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return None
        audience = await database_sync_to_async(audience_for)(user)
        if audience is None or audience.kind != self.kind:
            await self.close(code=CLOSE_FORBIDDEN)
            return None
        return audience

    async def disconnect(self, code: int) -> None:
        outbox = getattr(self, "outbox", None)
        if outbox is not None:
            outbox.gone()
        self.stop()

    def fell_behind(self, reason: str) -> None:
        """The outbox gave up on this client: no more frames for it."""
        self.stop()

    def stop(self) -> None:
        self.closed = True
        resuming = getattr(self, "resuming", None)
        if resuming is not None:
            resuming.cancel()
        hub = getattr(self, "hub", None)
        if hub is not None:
            hub.unregister(self)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            message = json.loads(text_data or "")
        except ValueError:
            self.send_error("not JSON")
            return
        except RecursionError:
            # Thousands of nested brackets: unreadable like any other bad frame.
            self.send_error("JSON nested too deeply")
            return
        if not isinstance(message, dict):
            self.send_error("send a JSON object")
            return
        if message.get("type") == "resume":
            after = message.get("after")
            if after is not None and (isinstance(after, bool) or not isinstance(after, int)):
                self.send_error("'after' must be an event id or null")
                return
            await self.ask_resume(after)
        elif message.get("type") == "ping":
            self.send_text(dumps({"type": "pong"}))
        else:
            self.send_error("unknown message type")

    def send_text(self, text: str) -> None:
        self.outbox.put(text)

    def send_error(self, text: str) -> None:
        self.send_text(dumps({"type": "error", "message": text}))

    async def ask_resume(self, after: int | None) -> None:
        """Answer a resume when the allowance permits; requests that come before
        are answered together, from the position the newest one gave."""
        self.resume_after = after
        self.resume_wanted = True
        if self.resuming is not None or self.closed:
            return  # the answer on its way answers this one too
        if not self.outbox.behind and self.resumes.take() == 0:
            # The usual case, as the socket opens: answered at once, no task.
            self.resume_wanted = False
            await self.resume(after)
        else:
            self.resuming = asyncio.get_running_loop().create_task(self._resume_later())

    async def _resume_later(self) -> None:
        try:
            while self.resume_wanted:
                if self.outbox.behind:
                    await asyncio.sleep(RESUME_EVERY_S)
                elif (wait := self.resumes.take()) > 0:
                    await asyncio.sleep(wait)
                else:
                    self.resume_wanted = False
                    await self.resume(self.resume_after)
        finally:
            self.resuming = None

    async def resume(self, after: int | None) -> None:
        if after is not None and self.through is not None:
            # Frames already sent on this socket may still be on their way to the
            # client: replaying them would deliver them twice.
            after = max(after, self.through)
        if self.held is None:
            self.held = []
        if after is None or after < 0:
            position, frames = await self.hub.snapshot(self.audience)
            events: list[dict[str, Any]] = []
            positions: list[dict[str, Any]] = []
        else:
            result = await database_sync_to_async(sync.resume)(self.audience, after)
            position, events = result.last_event_id, result.events
            positions = result.positions
            # Too far behind, or ahead of the log: a snapshot of its own.
            frames = sync.snapshot_parts(result.snapshot) if result.snapshot else []
        if self.closed:
            return
        # From here to live delivery nothing awaits: the answer, the events held
        # while it was read and the live events after it go out in that order.
        if frames:
            self.sent.clear()
            for frame in frames:
                self.send_text(frame)
        events = [e for e in events if e["id"] not in self.sent]
        if self.audience.kind == "public":
            if events:
                frame = {"type": "batch", "last_event_id": position, "events": events}
                self.send_text(dumps(frame))
        else:
            for event in events:
                self.send_text(dumps(event))
            if positions:
                self.send_text(dumps({"type": "positions", "units": positions}))
        for event_id, text in self.held or ():
            if event_id > position and event_id not in self.sent:
                self.send_text(text)
                self.sent.add(event_id)
        self.held = None
        # Every event up to `position` is now on its way to the client.
        self.through = position
        self.sent = {i for i in self.sent if i > position}
        self.send_text(dumps({"type": "heartbeat", "last_event_id": position, "resumed": True}))

    def push(self, event_id: int, text: str) -> None:
        """Called by the hub with text already encoded for this audience."""
        if self.closed:
            return
        if self.held is not None:
            self.held.append((event_id, text))
            if len(self.held) > MAX_HELD:
                # Too far behind to replay what was held: start again from a snapshot.
                self.held = []
                self.send_error("too many events while resuming; resume again")
            return
        if (self.through is not None and event_id <= self.through) or event_id in self.sent:
            return  # sent already by a replay, or twice by the layer
        self.outbox.put(text)
        self.sent.add(event_id)

    def notify(self, text: str) -> None:
        """A heartbeat or presence frame: no event, so the position stays."""
        if self.closed or self.held is not None:
            return  # a resuming socket gets its own heartbeat when it is done
        self.outbox.put(text)

    def advance(self, position: int) -> None:
        """The hub has sent this socket everything of its own up to `position`.

        Without this, `sent` would grow by one id per event for as long as the
        socket stays open (about 90 bytes each: 155 MB a day at 20 events/s).
        A resuming socket is left alone: its own resume sets the position.
        """
        if self.closed or self.held is not None or self.through is None:
            return
        if position > self.through:
            self.through = position
            self.sent = {i for i in self.sent if i > position}

    def close_for(self, reason: str) -> None:
        if self.closed:
            return
        self.stop()
        self.send_text(dumps({"type": "closed", "reason": reason}))
        self.outbox.close(CLOSE_REVOKED)


class DispatchConsumer(EventsConsumer):
    """/ws/dispatch/: dispatchers and supervisors, everything."""

    kind = "dispatch"


class AgencyConsumer(EventsConsumer):
    """/ws/agency/: agency staff, their agency's incidents."""

    kind = "agency"


class PublicConsumer(EventsConsumer):
    """/ws/public/: anyone, the anonymized projection, coalesced to one frame a second."""

    kind = "public"
