"""The agency's side of an incident: claim, release, field status, reopen."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dispatch import selectors
from dispatch.models import Agency, Assignment, AssignmentRole, EventType, Incident, Status
from dispatch.roles import Role, role_of
from dispatch.services.access import (
    Conflict,
    NotAllowed,
    acting_agency,
    require_desk,
    require_holder,
)
from dispatch.services.events import append_events, lock, reload, save


def incident_claim(*, incident: Incident, user: Any, agency: Agency | None = None) -> Incident:
    """Claim an incident for an agency. Exactly one claim wins; the others get Conflict.

    Agency staff claim only for their agency as the lead, or an incident routed to
    them that has no lead yet: a support agency never takes the lead on its own
    (docs/ARCHITECTURE.md, "Claims"). The desk may claim for any agency.
    """
    agency = acting_agency(user=user, agency=agency)
    with transaction.atomic():
        own_claim = role_of(user) == Role.AGENCY
        if own_claim and not selectors.agency_may_claim(incident_id=incident.pk, agency=agency):
            raise NotAllowed(_("This incident is not routed to your agency."))
        previous = selectors.assigned_agency_ids(incident_id=incident.pk)
        now = timezone.now()
        claimable = Incident.objects.filter(pk=incident.pk, status=Status.NEW)
        if own_claim:
            # In the same update, so a lead changed by the desk meanwhile is seen.
            claimable = claimable.filter(Q(lead_agency=agency) | Q(lead_agency__isnull=True))
        # A conditional update is the race arbiter: one row matches for one winner.
        won = claimable.update(
            status=Status.CLAIMED,
            lead_agency=agency,
            claimed_by=user,
            claimed_at=now,
            updated_at=now,
            version=F("version") + 1,
        )
        if not won:
            _refuse_claim(incident_id=incident.pk)
        Assignment.objects.filter(incident_id=incident.pk, role=AssignmentRole.LEAD).exclude(
            agency=agency
        ).update(role=AssignmentRole.SUPPORT)
        Assignment.objects.update_or_create(
            incident_id=incident.pk, agency=agency, defaults={"role": AssignmentRole.LEAD}
        )
        incident = reload(incident)
        claimed = {"agency_id": agency.pk, "previous_agency_ids": previous}
        append_events(incident=incident, actor=user, entries=[(EventType.CLAIMED, claimed)])
    return incident


def _refuse_claim(*, incident_id: int) -> None:
    """Why a claim did not win: taken already (409), or the agency only supports it (403)."""
    status = Incident.objects.filter(pk=incident_id).values_list("status", flat=True).first()
    if status != Status.NEW:
        raise Conflict(_("This incident has already been claimed or is no longer open."))
    raise NotAllowed(
        _(
            "Your agency supports this incident; its lead agency claims it. "
            "Ask the dispatch desk to make your agency the lead."
        )
    )


def incident_release(*, incident: Incident, user: Any, note: str = "") -> Incident:
    """Give a claimed incident back to the queue, e.g. it is not ours."""
    with transaction.atomic():
        incident = lock(incident.pk)
        require_holder(user=user, incident=incident)
        if incident.status not in (Status.CLAIMED, Status.EN_ROUTE):
            raise Conflict(_("Only a claimed incident can be released."))
        return release_locked(incident=incident, actor=user, data={"note": note[:500]})


def release_locked(*, incident: Incident, actor: Any, data: dict[str, Any]) -> Incident:
    """The one release path, for staff giving a claim back and for the SLA watchdog."""
    released_by = incident.lead_agency_id
    incident.status = Status.NEW
    incident.claimed_by = None
    incident.claimed_at = None
    save(incident, ["status", "claimed_by", "claimed_at"])
    incident = reload(incident)
    released = {"agency_id": released_by, **data}
    append_events(incident=incident, actor=actor, entries=[(EventType.RELEASED, released)])
    return incident


# Field progress an agency reports; claim, release, reopen and cancel have their own services.
STATUS_TRANSITIONS: dict[str, set[str]] = {
    Status.NEW: set(),
    Status.CLAIMED: {Status.EN_ROUTE, Status.ON_SCENE, Status.RESOLVED},
    Status.EN_ROUTE: {Status.ON_SCENE, Status.RESOLVED},
    Status.ON_SCENE: {Status.RESOLVED},
    Status.RESOLVED: {Status.CLOSED},
    Status.CLOSED: set(),
    Status.CANCELLED: set(),
}


def incident_set_status(*, incident: Incident, user: Any, status: str, note: str = "") -> Incident:
    """Move an incident along en route -> on scene -> resolved -> closed."""
    with transaction.atomic():
        incident = lock(incident.pk)
        require_holder(user=user, incident=incident)
        if status == Status.CLOSED:
            # Closing confirms the resolution: the desk does that, not the field.
            require_desk(user)
        if status not in STATUS_TRANSITIONS.get(incident.status, set()):
            raise Conflict(
                _("Cannot change status from %(old)s to %(new)s.")
                % {"old": incident.status, "new": status}
            )
        old = incident.status
        incident.status = status
        fields = ["status"]
        now = timezone.now()
        if status == Status.RESOLVED:
            incident.resolved_at = now
            incident.resolution_note = note[:4000]
            fields += ["resolved_at", "resolution_note"]
        elif status == Status.CLOSED:
            incident.closed_at = now
            fields.append("closed_at")
        save(incident, fields)
        incident = reload(incident)
        changed = {"from": old, "to": status, "note": note[:500]}
        append_events(incident=incident, actor=user, entries=[(EventType.STATUS_CHANGED, changed)])
    return incident


def incident_reopen(*, incident: Incident, user: Any, note: str = "") -> Incident:
    """Reopen a resolved, closed or cancelled incident.

    It goes back to `claimed` with the agency that held it; an incident that no
    agency ever claimed (a cancelled prank, say) goes back to `new`.
    """
    with transaction.atomic():
        incident = lock(incident.pk)
        if incident.status == Status.CANCELLED:
            require_desk(user)
        else:
            require_holder(user=user, incident=incident)
        if incident.status not in (Status.RESOLVED, Status.CLOSED, Status.CANCELLED):
            raise Conflict(_("Only a resolved, closed or cancelled incident can be reopened."))
        old = incident.status
        held = incident.claimed_at is not None and incident.lead_agency_id is not None
        incident.status = Status.CLAIMED if held else Status.NEW
        incident.cancel_reason = ""
        incident.merged_into = None
        incident.resolved_at = None
        incident.closed_at = None
        save(incident, ["status", "cancel_reason", "merged_into", "resolved_at", "closed_at"])
        incident = reload(incident)
        reopened = {"from": old, "note": note[:500]}
        append_events(incident=incident, actor=user, entries=[(EventType.REOPENED, reopened)])
    return incident
