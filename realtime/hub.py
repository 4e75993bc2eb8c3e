"""One relay per server process between the channel layer and its sockets.

Fan-out is the hot path. Stock Channels hands every group message to every
consumer through the layer, and each consumer decodes, dispatches and encodes it
again. Here an event crosses the channel layer once per process: the hub receives
it, encodes it once per audience, and writes the same text to each local socket.
Consumers never listen on the layer themselves.

The layer is lossy (capacity, expiry, Redis restarts) and publishes from
different processes can arrive out of order: an event that comes after a newer one
of its incident goes out with the newer state (realtime.ordering). Every second
the hub compares the ids it relayed with the log, and relays what it missed from
the database: once per process, not once per socket. Heartbeats carry the newest event id; a client
that is behind (a socket that reconnected, an agency screen whose events were not
its own) asks to resume and catches up from the log.

A socket takes a frame without making the hub wait (realtime.outbox): a client
that stops reading falls behind alone, and is closed when too far behind.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
import weakref
from typing import Any, Protocol

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings

from dispatch import projections
from realtime import positions, presence, sync
from realtime.events import EVENTS_GROUP, dumps
from realtime.ordering import NewestStates
from realtime.sync import Audience

logger = logging.getLogger(__name__)

HEARTBEAT_S = settings.REALTIME_HEARTBEAT_S
REPAIR_S = 1.0
REPAIR_BATCH = 1000
PUBLIC_FLUSH_S = 1.0
# A snapshot is shared by every socket of an audience that opens while no newer
# event has been relayed; this bounds how stale a shared one can get otherwise
# (a change made without an event, e.g. in the admin).
SNAPSHOT_TTL_S = 5.0
# Group membership in channels_redis expires; renew it well before.
GROUP_RENEW_S = 3600


class Socket(Protocol):
    """A websocket as the hub sees it. None of these wait: a fan-out, a batch and a
    heartbeat each reach every socket without yielding to the loop, so they reach
    each socket whole and in the order they were made."""

    audience: Audience

    def push(self, event_id: int, text: str) -> None: ...

    def notify(self, text: str) -> None: ...

    def advance(self, position: int) -> None: ...

    def close_for(self, reason: str) -> None: ...


class Hub:
    def __init__(self) -> None:
        self.dispatch: set[Socket] = set()
        self.agency: dict[int, set[Socket]] = {}
        self.public: set[Socket] = set()
        self.process_id = uuid.uuid4().hex
        # Every event id <= confirmed has been relayed; `relayed` holds those above it.
        self.confirmed = 0
        self.relayed: set[int] = set()
        self.newest = 0  # the largest id relayed so far
        # A late event of an incident goes out with the newer state (realtime.ordering).
        self.states = NewestStates()
        # Events relayed from the log because the layer had not brought them (/metrics).
        self.repaired = 0
        self.public_pending: dict[int, dict[str, Any]] = {}
        self.public_last_id = 0
        self.public_sent_id = 0  # the last public batch sent
        self.public_last_frame = 0.0
        self.public_wakeup = asyncio.Event()
        self.snapshots: dict[tuple[str, int | None], tuple[int, float, list[str]]] = {}
        self.snapshot_locks: dict[tuple[str, int | None], asyncio.Lock] = {}
        self.positions = positions.PositionRelay()
        self.tasks: list[asyncio.Task] = []
        self.layer = get_channel_layer()
        self.channel_name: str | None = None
        self.ready = asyncio.Event()

    # --- sockets ------------------------------------------------------------------

    def register(self, socket: Socket) -> None:
        audience = socket.audience
        if audience.kind == "dispatch":
            self.dispatch.add(socket)
        elif audience.kind == "agency":
            self.agency.setdefault(audience.agency_id, set()).add(socket)
        else:
            self.public.add(socket)

    def unregister(self, socket: Socket) -> None:
        self.dispatch.discard(socket)
        self.public.discard(socket)
        for sockets in self.agency.values():
            sockets.discard(socket)

    def staff_sockets(self) -> list[Socket]:
        return [*self.dispatch, *(s for group in self.agency.values() for s in group)]

    def agency_counts(self) -> dict[int, int]:
        return {agency_id: len(s) for agency_id, s in self.agency.items() if s}

    # --- lifecycle ----------------------------------------------------------------

    async def start(self) -> None:
        # Sockets that connect resume from the log, so older events are not ours.
        self.confirmed = await database_sync_to_async(_latest_event_id)()
        loop = asyncio.get_running_loop()
        self.tasks = [
            loop.create_task(self._listen()),
            loop.create_task(self._heartbeat()),
            loop.create_task(self._flush_public()),
            loop.create_task(
                positions.relay_forever(
                    self.positions, lambda: (self.dispatch, self.agency), self._notify_all
                )
            ),
        ]
        # Sockets may register at once; the layer subscription follows within ms.
        try:
            await asyncio.wait_for(self.ready.wait(), timeout=5)
        except TimeoutError:
            logger.warning("realtime hub: channel layer not ready; relying on heartbeats")

    async def stop(self) -> None:
        for task in self.tasks:
            task.cancel()
        # A task waiting on a database thread finishes only when the thread does.
        await asyncio.wait(self.tasks, timeout=2)
        if self.layer is not None and self.channel_name:
            try:
                await self.layer.group_discard(EVENTS_GROUP, self.channel_name)
            except Exception:
                logger.debug("group_discard failed", exc_info=True)

    async def _listen(self) -> None:
        """Receive from the layer forever; reconnect after a Redis outage."""
        if self.layer is None:
            self.ready.set()
            return
        while True:
            try:
                if self.channel_name is None:
                    self.channel_name = await self.layer.new_channel(prefix="hub")
                await self.layer.group_add(EVENTS_GROUP, self.channel_name)
                renewed = time.monotonic()
                self.ready.set()
                while True:
                    message = await self.layer.receive(self.channel_name)
                    await self.handle(message)
                    if time.monotonic() - renewed > GROUP_RENEW_S:
                        await self.layer.group_add(EVENTS_GROUP, self.channel_name)
                        renewed = time.monotonic()
            except asyncio.CancelledError:
                raise
            except Exception:
                # Missed events are recovered by clients through heartbeat and resume.
                logger.warning("realtime hub: channel layer receive failed", exc_info=True)
                self.ready.set()
                await asyncio.sleep(1)

    async def handle(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "events.new":
            self.deliver(message["message"])
        elif kind == "control.close_user":
            self.close_user(message["user_id"], message.get("reason", "signed out"))

    # --- fan-out ------------------------------------------------------------------

    def deliver(self, message: dict[str, Any]) -> None:
        event_id = message["id"]
        if event_id <= self.confirmed or event_id in self.relayed:
            return  # relayed already, by the layer or by a repair
        self.mark_relayed(event_id)
        self.fan_out(message)

    def mark_relayed(self, event_id: int) -> None:
        self.relayed.add(event_id)
        self.newest = max(self.newest, event_id)

    def fan_out(self, message: dict[str, Any]) -> None:
        event_id = message["id"]
        message = self.states.message_to_relay(message)
        if self.dispatch or self.agency:
            text = dumps(projections.staff_event(message))
            targets: list[Socket] = list(self.dispatch)
            for agency_id in message.get("data", {}).get("agency_ids", []):
                targets.extend(self.agency.get(agency_id, ()))
            self._send_all(targets, event_id, text)
        public = projections.public_event(message) if self.public else None
        if public is not None and public["incident"] is not None:
            # Coalesced: only the newest state of each incident goes out each second.
            self.public_pending[public["incident"]["id"]] = public
            self.public_last_id = max(self.public_last_id, event_id)
            self.public_wakeup.set()

    # A fan-out does not yield to the loop between sockets. Yielding every 200
    # sockets let HTTP requests in sooner but cost CPU per frame: on uvicorn
    # 18.3 -> 23.1 us, on daphne 32.7 -> 49.7 us (its reactor writes on each turn),
    # and the dispatch p99 went up, not down (bench, quick dispatch phase).
    def _send_all(self, sockets: list[Socket], event_id: int, text: str) -> None:
        for socket in sockets:
            try:
                socket.push(event_id, text)
            except Exception:
                logger.debug("push to a socket failed", exc_info=True)

    def _notify_all(self, sockets: list[Socket], text: str) -> None:
        for socket in sockets:
            try:
                socket.notify(text)
            except Exception:
                logger.debug("notify to a socket failed", exc_info=True)

    async def _flush_public(self) -> None:
        """At most one public frame a second, but the first change after a quiet
        spell goes out at once: on an ordinary night the map is not a second late."""
        while True:
            await self.public_wakeup.wait()
            self.public_wakeup.clear()
            wait = self.public_last_frame + PUBLIC_FLUSH_S - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                self.flush_public()
            except Exception:
                logger.warning("public flush failed", exc_info=True)

    def flush_public(self) -> None:
        if not self.public_pending:
            return
        events = sorted(self.public_pending.values(), key=lambda e: e["id"])
        self.public_pending = {}
        frame = {"type": "batch", "last_event_id": self.public_last_id, "events": events}
        self.public_last_frame = time.monotonic()
        self._send_all(list(self.public), self.public_last_id, dumps(frame))
        self.public_sent_id = self.public_last_id

    # --- heartbeat ----------------------------------------------------------------

    async def _heartbeat(self) -> None:
        last_beat = time.monotonic()
        while True:
            await asyncio.sleep(min(REPAIR_S, HEARTBEAT_S))
            try:
                await self.repair()
            except asyncio.CancelledError:
                raise
            except Exception:
                # Still beat: /metrics then sees this hub's position stand still.
                logger.warning("repair failed", exc_info=True)
            try:
                if time.monotonic() - last_beat >= HEARTBEAT_S:
                    last_beat = time.monotonic()
                    await self.beat()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("heartbeat failed", exc_info=True)

    async def repair(self) -> None:
        """Relay from the log what the layer lost or has not brought yet."""
        while True:
            ids, missing = await database_sync_to_async(_missing_events)(
                self.confirmed, set(self.relayed)
            )
            for message in missing:
                if message["id"] in self.relayed:
                    continue  # arrived through the layer while we were reading
                self.mark_relayed(message["id"])
                self.repaired += 1
                self.fan_out(message)
            if ids:
                self.confirmed = ids[-1]
                self.relayed = {i for i in self.relayed if i > self.confirmed}
                self.states.forget_through(self.confirmed)
            if len(ids) < REPAIR_BATCH:
                return

    async def beat(self) -> None:
        self.advance_sockets()
        latest = self.confirmed
        frame = {"type": "heartbeat", "last_event_id": latest}
        text = dumps(frame)
        self._notify_all(self.staff_sockets(), text)
        # Every hub reports its position, so /metrics sees one that stalls.
        counts = await presence.publish_and_collect(
            self.process_id, self.agency_counts(), position=self.confirmed, repaired=self.repaired
        )
        if self.dispatch:
            presence_text = dumps({"type": "presence", "agencies": counts})
            self._notify_all(list(self.dispatch), presence_text)
        if self.public and time.monotonic() - self.public_last_frame >= HEARTBEAT_S - 0.5:
            self._notify_all(list(self.public), text)
        await self.revalidate()

    def advance_sockets(self) -> None:
        """Tell each socket what it has surely been sent, so it can forget the ids.

        Every id <= confirmed has been fanned out (an id is marked relayed and
        fanned out with no await in between), so a staff socket that is not
        resuming has been sent every event up to it that was its own. Public
        sockets get batches: only what the last batch carried is theirs.
        """
        for socket in self.staff_sockets():
            socket.advance(self.confirmed)
        for socket in list(self.public):
            socket.advance(self.public_sent_id)

    async def snapshot(self, audience: Audience) -> tuple[int, list[str]]:
        """The snapshot frames of this audience and their position, shared.

        When 5,000 public screens reconnect after a server restart, each would
        otherwise read and encode the same incidents. A shared snapshot is valid
        while no event newer than its position has been relayed: any newer one
        reaches a new socket as a live event (it registered before asking).
        """
        key = (audience.kind, audience.agency_id if audience.kind == "agency" else None)
        cached = self._fresh_snapshot(key)
        if cached is not None:
            return cached
        async with self.snapshot_locks.setdefault(key, asyncio.Lock()):
            cached = self._fresh_snapshot(key)  # built while we waited
            if cached is not None:
                return cached
            position, frames = await database_sync_to_async(snapshot_frames)(audience)
            self.snapshots[key] = (position, time.monotonic(), frames)
            return position, frames

    def _fresh_snapshot(self, key: tuple[str, int | None]) -> tuple[int, list[str]] | None:
        cached = self.snapshots.get(key)
        if cached is None:
            return None
        position, built, frames = cached
        if position < self.newest or time.monotonic() - built > SNAPSHOT_TTL_S:
            return None
        return position, frames

    async def revalidate(self) -> None:
        """Close staff sockets whose session ended or whose role changed.

        Close messages travel on the lossy layer too; this check catches any lost.
        """
        sockets = self.staff_sockets()
        if not sockets:
            return
        keys = {(s.audience.user_id, s.session_key) for s in sockets}  # type: ignore[attr-defined]
        valid = await database_sync_to_async(_valid_identities)(keys)
        for socket in sockets:
            identity = (socket.audience.user_id, socket.session_key)  # type: ignore[attr-defined]
            if valid.get(identity) != socket.audience:
                socket.close_for("session or role changed")

    def close_user(self, user_id: int, reason: str) -> None:
        for socket in self.staff_sockets():
            if socket.audience.user_id == user_id:
                socket.close_for(reason)


def snapshot_frames(audience: Audience) -> tuple[int, list[str]]:
    body = sync.snapshot(audience)
    return body["last_event_id"], sync.snapshot_parts(body)


def _latest_event_id() -> int:
    from dispatch.selectors import latest_event_id

    return latest_event_id()


def _missing_events(after: int, relayed: set[int]) -> tuple[list[int], list[dict[str, Any]]]:
    """Ids committed after `after`, and the messages of those not relayed yet.

    Appends commit in id order, so once an id is visible no smaller one can appear.
    """
    from dispatch.models import IncidentEvent
    from dispatch.projections import event_message

    ids = list(
        IncidentEvent.objects.filter(pk__gt=after)
        .order_by("pk")
        .values_list("pk", flat=True)[:REPAIR_BATCH]
    )
    missing = [i for i in ids if i not in relayed]
    rows = IncidentEvent.objects.filter(pk__in=missing).order_by("pk") if missing else []
    return ids, [event_message(e) for e in rows]


def _valid_identities(keys: set[tuple[int | None, str | None]]) -> dict[tuple, Audience]:
    """For each (user id, session key) still signed in, the audience it may join now."""
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from realtime.identity import audience_for

    live_sessions = set(
        Session.objects.filter(
            session_key__in=[k for _, k in keys if k], expire_date__gt=timezone.now()
        ).values_list("session_key", flat=True)
    )
    users = get_user_model().objects.select_related("staff").in_bulk([u for u, _ in keys if u])
    result = {}
    for user_id, session_key in keys:
        user = users.get(user_id)
        if user is None or session_key not in live_sessions:
            continue
        result[(user_id, session_key)] = audience_for(user)
    return result


_hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub] = weakref.WeakKeyDictionary()
_starting: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
    weakref.WeakKeyDictionary()
)


async def get_hub() -> Hub:
    """The hub of the running event loop (one per server process), started once."""
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is not None:
        return hub
    lock = _starting.setdefault(loop, asyncio.Lock())
    async with lock:
        hub = _hubs.get(loop)
        if hub is None:
            hub = Hub()
            await hub.start()
            _hubs[loop] = hub
    return hub


async def stop_hub() -> None:
    """For tests: stop this loop's hub so the next test starts from scratch."""
    hub = _hubs.pop(asyncio.get_running_loop(), None)
    if hub is not None:
        await hub.stop()
