"""Triage: a report is placed and assessed, then attached to the incident it is
another call about, or opens one routed by category and jurisdiction.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from dispatch import routing, selectors
from dispatch.matching import matching_incidents
from dispatch.models import (
    Agency,
    Assignment,
    AssignmentRole,
    EventType,
    Incident,
    Priority,
    Report,
    ReportState,
)
from dispatch.protection import protects_victim
from dispatch.roles import TRIAGE
from dispatch.services.events import append_events, lock, reload, save
from geo.evidence import KNOWN, UNKNOWN
from geo.services import LocateResult
from priority.duplicates import raise_priority
from priority.engine import Assessment

# The report fields report_triage sets (incident is saved where it is attached).
TRIAGE_FIELDS = [
    "lat",
    "lon",
    "region_code",
    "location_confidence",
    "location_provider",
    "location_state",
    "location_detail",
    "assessment",
    "state",
    "processed_at",
    "last_error",
]


def report_process(*, report_id: int, report: Report | None = None) -> Report:
    """Place and assess a report, then attach or open its incident.

    `report` is the row already read by the caller (report_begin_attempt), if any.
    """
    if report is None:
        report = Report.objects.get(pk=report_id)
    judgement = selectors.report_judge(
        text=report.text,
        channel=report.channel,
        address=report.address,
        lat=report.lat,
        lon=report.lon,
        answers=report.answers,
    )
    return report_triage(
        report_id=report_id, location=judgement.location, assessment=judgement.assessment
    )


def report_triage(*, report_id: int, location: LocateResult, assessment: Assessment) -> Report:
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
        report.region_code = region_code_of(location)
        report.location_confidence = location.confidence
        report.location_provider = location.provider
        report.location_state = location.state
        report.location_detail = location.explained()
        report.assessment = stored_assessment(assessment)
        # Where triage puts it, not what a device sent: a GPS fix outside Indonesia
        # is kept on the report for the operator but places nothing.
        sighting = selectors.sighting_of_judgement(
            selectors.Judgement(location=location, assessment=assessment), text=report.text
        )
        candidates = matching_incidents(report=sighting)
        match = next((c for c in candidates if c.likely), None)
        if match is not None:
            incident_attach_report(incident=match.incident, report=report, reason=match.reason)
        else:
            incident_open(report=report, location=location, assessment=assessment)
        report.state = ReportState.PROCESSED
        report.processed_at = timezone.now()
        report.last_error = ""
        # Only what triage set: the text and contacts are not rewritten.
        report.save(update_fields=TRIAGE_FIELDS)
    return report


def region_code_of(location: LocateResult) -> str:
    return (location.region or {}).get("code") or ""


def stored_assessment(assessment: Assessment) -> dict[str, Any]:
    """The assessment as kept on the report (Report.assessment), flags and topic included,
    and the rules' category when the second reading named another."""
    stored = {**assessment.as_dict(), "flags": list(assessment.flags), "topic": assessment.topic}
    if assessment.rules_category:
        stored["rules_category"] = assessment.rules_category
    return stored


def assessment_from_report(report: Report) -> Assessment:
    """The assessment triage kept on a report, as the engine gave it."""
    data = report.assessment or {}
    priority = data.get("priority", Priority.P3)
    return Assessment(
        category=data.get("category", "other"),
        priority=priority,
        score=data.get("score", 50),
        fast_track=priority == Priority.P1,
        agencies=list(data.get("agencies", [])),
        reasons=list(data.get("reasons", [])),
        flags=list(data.get("flags", [])),
        topic=data.get("topic", ""),
        rules_category=data.get("rules_category", ""),
    )


def location_from_report(report: Report) -> LocateResult:
    """Where triage placed a report, from what it kept on the row."""
    detail = report.location_detail or {}
    state = report.location_state or (KNOWN if report.lat is not None else UNKNOWN)
    placed = state != UNKNOWN
    return LocateResult(
        lat=report.lat if placed else None,
        lon=report.lon if placed else None,
        confidence=report.location_confidence or 0.0,
        provider=report.location_provider,
        region={"code": report.region_code} if report.region_code else None,
        level=detail.get("level"),
        low_confidence=state != KNOWN,
        state=state,
        reasons=tuple(detail.get("reasons", ())),
    )


