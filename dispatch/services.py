"""Writes. Every change to a report or an incident goes through a function here.

Each service is one transaction that appends IncidentEvent rows and publishes
them after commit through `realtime.publish_on_commit`, the only publisher.
Keyword-only arguments, `<entity>_<verb>` names (HackSoft styleguide).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

import realtime
from dispatch import selectors
from dispatch.models import (
    OPEN_STATUSES,
    Agency,
    Assignment,
    AssignmentRole,
    AuditEntry,
    CancelReason,
    Incident,
    IncidentEvent,
    Priority,
    Report,
    ReportState,
    Status,
)
from dispatch.payloads import incident_payload, visible_agency_ids
from dispatch.roles import Role, role_of

logger = logging.getLogger(__name__)


class ServiceError(Exception):
    """A refused change, with a message fit for the person who asked."""

    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Conflict(ServiceError):
    """The incident is not in a state that allows it (lost race, refused transition)."""

    status_code = 409


class NotAllowed(ServiceError):
    status_code = 403


# --- the event log ---------------------------------------------------------------

# Any constant works; it only has to be the same for every writer of the log.
EVENT_LOG_LOCK = 0x112D15A7


def _lock_event_log() -> None:
    """Serialize event appends until commit, so ids commit in increasing order.

    Ids come from a sequence at insert time. Without this lock two transactions
    could commit ids 101 and 100 in that order, and a reader resuming "after 101"
    would never see 100. The advisory lock is transaction-scoped: held from the
    first append to commit. SQLite writers are serialized already.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [EVENT_LOG_LOCK])


def _append_events(
    *, incident: Incident | None, actor: Any, entries: Iterable[tuple[str, dict[str, Any]]]
) -> list[IncidentEvent]:
    """Append events for one incident, carrying its state after this transaction.

    Call it last in a service, after every row lock is taken: taking the log lock
    before a row lock could deadlock against a writer holding that row.
    """
    assert transaction.get_connection().in_atomic_block, "events are appended in a transaction"
    _lock_event_log()
    payload = incident_payload(incident) if incident is not None else None
    agency_ids = visible_agency_ids(payload) if payload else []
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    events = []
    for event_type, data in entries:
        body = dict(data)
        if payload is not None:
            body["incident"] = payload
            # Agencies that saw the incident before this change must hear of it too.
            body["agency_ids"] = sorted(set(agency_ids) | set(body.pop("previous_agency_ids", [])))
        event = IncidentEvent.objects.create(
            type=event_type, incident=incident, actor_id=actor_id, data=body
        )
        realtime.publish_on_commit(event)
        events.append(event)
    return events


def _reload(incident: Incident) -> Incident:
    """The incident with the relations its payload needs, read inside the transaction."""
    return selectors.incident_get(pk=incident.pk)


def _lock(incident_id: int) -> Incident:
    try:
        return Incident.objects.select_for_update().get(pk=incident_id)
    except Incident.DoesNotExist:
        raise ServiceError(_("Incident not found.")) from None


def _save(incident: Incident, fields: list[str]) -> None:
    incident.version = F("version") + 1
    incident.save(update_fields=[*fields, "version", "updated_at"])


# --- permissions -----------------------------------------------------------------


def _require_desk(user: Any) -> None:
    """Dispatchers and supervisors: the roles that assign, merge and cancel."""
    if role_of(user) not in (Role.DISPATCHER, Role.SUPERVISOR):
        raise NotAllowed(_("Only dispatchers and supervisors may do this."))


def _acting_agency(*, user: Any, agency: Agency | None) -> Agency:
    """The agency a user acts for: agency staff only ever for their own."""
    role = role_of(user)
    if role == Role.AGENCY:
        own = user.staff.agency
        if agency is not None and agency.pk != own.pk:
            raise NotAllowed(_("You may only act for your own agency."))
        return own
    if role in (Role.DISPATCHER, Role.SUPERVISOR):
        if agency is None:
            raise ServiceError(_("Choose the agency to act for."))
        return agency
    raise NotAllowed(_("Only staff may do this."))


