"""Websocket consumers, one per audience. Thin: they authenticate, answer
`resume`, and let the process hub write events to them.

Protocol (docs/ARCHITECTURE.md, "Live sockets"): the client sends
`{"type": "resume", "after": <id or null>}`; the server answers with a snapshot
or the missed events, then `{"type": "heartbeat", "last_event_id": n,
"resumed": true}`, then live events.
Live events that arrive while a resume is being answered are held back and sent
after it, so nothing is missed and nothing comes twice.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from realtime import sync
from realtime.events import dumps
from realtime.hub import get_hub
from realtime.identity import audience_for
from realtime.sync import Audience

logger = logging.getLogger(__name__)

# Close codes: 4401 not signed in, 4403 not allowed, 4408 session or role changed.
CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_REVOKED = 4408

# Live events held back during a resume; beyond this the client gets a snapshot.
MAX_HELD = 5000


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
        self.closed = True
        hub = getattr(self, "hub", None)
        if hub is not None:
            hub.unregister(self)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            message = json.loads(text_data or "")
        except ValueError:
            await self.send_error("not JSON")
            return
        except RecursionError:
            # Thousands of nested brackets: unreadable like any other bad frame.
            await self.send_error("JSON nested too deeply")
            return
        if not isinstance(message, dict):
            await self.send_error("send a JSON object")
            return
        if message.get("type") == "resume":
            after = message.get("after")
            if after is not None and (isinstance(after, bool) or not isinstance(after, int)):
                await self.send_error("'after' must be an event id or null")
                return
            await self.resume(after)
        elif message.get("type") == "ping":
            await self.send_text(dumps({"type": "pong"}))
        else:
            await self.send_error("unknown message type")

    async def send_text(self, text: str) -> None:
        # Straight to the server: the consumer's generic `send` only adds checks
        # for bytes and close, and this runs for every frame of every socket.
        await self.base_send({"type": "websocket.send", "text": text})

    async def send_error(self, text: str) -> None:
        await self.send_text(dumps({"type": "error", "message": text}))

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
        else:
            result = await database_sync_to_async(sync.resume)(self.audience, after)
            position, events = result.last_event_id, result.events
            # Too far behind, or ahead of the log: a snapshot of its own.
            frames = sync.snapshot_parts(result.snapshot) if result.snapshot else []
        if frames:
            self.sent.clear()
            for frame in frames:
                await self.send_text(frame)
        events = [e for e in events if e["id"] not in self.sent]
        if self.audience.kind == "public":
            if events:
                frame = {"type": "batch", "last_event_id": position, "events": events}
                await self.send_text(dumps(frame))
        else:
            for event in events:
                await self.send_text(dumps(event))
        # Events pushed while we were sending are held too; loop until none are left,
        # then switch to live delivery with no await in between (order is kept).
        while self.held:
            held, self.held = self.held, []
            for event_id, text in held:
                if event_id > position and event_id not in self.sent:
                    await self.send_text(text)
                    self.sent.add(event_id)
        self.held = None
        # Every event up to `position` is now on its way to the client.
        self.through = position
        self.sent = {i for i in self.sent if i > position}
        await self.send_text(
            dumps({"type": "heartbeat", "last_event_id": position, "resumed": True})
        )

    async def push(self, event_id: int, text: str) -> None:
        """Called by the hub with text already encoded for this audience."""
        if self.closed:
            return
        if self.held is not None:
            self.held.append((event_id, text))
            if len(self.held) > MAX_HELD:
                # Too far behind to replay what was held: start again from a snapshot.
                self.held = []
                await self.send_error("too many events while resuming; resume again")
            return
        if (self.through is not None and event_id <= self.through) or event_id in self.sent:
            return  # sent already by a replay, or twice by the layer
        await self.send_text(text)
        self.sent.add(event_id)

    async def notify(self, text: str) -> None:
        """A heartbeat or presence frame: no event, so the position stays."""
        if self.closed or self.held is not None:
            return  # a resuming socket gets its own heartbeat when it is done
        await self.send_text(text)

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

    async def close_for(self, reason: str) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            await self.send_text(dumps({"type": "closed", "reason": reason}))
            await self.close(code=CLOSE_REVOKED)
        finally:
            self.hub.unregister(self)


class DispatchConsumer(EventsConsumer):
    """/ws/dispatch/: dispatchers and supervisors, everything."""

    kind = "dispatch"


class AgencyConsumer(EventsConsumer):
    """/ws/agency/: agency staff, their agency's incidents."""

    kind = "agency"


class PublicConsumer(EventsConsumer):
    """/ws/public/: anyone, the anonymized projection, coalesced to one frame a second."""

    kind = "public"