def _open_flags(*, report: Report, location: LocateResult, assessment: Assessment) -> list[str]:
    flags = list(assessment.flags)
    if location.state != KNOWN:
        flags.append("low_confidence_location")
    if selectors.repeat_prank_caller(phone=report.reporter_phone):
        # Flagged for the operator, never dropped: a prankster can have a real fire.
        flags.append("repeat_prank_caller")
    return flags


def incident_open(
    *,
    report: Report,
    location: LocateResult,
    assessment: Assessment,
    split_from: int | None = None,
    actor: Any = TRIAGE,
) -> Incident:
    """Open an incident from its first report, routed by category and jurisdiction."""
    now = timezone.now()
    region_code = region_code_of(location)
    awaiting = routing.disposition_required(priority=assessment.priority)
    # Routed before the insert, so the lead agency goes in with the row.
    agencies: list[Agency] = []
    if not awaiting:
        agencies = routing.agencies_for(kinds=assessment.agencies, region_code=region_code)
    incident = Incident.objects.create(
        category=assessment.category,
        priority=assessment.priority,
        score=assessment.score,
        lat=location.lat,
        lon=location.lon,
        region_code=region_code,
        location_state=location.state,
        location_detail=location.explained(),
        report_count=1,
        flags=_open_flags(report=report, location=location, assessment=assessment),
        victim_protected=protects_victim(topic=assessment.topic, reasons=assessment.reasons),
        awaiting_disposition=awaiting,
        lead_agency=agencies[0] if agencies else None,
        claim_deadline=routing.claim_deadline(priority=assessment.priority, start=now),
        resolve_deadline=routing.resolve_deadline(
            priority=assessment.priority, category=assessment.category, start=now
        ),
    )
    report.incident = incident
    report.save(update_fields=["incident"])
    _assign_new(incident=incident, agencies=agencies)
    incident = selectors.incident_with_relations_of_new(incident=incident, first_report=report)
    opened = {
        "report_id": report.pk,
        "channel": report.channel,
        "reasons": list(assessment.reasons),
        "awaiting_disposition": awaiting,
        "split_from": split_from,
    }
    entries: list[tuple[str, dict[str, Any]]] = [(EventType.OPENED, opened)]
    if agencies and incident.priority == Priority.P1:
        # Emergencies are assigned to their lead agency at once; it still claims.
        automatic = {"agency_id": agencies[0].pk, "role": AssignmentRole.LEAD, "automatic": True}
        entries.append((EventType.ASSIGNED, automatic))
    append_events(incident=incident, actor=actor, entries=entries)
    return incident


def _assign_new(*, incident: Incident, agencies: list[Agency]) -> None:
    """The assignments of an incident inserted in this transaction: it has none yet,
    so one insert does what a get_or_create per agency would."""
    Assignment.objects.bulk_create(
        Assignment(
            incident=incident,
            agency=agency,
            role=AssignmentRole.LEAD if index == 0 else AssignmentRole.SUPPORT,
        )
        for index, agency in enumerate(agencies)
    )


def _report_protects_victim(report: Report) -> bool:
    data = report.assessment or {}
    return protects_victim(topic=data.get("topic", ""), reasons=data.get("reasons", []))


def incident_attach_report(*, incident: Incident, report: Report, reason: str) -> Incident:
    """A further call about the same event: count it, and raise the priority at three callers."""
    incident = lock(incident.pk)
    report.incident = incident
    report.save(update_fields=["incident"])
    incident.report_count = F("report_count") + 1
    fields = ["report_count"]
    if not incident.victim_protected and _report_protects_victim(report):
        # A later call can reveal what the first did not: from now on it is never public.
        incident.victim_protected = True
        fields.append("victim_protected")
    save(incident, fields)
    incident = reload(incident)
    entries: list[tuple[str, dict[str, Any]]] = [
        (EventType.REPORT_ATTACHED, {"report_id": report.pk, "reason": reason})
    ]
    callers = selectors.independent_callers(incident=incident)
    raised = raise_priority(incident.priority)
    if callers >= 3 and raised != incident.priority and "callers_raised" not in incident.flags:
        old = incident.priority
        incident.priority = raised
        incident.flags = [*incident.flags, "callers_raised"]
        save(incident, ["priority", "flags"])
        incident = reload(incident)
        why = f"{callers} independent callers"
        entries.append((EventType.REPRIORITIZED, {"from": old, "to": raised, "reason": why}))
    append_events(incident=incident, actor=TRIAGE, entries=entries)
    return incident