def _require_holder(*, user: Any, incident: Incident) -> None:
    """Field status changes belong to the agency holding the incident (or the desk)."""
    role = role_of(user)
    if role in (Role.DISPATCHER, Role.SUPERVISOR):
        return
    if role == Role.AGENCY and incident.lead_agency_id == user.staff.agency_id:
        return
    raise NotAllowed(_("Only the agency handling this incident may change it."))


# --- reports ---------------------------------------------------------------------


def report_submit(
    *,
    text: str,
    channel: str = "web",
    address: str = "",
    lat: float | None = None,
    lon: float | None = None,
    reporter_name: str = "",
    reporter_phone: str = "",
    user: Any = None,
) -> Report:
    """Store a report, then hand it to triage after commit.

    The row is committed before any processing, so a report once accepted is
    never lost: if triage fails or never runs, the sweep finds it pending.

    One INSERT needs no transaction block of its own: in autocommit it commits by
    itself (BEGIN and COMMIT would be two more round trips on every report) and
    on_commit then runs at once. Inside a caller's transaction both wait for it.
    """
    report = Report.objects.create(
        text=text,
        channel=channel,
        address=address,
        lat=lat,
        lon=lon,
        reporter_name=reporter_name,
        reporter_phone=reporter_phone,
        submitted_by=user if user is not None and user.is_authenticated else None,
    )
    transaction.on_commit(lambda: _enqueue_triage(report.pk), robust=True)
    return report


def _enqueue_triage(report_id: int) -> None:
    from dispatch.tasks import report_triage_task

    try:
        report_triage_task.delay(report_id)
    except Exception:
        # Broker down: the report is safe in the database; the sweep retries it.
        logger.warning("could not enqueue triage of report %s", report_id, exc_info=True)


def report_mark_failed(*, report_id: int, error: str) -> None:
    Report.objects.filter(pk=report_id).exclude(state=ReportState.PROCESSED).update(
        state=ReportState.FAILED, last_error=error[:2000]
    )


def report_requeue_stuck(*, older_than_s: int, max_attempts: int) -> list[int]:
    """Hand reports that never finished triage back to it (the outbox sweep)."""
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_s)
    ids = list(
        Report.objects.filter(
            state__in=[ReportState.PENDING, ReportState.FAILED],
            received_at__lt=cutoff,
            attempts__lt=max_attempts,
        ).values_list("pk", flat=True)[:500]
    )
    for report_id in ids:
        _enqueue_triage(report_id)
    return ids


def report_retry(*, report: Report, user: Any) -> None:
    """A dispatcher hands a failed report back to triage by hand."""
    _require_desk(user)
    if report.state == ReportState.PROCESSED:
        raise Conflict(_("This report has already been processed."))
    Report.objects.filter(pk=report.pk).update(attempts=0, state=ReportState.PENDING)
    transaction.on_commit(lambda: _enqueue_triage(report.pk), robust=True)


# --- triage ----------------------------------------------------------------------


@dataclass(frozen=True)
class Location:
    lat: float | None = None
    lon: float | None = None
    region_code: str = ""
    confidence: float | None = None
    provider: str = ""
    low_confidence: bool = False


@dataclass(frozen=True)
class Assessment:
    category: str = "other"
    priority: str = Priority.P3
    score: int = 50
    agencies: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Assessment:
        """The assessment kept on a report (Report.assessment)."""
        return cls(
            category=data.get("category", "other"),
            priority=data.get("priority", Priority.P3),
            score=data.get("score", 50),
            agencies=tuple(data.get("agencies", ())),
            reasons=tuple(data.get("reasons", ())),
            flags=tuple(data.get("flags", ())),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "priority": self.priority,
            "score": self.score,
            "fast_track": self.priority == Priority.P1,
            "agencies": list(self.agencies),
            "reasons": list(self.reasons),
            "flags": list(self.flags),
        }


