"""Positions of units: batches from the field, checked, handed to the writer."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from dispatch.services import ServiceError
from geo.regions import BBOX
from units.models import Unit
from units.services.common import require_unit_actor
from units.services.position_writes import WRITER, Fix

# A phone's clock may run a little ahead of the server's; more than this is wrong.
CLOCK_SKEW = timedelta(seconds=30)
# The most fixes one request may carry (an hour offline at one fix every 10 s).
MAX_BATCH = 500


def position_problem(*, lat: float, lon: float, at: datetime, now: datetime) -> str | None:
    """Why a fix cannot be a unit's position, or None when it can."""
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return _("Latitude and longitude must be numbers.")
    if not (BBOX[0] <= lat <= BBOX[1] and BBOX[2] <= lon <= BBOX[3]):
        return _("This position is outside Indonesia.")
    if at > now + CLOCK_SKEW:
        return _("This position is in the future: check the device's clock.")
    return None


def unit_positions_record(*, unit: Unit, user: Any, positions: list[dict[str, Any]]) -> int:
    """Accept a batch of fixes {lat, lon, at, accuracy_m} of a unit: checked here,
    written within a second with every other unit's (units.services.position_writes).
    The newest fix becomes the unit's position when it is newer than the one it has;
    fixes that arrive late (an offline queue) join the track without moving the unit
    back, and a fix the track has already (a replayed batch) is not stored twice.

    A position is soft state, not an event: 500 units every 10 s took the event log's
    lock 50 times a second and sent 50 frames a second to every dispatch screen, and
    the dispatch events waited behind them (README, Performance, units phase). The
    hubs read what moved once a second (realtime/positions.py), and a resume sends
    the positions again, so a missed one heals.
    """
    if not positions:
        return 0
    if len(positions) > MAX_BATCH:
        raise ServiceError(_("Too many positions in one request."))
    now = timezone.now()
    for fix in positions:
        problem = position_problem(lat=fix["lat"], lon=fix["lon"], at=fix["at"], now=now)
        if problem:
            raise ServiceError(problem)
    require_unit_actor(user=user, unit=unit)
    WRITER.add(
        [
            Fix(unit.pk, fix["lat"], fix["lon"], fix["at"], fix.get("accuracy_m"))
            for fix in positions
        ]
    )
    return len(positions)
