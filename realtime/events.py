"""The one place that publishes incident events to live screens.

The database log (IncidentEvent) is the truth; the channel layer is only a fast,
lossy hint. Publishing therefore happens after commit, and a failure to publish
is logged, never raised: clients catch up from the log through heartbeats.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

# Every server process relays this group to its own sockets.
EVENTS_GROUP = "events"


def dumps(message: dict[str, Any]) -> str:
    """The text of a websocket frame: compact, and UTF-8 as it is (place names)."""
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


def event_message(event: Any) -> dict[str, Any]:
    """The wire form of an event row (DESIGN §7), before any audience projection."""
    return {
        "type": "event",
        "id": event.pk,
        "event": event.type,
        "incident": event.data.get("incident"),
        "data": {k: v for k, v in event.data.items() if k != "incident"},
        "at": event.created_at.isoformat(),
    }


def publish_on_commit(event: Any) -> None:
    message = event_message(event)
    transaction.on_commit(lambda: publish(message), robust=True)


def publish(message: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(EVENTS_GROUP, {"type": "events.new", "message": message})
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
            async_to_sync(layer.group_send)(EVENTS_GROUP, message)
        except Exception:
            logger.warning("could not ask to close sockets of user %s", user_id, exc_info=True)

    transaction.on_commit(send, robust=True)