def report_begin_attempt(*, report_id: int) -> Report | None:
    """Count an attempt before work starts, so a crash mid-triage still counts.

    Returns the report as it now is (`attempts` is this attempt's number), or None
    when there is nothing to do. The row read here is the one triage places and
    assesses, so the task reads it once.
    """
    updated = (
        Report.objects.filter(pk=report_id)
        .exclude(state=ReportState.PROCESSED)
        .update(attempts=F("attempts") + 1)
    )
    if not updated:
        return None
    return Report.objects.filter(pk=report_id).first()


def report_process(*, report_id: int, report: Report | None = None) -> Report:
    """Place and assess a report, then attach or open its incident.

    `report` is the row already read by the caller (report_begin_attempt), if any.
    """
    if report is None:
        report = Report.objects.get(pk=report_id)
    location = _locate(report)
    assessment = _assess(report)
    return report_triage(report_id=report_id, location=location, assessment=assessment)


def _locate(report: Report) -> Location:
    from geo.services import locate

    result = locate(lat=report.lat, lon=report.lon, address=report.address, text=report.text)
    region = result.region or {}
    return Location(
        lat=result.lat,
        lon=result.lon,
        region_code=region.get("code", ""),
        confidence=result.confidence,
        provider=result.provider,
        low_confidence=result.low_confidence,
    )


def _assess(report: Report) -> Assessment:
    from priority.engine import assess

    result = assess(report.text, channel=report.channel)
    return Assessment(
        category=result.category,
        priority=result.priority,
        score=result.score,
        agencies=tuple(result.agencies),
        reasons=tuple(result.reasons),
        flags=tuple(result.flags),
    )


def report_triage(*, report_id: int, location: Location, assessment: Assessment) -> Report:
    """Attach a report to a matching open incident, or open one. Idempotent.

    Location and assessment are computed by the caller outside the transaction,
    so slow geocoding never holds row locks.
    """
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        if report.state == ReportState.PROCESSED:
            return report  # A redelivered task: the work is done already.
        report.lat = report.lat if report.lat is not None else location.lat
        report.lon = report.lon if report.lon is not None else location.lon
        report.region_code = location.region_code
        report.location_confidence = location.confidence
        report.location_provider = location.provider
        report.assessment = assessment.as_dict()
        match = selectors.duplicate_candidate(report=report, category=assessment.category)
        if match is not None:
            incident, reason = match
            incident_attach_report(incident=incident, report=report, reason=reason)
        else:
            incident_open(report=report, location=location, assessment=assessment)
        report.state = ReportState.PROCESSED
        report.processed_at = timezone.now()
        report.last_error = ""
        # Only what triage set: the text and contacts are not rewritten.
        report.save(update_fields=TRIAGE_FIELDS)
    return report


# The report fields report_triage sets (incident is saved where it is attached).
TRIAGE_FIELDS = [
    "lat",
    "lon",
    "region_code",
    "location_confidence",
    "location_provider",
    "assessment",
    "state",
    "processed_at",
    "last_error",
]


