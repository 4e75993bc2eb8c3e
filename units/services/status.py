"""A unit's status lifecycle, and the incident that follows its units.

    available -> assigned -> en_route -> on_scene -> (transporting ->) returning -> available

Forward steps are never skipped (an assigned unit is not on scene before it was en
route: 409). A unit may stand down to `available` from any step and drop out of
service from any; `assigned` is reached only by an assignment (units.services.assign).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dispatch.models import EventType, Incident, Status
from dispatch.services import Conflict, ServiceError
from dispatch.services.events import lock, reload, save
from units import selectors
from units.models import Unit, UnitStatus
from units.services.common import (
    append_unit_events,
    lock_unit,
    record_transition,
    require_unit_actor,
    save_unit,
)

U = UnitStatus
UNIT_TRANSITIONS: dict[str, set[str]] = {
    U.AVAILABLE: {U.ASSIGNED, U.OUT_OF_SERVICE},
    U.ASSIGNED: {U.EN_ROUTE, U.AVAILABLE, U.OUT_OF_SERVICE},
    U.EN_ROUTE: {U.ON_SCENE, U.AVAILABLE, U.OUT_OF_SERVICE},
    U.ON_SCENE: {U.TRANSPORTING, U.RETURNING, U.AVAILABLE, U.OUT_OF_SERVICE},
    U.TRANSPORTING: {U.RETURNING, U.AVAILABLE, U.OUT_OF_SERVICE},
    U.RETURNING: {U.ASSIGNED, U.AVAILABLE, U.OUT_OF_SERVICE},
    U.OUT_OF_SERVICE: {U.AVAILABLE},
}

# A unit in one of these has left its incident: its assignment is cleared.
CLEARING = frozenset({U.RETURNING, U.AVAILABLE, U.OUT_OF_SERVICE})

# The incident follows its units where that is unambiguous: the first unit en route
# or on scene moves a claimed incident along (never back, never to resolved: that is
# the agency's word). A new incident waits for its claim: no agency holds it yet.
INCIDENT_FOLLOWS: dict[str, dict[str, str]] = {
    U.EN_ROUTE: {Status.CLAIMED: Status.EN_ROUTE},
    U.ON_SCENE: {Status.CLAIMED: Status.ON_SCENE, Status.EN_ROUTE: Status.ON_SCENE},
}


def unit_set_status(*, unit: Unit, user: Any, status: str) -> Unit:
    """Report a unit's progress: en route, on scene, transporting, returning, ..."""
    if status not in U.values:
        raise ServiceError(_("Unknown unit status."))
    if status == U.ASSIGNED:
        raise ServiceError(_("A unit is assigned by sending it to an incident."))
    with transaction.atomic():
        unit = lock_unit(unit.pk)
        require_unit_actor(user=user, unit=unit)
        if status not in UNIT_TRANSITIONS[unit.status]:
            raise Conflict(
                _("Cannot change the unit's status from %(old)s to %(new)s.")
                % {"old": unit.status, "new": status}
            )
        now = timezone.now()
        assignment = selectors.unit_open_assignment(unit_id=unit.pk)
        incident = lock(assignment.incident_id) if assignment else None
        if assignment is not None and status in CLEARING:
            assignment.cleared_at = now
            assignment.save(update_fields=["cleared_at"])
        old = record_transition(unit=unit, to=status, at=now, user=user, incident=incident)
        save_unit(unit, ["status", "status_at"])
        entries = [(EventType.UNIT_STATUS_CHANGED, {"from": old, "to": status})]
        if incident is not None:
            entries += _incident_follow(incident=incident, unit=unit)
            incident = reload(incident)
        append_unit_events(unit=unit, incident=incident, actor=user, entries=entries)
    return unit


def _incident_follow(*, incident: Incident, unit: Unit) -> list[tuple[str, dict[str, Any]]]:
    """Move the (locked) incident as its unit moved, if the rule is unambiguous."""
    target = INCIDENT_FOLLOWS.get(unit.status, {}).get(incident.status)
    if target is None:
        return []
    old = incident.status
    incident.status = target
    save(incident, ["status"])
    changed = {"from": old, "to": target, "note": "", "unit_id": unit.pk}
    return [(EventType.STATUS_CHANGED, changed)]
