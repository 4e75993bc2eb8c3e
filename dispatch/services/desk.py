"""The desk's actions: assign, merge, split, cancel, dispose, locate by hand."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from dispatch import routing, selectors
from dispatch.models import (
    OPEN_STATUSES,
    Agency,
    Assignment,
    AssignmentRole,
    CancelReason,
    EventType,
    Incident,
    LocationState,
    Priority,
    Report,
    Status,
)
from dispatch.roles import Role, role_of
from dispatch.services.access import Conflict, NotAllowed, ServiceError, require_desk
from dispatch.services.events import append_events, lock, reload, save
from dispatch.services.triage import assessment_from_report, incident_open, location_from_report


def incident_assign(
    *, incident: Incident, user: Any, agency: Agency, role: str = AssignmentRole.LEAD
) -> Incident:
    """A dispatcher routes an incident to an agency, as lead or support."""
    require_desk(user)
    if not agency.active:
        raise ServiceError(_("This agency is not active."))
    if role not in AssignmentRole.values:
        raise ServiceError(_("Unknown role."))
    with transaction.atomic():
        incident = lock(incident.pk)
        if incident.status not in OPEN_STATUSES:
            raise Conflict(_("Only an open incident can be assigned."))
        previous = selectors.assigned_agency_ids(incident_id=incident.pk)
        fields: list[str] = ["awaiting_disposition"]
        incident.awaiting_disposition = False
        if role == AssignmentRole.LEAD:
            Assignment.objects.filter(incident=incident, role=AssignmentRole.LEAD).exclude(
                agency=agency
            ).update(role=AssignmentRole.SUPPORT)
            if incident.lead_agency_id != agency.pk and incident.status != Status.NEW:
                # A new lead agency has not claimed it: it goes back to the queue.
                incident.status = Status.NEW
                incident.claimed_by = None
                incident.claimed_at = None
                fields += ["status", "claimed_by", "claimed_at"]
            incident.lead_agency = agency
            fields.append("lead_agency")
        Assignment.objects.update_or_create(
            incident=incident, agency=agency, defaults={"role": role}
        )
        save(incident, fields)
        incident = reload(incident)
        assigned = {"agency_id": agency.pk, "role": role, "previous_agency_ids": previous}
        append_events(incident=incident, actor=user, entries=[(EventType.ASSIGNED, assigned)])
    return incident


def incident_cancel(*, incident: Incident, user: Any, reason: str, note: str = "") -> Incident:
    """Cancel an incident as a prank, a duplicate or invalid."""
    require_desk(user)
    if reason not in CancelReason.values:
        raise ServiceError(_("Unknown cancel reason."))
    with transaction.atomic():
        incident = lock(incident.pk)
        _cancel_locked(incident=incident, user=user, reason=reason, note=note)
    return reload(incident)


def _cancel_locked(
    *, incident: Incident, user: Any, reason: str, note: str, merged_into: Incident | None = None
) -> Incident:
    if incident.status not in OPEN_STATUSES:
        raise Conflict(_("Only an open incident can be cancelled."))
    old = incident.status
    incident.status = Status.CANCELLED
    incident.cancel_reason = reason
    incident.merged_into = merged_into
    save(incident, ["status", "cancel_reason", "merged_into"])
    incident = reload(incident)
    data: dict[str, Any] = {"from": old, "reason": reason, "note": note[:500]}
    if merged_into is not None:
        data["merged_into"] = merged_into.pk
    append_events(incident=incident, actor=user, entries=[(EventType.CANCELLED, data)])
    return incident


def incident_merge(*, incident: Incident, other: Incident, user: Any) -> Incident:
    """Fold `other` into `incident`: its reports move, and it is cancelled as a duplicate."""
    require_desk(user)
    if incident.pk == other.pk:
        raise ServiceError(_("An incident cannot be merged into itself."))
    with transaction.atomic():
        # Lock both rows in id order, so two opposite merges cannot deadlock.
        locked = {i.pk: i for i in (lock(pk) for pk in sorted([incident.pk, other.pk]))}
        target, source = locked[incident.pk], locked[other.pk]
        if target.status not in OPEN_STATUSES or source.status not in OPEN_STATUSES:
            raise Conflict(_("Only open incidents can be merged."))
        moved = list(source.reports.values_list("pk", flat=True))
        Report.objects.filter(pk__in=moved).update(incident=target)
        for assignment in source.assignments.all():
            Assignment.objects.get_or_create(
                incident=target,
                agency_id=assignment.agency_id,
                defaults={"role": AssignmentRole.SUPPORT},
            )
        target.report_count = target.reports.count()
        if Priority.values.index(source.priority) < Priority.values.index(target.priority):
            target.priority = source.priority  # The merged incident keeps the higher priority.
            target.score = max(target.score, source.score)
        save(target, ["report_count", "priority", "score"])
        source.report_count = 0
        source.save(update_fields=["report_count"])
        _cancel_locked(
            incident=source,
            user=user,
            reason=CancelReason.DUPLICATE,
            note=f"merged into #{target.pk}",
            merged_into=target,
        )
        target = reload(target)
        merged = {"other_id": source.pk, "report_ids": moved}
        append_events(incident=target, actor=user, entries=[(EventType.MERGED, merged)])
    return target


def incident_split(*, incident: Incident, user: Any, report_ids: list[int]) -> Incident:
    """Take reports that are about another event out into an incident of their own.

    The new incident is assessed, placed and routed from the first moved report, as
    if it had come in alone. Returns the new incident.
    """
    require_desk(user)
    with transaction.atomic():
        source = lock(incident.pk)
        if source.status not in OPEN_STATUSES:
            raise Conflict(_("Only an open incident can be split."))
        moved = list(source.reports.filter(pk__in=report_ids).order_by("received_at", "pk"))
        if len(moved) != len(set(report_ids)):
            raise ServiceError(_("Some of these reports do not belong to this incident."))
        if len(moved) >= source.reports.count():
            raise ServiceError(_("Leave at least one report in the incident."))
        first = moved[0]
        new = incident_open(
            report=first,
            location=location_from_report(first),
            assessment=assessment_from_report(first),
            split_from=source.pk,
            actor=user,
        )
        Report.objects.filter(pk__in=[r.pk for r in moved[1:]]).update(incident=new)
        new.report_count = len(moved)
        save(new, ["report_count"])
        source.report_count = source.reports.count()
        save(source, ["report_count"])
        source = reload(source)
        split = {"new_id": new.pk, "report_ids": [r.pk for r in moved]}
        append_events(incident=source, actor=user, entries=[(EventType.SPLIT, split)])
        new = reload(new)
        attached = {"report_ids": [r.pk for r in moved]}
        append_events(incident=new, actor=user, entries=[(EventType.REPORT_ATTACHED, attached)])
    return new


def incident_dispose(*, incident: Incident, user: Any, note: str = "") -> Incident:
    """A supervisor's disposition: a complaint held for it is routed to its agencies."""
    if role_of(user) != Role.SUPERVISOR:
        raise NotAllowed(_("Only supervisors give dispositions."))
    with transaction.atomic():
        incident = lock(incident.pk)
        if not incident.awaiting_disposition:
            raise Conflict(_("This incident is not waiting for a disposition."))
        if incident.status not in OPEN_STATUSES:
            raise Conflict(_("Only an open incident can be forwarded."))
        first = incident.reports.order_by("received_at", "pk").first()
        kinds = (first.assessment or {}).get("agencies", []) if first else []
        routed = _route(incident=incident, kinds=kinds)
        incident.awaiting_disposition = False
        save(incident, ["awaiting_disposition"])
        incident = reload(incident)
        disposed = {"agency_ids": [a.pk for a in routed], "note": note[:500]}
        append_events(incident=incident, actor=user, entries=[(EventType.DISPOSED, disposed)])
    return incident