def incident_open(
    *,
    report: Report,
    location: Location,
    assessment: Assessment,
    split_from: int | None = None,
) -> Incident:
    """Open an incident from its first report, routed by category and jurisdiction."""
    now = timezone.now()
    flags = list(assessment.flags)
    if location.low_confidence or location.lat is None:
        flags.append("low_confidence_location")
    if selectors.repeat_prank_caller(phone=report.reporter_phone):
        # Flagged for the operator, never dropped: a prankster can have a real fire.
        flags.append("repeat_prank_caller")
    awaiting = selectors.disposition_required(priority=assessment.priority)
    # Routed before the insert, so the lead agency goes in with the row.
    agencies: list[Agency] = []
    if not awaiting:
        agencies = selectors.agencies_for(
            kinds=assessment.agencies, region_code=location.region_code
        )
    incident = Incident.objects.create(
        category=assessment.category,
        priority=assessment.priority,
        score=assessment.score,
        lat=report.lat,
        lon=report.lon,
        region_code=location.region_code,
        report_count=1,
        flags=flags,
        awaiting_disposition=awaiting,
        lead_agency=agencies[0] if agencies else None,
        claim_deadline=selectors.claim_deadline(priority=assessment.priority, start=now),
        resolve_deadline=selectors.resolve_deadline(
            priority=assessment.priority, category=assessment.category, start=now
        ),
    )
    report.incident = incident
    report.save(update_fields=["incident"])
    _assign_new(incident=incident, agencies=agencies)
    incident = _reload(incident)
    entries: list[tuple[str, dict[str, Any]]] = [
        (
            "incident.opened",
            {
                "report_id": report.pk,
                "channel": report.channel,
                "reasons": list(assessment.reasons),
                "awaiting_disposition": awaiting,
                "split_from": split_from,
            },
        )
    ]
    if agencies and incident.priority == Priority.P1:
        # Emergencies are assigned to their lead agency at once; it still claims.
        entries.append(
            (
                "incident.assigned",
                {"agency_id": agencies[0].pk, "role": AssignmentRole.LEAD, "automatic": True},
            )
        )
    _append_events(incident=incident, actor=None, entries=entries)
    return incident


def _assign_new(*, incident: Incident, agencies: list[Agency]) -> None:
    """The assignments of an incident inserted in this transaction: it has none yet,
    so one insert does what `_route`'s get_or_create per agency does."""
    Assignment.objects.bulk_create(
        Assignment(
            incident=incident,
            agency=agency,
            role=AssignmentRole.LEAD if index == 0 else AssignmentRole.SUPPORT,
        )
        for index, agency in enumerate(agencies)
    )


def _route(*, incident: Incident, kinds: Iterable[str]) -> list[Agency]:
    """Assign the agencies responsible for these kinds where the incident is."""
    agencies = selectors.agencies_for(kinds=kinds, region_code=incident.region_code)
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


def incident_attach_report(*, incident: Incident, report: Report, reason: str) -> Incident:
    """A further call about the same event: count it, and raise the priority at three callers."""
    incident = _lock(incident.pk)
    report.incident = incident
    report.save(update_fields=["incident"])
    incident.report_count = F("report_count") + 1
    _save(incident, ["report_count"])
    incident = _reload(incident)
    entries: list[tuple[str, dict[str, Any]]] = [
        ("incident.report_attached", {"report_id": report.pk, "reason": reason})
    ]
    callers = selectors.independent_callers(incident=incident)
    raised = selectors.raised_priority(incident.priority)
    if callers >= 3 and raised != incident.priority and "callers_raised" not in incident.flags:
        old = incident.priority
        incident.priority = raised
        incident.flags = [*incident.flags, "callers_raised"]
        _save(incident, ["priority", "flags"])
        incident = _reload(incident)
        entries.append(
            (
                "incident.reprioritized",
                {"from": old, "to": raised, "reason": f"{callers} independent callers"},
            )
        )
    _append_events(incident=incident, actor=None, entries=entries)
    return incident


# --- agency actions --------------------------------------------------------------


def incident_claim(*, incident: Incident, user: Any, agency: Agency | None = None) -> Incident:
    """Claim an incident for an agency. Exactly one claim wins; the others get Conflict."""
    agency = _acting_agency(user=user, agency=agency)
    with transaction.atomic():
        own_claim = role_of(user) == Role.AGENCY
        if own_claim and not selectors.agency_may_claim(incident_id=incident.pk, agency=agency):
            raise NotAllowed(_("This incident is not routed to your agency."))
        previous = selectors.assigned_agency_ids(incident_id=incident.pk)
        now = timezone.now()
        # A conditional update is the race arbiter: one row matches for one winner.
        won = Incident.objects.filter(pk=incident.pk, status=Status.NEW).update(
            status=Status.CLAIMED,
            lead_agency=agency,
            claimed_by=user,
            claimed_at=now,
            updated_at=now,
            version=F("version") + 1,
        )
        if not won:
            raise Conflict(_("This incident has already been claimed or is no longer open."))
        Assignment.objects.filter(incident_id=incident.pk, role=AssignmentRole.LEAD).exclude(
            agency=agency
        ).update(role=AssignmentRole.SUPPORT)
        Assignment.objects.update_or_create(
            incident_id=incident.pk, agency=agency, defaults={"role": AssignmentRole.LEAD}
        )
        incident = _reload(incident)
        _append_events(
            incident=incident,
            actor=user,
            entries=[
                ("incident.claimed", {"agency_id": agency.pk, "previous_agency_ids": previous})
            ],
        )
    return incident


