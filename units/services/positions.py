"""Positions of units: batches from the field, checked, stored in one insert."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dispatch.models import EventType
from dispatch.services import ServiceError
from geo.regions import BBOX
from units.models import Unit, UnitPosition
from units.services.common import append_unit_events, lock_unit, require_unit_actor, save_unit

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
    """Store a batch of fixes {lat, lon, at, accuracy_m}; the newest becomes the unit's
    position (and an event) when it is newer than the one it has. Fixes that arrive
    late (an offline queue) join the track without moving the unit back."""
    if not positions:
        return 0
    if len(positions) > MAX_BATCH:
        raise ServiceError(_("Too many positions in one request."))
    now = timezone.now()
    for fix in positions:
        problem = position_problem(lat=fix["lat"], lon=fix["lon"], at=fix["at"], now=now)
        if problem:
            raise ServiceError(problem)
    with transaction.atomic():
        unit = lock_unit(unit.pk)
        require_unit_actor(user=user, unit=unit)
        UnitPosition.objects.bulk_create(
            UnitPosition(
                unit=unit,
                lat=fix["lat"],
                lon=fix["lon"],
                at=fix["at"],
                accuracy_m=fix.get("accuracy_m"),
            )
            for fix in positions
        )
        newest = max(positions, key=lambda fix: fix["at"])
        if unit.position_at is None or newest["at"] > unit.position_at:
            unit.lat, unit.lon = newest["lat"], newest["lon"]
            unit.position_at = newest["at"]
            unit.accuracy_m = newest.get("accuracy_m")
            save_unit(unit, ["lat", "lon", "position_at", "accuracy_m"])
            moved = {"count": len(positions)}
            append_unit_events(
                unit=unit, incident=None, actor=user, entries=[(EventType.UNIT_POSITION, moved)]
            )
    return len(positions)
