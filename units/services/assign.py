"""Sending a unit to an incident."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dispatch import selectors as dispatch_selectors
from dispatch.models import (
    OPEN_STATUSES,
    Assignment,
    AssignmentRole,
    EventType,
    Incident,
)
from dispatch.roles import Role, role_of
from dispatch.services import Conflict, NotAllowed, ServiceError
from dispatch.services.events import lock, reload, save
from units.models import Unit, UnitAssignment, UnitStatus
from units.services.common import (
    append_unit_events,
    lock_unit,
    record_transition,
    require_unit_actor,
    save_unit,
)

# A unit that is free, or on its way home after clearing its last incident.
ASSIGNABLE = (UnitStatus.AVAILABLE, UnitStatus.RETURNING)


def unit_assign(
    *,
    unit: Unit,
    incident: Incident,
    user: Any,
    recommended_rank: int | None = None,
    reason: str = "",
) -> UnitAssignment:
    """Send a unit to an incident. Its agency joins the incident (as support) if it
    was not on it, so that its staff see what their unit works.

    `recommended_rank` is where the unit stood in the recommendation the assigner saw
    (1 = first; None = not recommended). Any other choice than the first is an
    override of the recommendation: it needs a reason, and both are logged.
    """
    reason = reason.strip()[:500]
    override = recommended_rank != 1
    if override and not reason:
        raise ServiceError(_("This unit is not the first recommendation: give a reason."))
    with transaction.atomic():
        unit = lock_unit(unit.pk)
        require_unit_actor(user=user, unit=unit)
        incident = lock(incident.pk)
        previous = dispatch_selectors.assigned_agency_ids(incident_id=incident.pk)
        _check(user=user, unit=unit, incident=incident, previous=previous)
        now = timezone.now()
        assignment = UnitAssignment.objects.create(
            unit=unit,
            incident=incident,
            assigned_at=now,
            assigned_by=user if getattr(user, "is_authenticated", False) else None,
            recommended_rank=recommended_rank,
            override_reason=reason if override else "",
        )
        old = record_transition(
            unit=unit, to=UnitStatus.ASSIGNED, at=now, user=user, incident=incident
        )
        save_unit(unit, ["status", "status_at"])
        entries: list[tuple[str, dict[str, Any]]] = []
        if unit.agency_id not in previous:
            Assignment.objects.create(
                incident=incident, agency_id=unit.agency_id, role=AssignmentRole.SUPPORT
            )
            save(incident, [])
            joined = {
                "agency_id": unit.agency_id,
                "role": AssignmentRole.SUPPORT,
                "previous_agency_ids": previous,
                "unit_id": unit.pk,
            }
            entries.append((EventType.ASSIGNED, joined))
        sent = {
            "from": old,
            "incident_id": incident.pk,
            "recommended_rank": recommended_rank,
            "override": override,
            "reason": reason if override else "",
        }
        entries.append((EventType.UNIT_ASSIGNED, sent))
        incident = reload(incident)
        append_unit_events(unit=unit, incident=incident, actor=user, entries=entries)
    return assignment


def _check(*, user: Any, unit: Unit, incident: Incident, previous: list[int]) -> None:
    if role_of(user) == Role.AGENCY and user.staff.agency_id not in previous:
        raise NotAllowed(_("This incident is not routed to your agency."))
    if incident.status not in OPEN_STATUSES:
        raise Conflict(_("Only an open incident can be given units."))
    if incident.awaiting_disposition:
        # Sending a unit would route it past the supervisor who has to decide first.
        raise Conflict(_("This incident waits for a supervisor's disposition."))
    if not unit.active:
        raise Conflict(_("This unit is not in service."))
    if unit.status not in ASSIGNABLE:
        raise Conflict(
            _("The unit is %(status)s: only an available unit can be sent.")
            % {"status": unit.status}
        )