def incident_release(*, incident: Incident, user: Any, note: str = "") -> Incident:
    """Give a claimed incident back to the queue, e.g. it is not ours."""
    with transaction.atomic():
        incident = _lock(incident.pk)
        _require_holder(user=user, incident=incident)
        if incident.status not in (Status.CLAIMED, Status.EN_ROUTE):
            raise Conflict(_("Only a claimed incident can be released."))
        return _release_locked(incident=incident, actor=user, data={"note": note[:500]})


def _release_locked(*, incident: Incident, actor: Any, data: dict[str, Any]) -> Incident:
    released_by = incident.lead_agency_id
    incident.status = Status.NEW
    incident.claimed_by = None
    incident.claimed_at = None
    _save(incident, ["status", "claimed_by", "claimed_at"])
    incident = _reload(incident)
    _append_events(
        incident=incident,
        actor=actor,
        entries=[("incident.released", {"agency_id": released_by, **data})],
    )
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
        incident = _lock(incident.pk)
        _require_holder(user=user, incident=incident)
        if status == Status.CLOSED:
            # Closing confirms the resolution: the desk does that, not the field.
            _require_desk(user)
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
        _save(incident, fields)
        incident = _reload(incident)
        _append_events(
            incident=incident,
            actor=user,
            entries=[("incident.status_changed", {"from": old, "to": status, "note": note[:500]})],
        )
    return incident


def incident_reopen(*, incident: Incident, user: Any, note: str = "") -> Incident:
    """Reopen a resolved, closed or cancelled incident.

    It goes back to `claimed` with the agency that held it (DESIGN §5); an incident
    that no agency ever claimed (a cancelled prank, say) goes back to `new`.
    """
    with transaction.atomic():
        incident = _lock(incident.pk)
        if incident.status == Status.CANCELLED:
            _require_desk(user)
        else:
            _require_holder(user=user, incident=incident)
        if incident.status not in (Status.RESOLVED, Status.CLOSED, Status.CANCELLED):
            raise Conflict(_("Only a resolved, closed or cancelled incident can be reopened."))
        old = incident.status
        held = incident.claimed_at is not None and incident.lead_agency_id is not None
        incident.status = Status.CLAIMED if held else Status.NEW
        incident.cancel_reason = ""
        incident.merged_into = None
        incident.resolved_at = None
        incident.closed_at = None
        _save(incident, ["status", "cancel_reason", "merged_into", "resolved_at", "closed_at"])
        incident = _reload(incident)
        _append_events(
            incident=incident,
            actor=user,
            entries=[("incident.reopened", {"from": old, "note": note[:500]})],
        )
    return incident


# --- desk actions ----------------------------------------------------------------


def incident_assign(
    *, incident: Incident, user: Any, agency: Agency, role: str = AssignmentRole.LEAD
) -> Incident:
    """A dispatcher routes an incident to an agency, as lead or support."""
    _require_desk(user)
    if not agency.active:
        raise ServiceError(_("This agency is not active."))
    if role not in AssignmentRole.values:
        raise ServiceError(_("Unknown role."))
    with transaction.atomic():
        incident = _lock(incident.pk)
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
        _save(incident, fields)
        incident = _reload(incident)
        _append_events(
            incident=incident,
            actor=user,
            entries=[
                (
                    "incident.assigned",
                    {"agency_id": agency.pk, "role": role, "previous_agency_ids": previous},
                )
            ],
        )
    return incident


