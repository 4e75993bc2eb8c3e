"""What every unit service shares: the row lock, who may act on a unit, the
transition record and the events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from dispatch.models import Incident
from dispatch.roles import Role, role_of
from dispatch.services import NotAllowed, ServiceError
from dispatch.services.events import append_events
from units.models import Unit, UnitStatusChange
from units.projections import unit_payload

DESK = (Role.DISPATCHER, Role.SUPERVISOR, Role.SYSTEM)


def lock_unit(unit_id: int) -> Unit:
    """The unit's row, locked until commit. Unit services take it before any incident
    row, always in that order, so two of them never wait on each other in a circle."""
    try:
        # Only the unit's own row: a join would lock its agency too, and every unit of
        # that agency would then write one at a time (bench, units phase).
        return Unit.objects.select_for_update(of=("self",)).select_related("agency").get(pk=unit_id)
    except Unit.DoesNotExist:
        raise ServiceError(_("Unit not found.")) from None


def require_unit_actor(*, user: Any, unit: Unit) -> None:
    """The desk acts on every unit; agency staff on their own agency's units only."""
    role = role_of(user)
    if role in DESK:
        return
    if role == Role.AGENCY and user.staff.agency_id == unit.agency_id:
        return
    if role == Role.AGENCY:
        raise NotAllowed(_("This unit belongs to another agency."))
    raise NotAllowed(_("Only staff may do this."))


def record_transition(
    *, unit: Unit, to: str, at: datetime, user: Any, incident: Incident | None
) -> str:
    """Move the unit to a status, keep the transition with its time; the old status."""
    old = unit.status
    UnitStatusChange.objects.create(
        unit=unit,
        from_status=old,
        to_status=to,
        at=at,
        incident=incident,
        actor=user if getattr(user, "is_authenticated", False) else None,
    )
    unit.status = to
    unit.status_at = at
    return old


def save_unit(unit: Unit, fields: list[str]) -> None:
    # The row is locked: a plain increment is safe and the payload reads the new value.
    unit.version += 1
    unit.save(update_fields=[*fields, "version"])


def append_unit_events(
    *,
    unit: Unit,
    incident: Incident | None,
    actor: Any,
    entries: list[tuple[str, dict[str, Any]]],
) -> None:
    """Append events carrying the unit after the change (and the incident, if any),
    heard by the desk, the unit's agency and the incident's agencies."""
    payload = unit_payload(unit)
    stamped = [(kind, {**data, "unit": payload}) for kind, data in entries]
    append_events(incident=incident, actor=actor, entries=stamped, also_to=[unit.agency_id])
