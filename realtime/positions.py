"""Units' positions to the staff screens: read once a second, sent as one frame.

Positions are soft state (units/services/positions.py): the newest fix of each
unit is on its row, not in the event log. Each process's hub reads the positions
taken in the last LOOKBACK_S seconds, keeps those it has not sent yet and sends
them in one `{"type": "positions", "units": [...]}` frame: every unit to the desk,
an agency's own units to its board. Reading again what was read a second ago
costs a few rows; it catches a batch whose transaction committed after the
previous read had started. A socket that missed frames gets every position again
when it resumes (realtime/sync.py).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from channels.db import database_sync_to_async
from django.utils import timezone

from realtime.events import dumps
from units.projections import positions_taken_since

logger = logging.getLogger(__name__)

EVERY_S = 1.0
# Longer than a position request's transaction takes to commit after its time was
# taken, so that no position is missed by both reads around it.
LOOKBACK_S = 5.0


class PositionRelay:
    """What this process has sent: unit id -> position_at sent (one entry per unit
    that has moved: bounded by the fleet)."""

    def __init__(self) -> None:
        self.sent: dict[int, str | None] = {}

    def changed(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The positions not sent yet, now marked as sent."""
        fresh = [row for row in rows if self.sent.get(row["id"]) != row["position_at"]]
        for row in fresh:
            self.sent[row["id"]] = row["position_at"]
        return fresh


def frames(rows: list[dict[str, Any]], agencies: set[int]) -> tuple[str, dict[int, str]]:
    """The desk's frame (every unit), and one per agency with sockets here (its own)."""
    desk = dumps({"type": "positions", "units": rows})
    own: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        if row["agency_id"] in agencies:
            own.setdefault(row["agency_id"], []).append(row)
    return desk, {a: dumps({"type": "positions", "units": r}) for a, r in own.items()}


async def relay_forever(
    relay: PositionRelay,
    audience: Callable[[], tuple[list[Any], dict[int, set[Any]]]],
    send: Callable[[list[Any], str], None],
) -> None:
    """Every EVERY_S: read what moved, send it to the desk and the agencies' sockets.

    `audience()` gives (dispatch sockets, agency id -> sockets) as they are now.
    """
    while True:
        await asyncio.sleep(EVERY_S)
        desk_sockets, agency_sockets = audience()
        if not desk_sockets and not any(agency_sockets.values()):
            continue  # nobody to tell; a socket that connects gets them in its snapshot
        try:
            since = timezone.now() - timedelta(seconds=LOOKBACK_S)
            rows = await database_sync_to_async(positions_taken_since)(since)
        except Exception:
            logger.warning("positions: read failed", exc_info=True)
            continue
        fresh = relay.changed(rows)
        if not fresh:
            continue
        desk, own = frames(fresh, {a for a, s in agency_sockets.items() if s})
        send(list(desk_sockets), desk)
        for agency_id, text in own.items():
            send(list(agency_sockets.get(agency_id, ())), text)