def incident_cancel(*, incident: Incident, user: Any, reason: str, note: str = "") -> Incident:
    """Cancel an incident as a prank, a duplicate or invalid."""
    _require_desk(user)
    if reason not in CancelReason.values:
        raise ServiceError(_("Unknown cancel reason."))
    with transaction.atomic():
        incident = _lock(incident.pk)
        _cancel_locked(incident=incident, user=user, reason=reason, note=note)
    return _reload(incident)


def _cancel_locked(
    *, incident: Incident, user: Any, reason: str, note: str, merged_into: Incident | None = None
) -> Incident:
    if incident.status not in OPEN_STATUSES:
        raise Conflict(_("Only an open incident can be cancelled."))
    old = incident.status
    incident.status = Status.CANCELLED
    incident.cancel_reason = reason
    incident.merged_into = merged_into
    _save(incident, ["status", "cancel_reason", "merged_into"])
    incident = _reload(incident)
    data: dict[str, Any] = {"from": old, "reason": reason, "note": note[:500]}
    if merged_into is not None:
        data["merged_into"] = merged_into.pk
    _append_events(incident=incident, actor=user, entries=[("incident.cancelled", data)])
    return incident


def incident_merge(*, incident: Incident, other: Incident, user: Any) -> Incident:
    """Fold `other` into `incident`: its reports move, and it is cancelled as a duplicate."""
    _require_desk(user)
    if incident.pk == other.pk:
        raise ServiceError(_("An incident cannot be merged into itself."))
    with transaction.atomic():
        # Lock both rows in id order, so two opposite merges cannot deadlock.
        locked = {i.pk: i for i in (_lock(pk) for pk in sorted([incident.pk, other.pk]))}
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
        _save(target, ["report_count", "priority", "score"])
        source.report_count = 0
        source.save(update_fields=["report_count"])
        _cancel_locked(
            incident=source,
            user=user,
            reason=CancelReason.DUPLICATE,
            note=f"merged into #{target.pk}",
            merged_into=target,
        )
        target = _reload(target)
        _append_events(
            incident=target,
            actor=user,
            entries=[("incident.merged", {"other_id": source.pk, "report_ids": moved})],
        )
    return target


def incident_split(*, incident: Incident, user: Any, report_ids: list[int]) -> Incident:
    """Take reports that are about another event out into an incident of their own.

    The new incident is assessed, placed and routed from the first moved report, as
    if it had come in alone. Returns the new incident.
    """
    _require_desk(user)
    with transaction.atomic():
        source = _lock(incident.pk)
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
            location=Location(
                lat=first.lat,
                lon=first.lon,
                region_code=first.region_code,
                confidence=first.location_confidence,
                provider=first.location_provider,
            ),
            assessment=Assessment.from_dict(first.assessment),
            split_from=source.pk,
        )
        Report.objects.filter(pk__in=[r.pk for r in moved[1:]]).update(incident=new)
        new.report_count = len(moved)
        _save(new, ["report_count"])
        source.report_count = source.reports.count()
        _save(source, ["report_count"])
        source = _reload(source)
        _append_events(
            incident=source,
            actor=user,
            entries=[("incident.split", {"new_id": new.pk, "report_ids": [r.pk for r in moved]})],
        )
        new = _reload(new)
        _append_events(
            incident=new,
            actor=user,
            entries=[("incident.report_attached", {"report_ids": [r.pk for r in moved]})],
        )
    return new


