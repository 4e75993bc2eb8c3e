"""The one place that publishes incident events to live screens.

The database log (IncidentEvent) is the truth; the channel layer is only a fast,
lossy hint. Publishing therefore happens after commit, and a failure to publish
is logged, never raised: clients catch up from the log through heartbeats.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import threading
from collections.abc import Coroutine
from concurrent.futures import Future
from typing import Any

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import BaseChannelLayer, get_channel_layer
from django.db import transaction

from dispatch.projections import event_message

logger = logging.getLogger(__name__)

# Every server process relays this group to its own sockets.
EVENTS_GROUP = "events"
# A send not finished by then is given up (logged): a stuck Redis must not hold a
# triage worker. Longer than channels_redis's 2 s connect timeout (settings).
SEND_TIMEOUT_S = 5.0


def dumps(message: dict[str, Any]) -> str:
    """The text of a websocket frame: compact, and UTF-8 as it is (place names)."""
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


def publish_on_commit(event: Any) -> None:
    message = event_message(event)
    transaction.on_commit(lambda: publish(message), robust=True)


def publish(message: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        group_send(layer, EVENTS_GROUP, {"type": "events.new", "message": message})
    except Exception:
        # Lossy by design: the heartbeat carries the latest id and clients resume.
        logger.warning("publish of event %s failed", message["id"], exc_info=True)


def close_user_sockets_on_commit(user_id: int, reason: str) -> None:
    """Ask every server process to close this user's sockets (sign-out, role change).

    Lossy like events: the hubs also recheck sessions and roles at each heartbeat.
    """

    def send() -> None:
        layer = get_channel_layer()
        if layer is None:
            return
        message = {"type": "control.close_user", "user_id": user_id, "reason": reason}
        try:
            group_send(layer, EVENTS_GROUP, message)
        except Exception:
            logger.warning("could not ask to close sockets of user %s", user_id, exc_info=True)

    transaction.on_commit(send, robust=True)


# --- sending from sync code ---------------------------------------------------------


def group_send(layer: BaseChannelLayer, group: str, message: dict[str, Any]) -> None:
    """`layer.group_send` from sync code, on the cheapest event loop for the caller.

    A sync view under daphne/uvicorn runs in a thread of the server's loop:
    async_to_sync hands the send to that loop, whose Redis connections stay open.
    A Celery worker or a management command has no such loop, and there
    async_to_sync would start a new loop (and thread) for every call, and
    channels_redis, which pools connections per loop, would connect to Redis anew
    for every event. They send through one long-lived loop per process instead.
    """
    if _under_server_loop() or not _is_redis_layer(layer):
        # The in-memory layer of tests and development keeps asyncio queues bound
        # to the loop that made them: it stays on the caller's loop.
        async_to_sync(layer.group_send)(group, message)
        return
    _publisher().run(layer.group_send(group, message), timeout=SEND_TIMEOUT_S)


def _under_server_loop() -> bool:
    """Whether this thread was entered through sync_to_async from a running loop."""
    return getattr(SyncToAsync.threadlocal, "main_event_loop_pid", None) == os.getpid()


def _is_redis_layer(layer: BaseChannelLayer) -> bool:
    # By module, so that channels_redis stays an optional import for this module.
    return type(layer).__module__.startswith("channels_redis.")


class LoopThread:
    """An event loop running forever in a daemon thread, for sync callers."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="publisher", daemon=True)
        self.thread.start()

    def run(self, coroutine: Coroutine[Any, Any, Any], *, timeout: float) -> Any:
        future: Future[Any] = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        try:
            return future.result(timeout)
        except TimeoutError:
            future.cancel()
            raise


_loop_thread: LoopThread | None = None
_loop_lock = threading.Lock()


def _publisher() -> LoopThread:
    """This process's publisher loop; a forked child (a Celery pool process) makes
    its own, since threads do not survive a fork."""
    global _loop_thread
    current = _loop_thread
    if current is not None and current.pid == os.getpid():
        return current
    with _loop_lock:
        if _loop_thread is None or _loop_thread.pid != os.getpid():
            _loop_thread = LoopThread()
        return _loop_thread