def _route(*, incident: Incident, kinds: Iterable[str]) -> list[Agency]:
    """Assign the agencies responsible for these kinds where the incident is."""
    agencies = routing.agencies_for(kinds=kinds, region_code=incident.region_code)
    for index, agency in enumerate(agencies):
        Assignment.objects.get_or_create(
            incident=incident,
            agency=agency,
            defaults={"role": AssignmentRole.LEAD if index == 0 else AssignmentRole.SUPPORT},
        )
    if agencies and incident.lead_agency_id is None:
        incident.lead_agency = agencies[0]
        incident.save(update_fields=["lead_agency"])
    return agencies


def _placed_by(user: Any) -> dict[str, Any]:
    """Why the point is known: a dispatcher put it there, or the reporter's device."""
    if role_of(user) == Role.SYSTEM:
        return {"code": "device_shared"}
    return {"code": "placed_by_dispatcher"}


def incident_locate(*, incident: Incident, user: Any, lat: float, lon: float) -> Incident:
    """A dispatcher sets the location by hand (a dragged pin, a caller's directions)."""
    require_desk(user)
    region_code, area = routing.region_at(lat=lat, lon=lon)
    with transaction.atomic():
        incident = lock(incident.pk)
        old = {
            "lat": incident.lat,
            "lon": incident.lon,
            "region_code": incident.region_code,
            "location_state": incident.location_state,
        }
        incident.lat, incident.lon = lat, lon
        if region_code:
            incident.region_code = region_code
        incident.location_state = LocationState.KNOWN
        incident.location_detail = {
            "level": "point",
            "area": area,
            "reasons": [_placed_by(user)],
        }
        incident.flags = [f for f in incident.flags if f != "low_confidence_location"]
        fields = ["lat", "lon", "region_code", "location_state", "location_detail", "flags"]
        save(incident, fields)
        incident = reload(incident)
        located = {"from": old, "manual": True}
        append_events(incident=incident, actor=user, entries=[(EventType.LOCATED, located)])
    return incident