def incident_dispose(*, incident: Incident, user: Any, note: str = "") -> Incident:
    """A supervisor's disposition: a complaint held for it is routed to its agencies."""
    if role_of(user) != Role.SUPERVISOR:
        raise NotAllowed(_("Only supervisors give dispositions."))
    with transaction.atomic():
        incident = _lock(incident.pk)
        if not incident.awaiting_disposition:
            raise Conflict(_("This incident is not waiting for a disposition."))
        if incident.status not in OPEN_STATUSES:
            raise Conflict(_("Only an open incident can be forwarded."))
        first = incident.reports.order_by("received_at", "pk").first()
        kinds = (first.assessment or {}).get("agencies", []) if first else []
        routed = _route(incident=incident, kinds=kinds)
        incident.awaiting_disposition = False
        _save(incident, ["awaiting_disposition"])
        incident = _reload(incident)
        _append_events(
            incident=incident,
            actor=user,
            entries=[
                ("incident.disposed", {"agency_ids": [a.pk for a in routed], "note": note[:500]})
            ],
        )
    return incident


def incident_locate(*, incident: Incident, user: Any, lat: float, lon: float) -> Incident:
    """A dispatcher sets the location by hand (a dragged pin, a caller's directions)."""
    _require_desk(user)
    region_code = selectors.region_code_at(lat=lat, lon=lon)
    with transaction.atomic():
        incident = _lock(incident.pk)
        old = {"lat": incident.lat, "lon": incident.lon, "region_code": incident.region_code}
        incident.lat, incident.lon = lat, lon
        if region_code:
            incident.region_code = region_code
        incident.flags = [f for f in incident.flags if f != "low_confidence_location"]
        _save(incident, ["lat", "lon", "region_code", "flags"])
        incident = _reload(incident)
        _append_events(
            incident=incident,
            actor=user,
            entries=[("incident.located", {"from": old, "manual": True})],
        )
    return incident


def incident_escalate(*, incident: Incident, reason: str, now: datetime | None = None) -> None:
    """Mark an overdue incident for supervisors (SLA watchdog)."""
    with transaction.atomic():
        incident = _lock(incident.pk)
        if incident.status not in OPEN_STATUSES or incident.escalated_at is not None:
            return
        incident.escalated_at = now or timezone.now()
        _save(incident, ["escalated_at"])
        incident = _reload(incident)
        _append_events(
            incident=incident, actor=None, entries=[("incident.escalated", {"reason": reason})]
        )


def incidents_escalate_overdue(*, now: datetime) -> int:
    """SLA watchdog: escalate what is overdue, release claims nobody acted on."""
    count = 0
    for incident in selectors.incidents_overdue(now=now)[:200]:
        if (
            incident.status == Status.NEW
            and incident.claim_deadline
            and incident.claim_deadline < now
        ):
            reason = "claim_deadline_passed"
        else:
            reason = "resolve_deadline_passed"
        incident_escalate(incident=incident, reason=reason, now=now)
        count += 1
    for incident in selectors.stale_claims(now=now)[:200]:
        incident_release_stale(incident=incident)
        count += 1
    return count


def incident_release_stale(*, incident: Incident) -> None:
    """A claim with no movement in time goes back to the queue for re-routing."""
    with transaction.atomic():
        incident = _lock(incident.pk)
        if incident.status != Status.CLAIMED:
            return
        _release_locked(incident=incident, actor=None, data={"reason": "stale_claim"})


# --- personal data ---------------------------------------------------------------


def contact_view_record(
    *, user: Any, incident: Incident, report_ids: list[int], address: str
) -> None:
    """Audit: a staff member saw the name and phone of these reporters."""
    AuditEntry.objects.create(
        user=user if user.is_authenticated else None,
        action="contact.viewed",
        incident=incident,
        report_ids=report_ids,
        address=address[:64],
    )


def reports_anonymize_old(*, older_than_days: int) -> int:
    """Retention: old reports keep their words and place, not who sent them."""
    cutoff = timezone.now() - timezone.timedelta(days=older_than_days)
    return Report.objects.filter(received_at__lt=cutoff, anonymized_at__isnull=True).update(
        reporter_name="", reporter_phone="", anonymized_at=timezone.now()
    )
