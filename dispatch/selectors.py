"""Reads. Querysets and lookups the services, views and consumers share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery, prefetch_related_objects
from django.db.models.functions import Substr

from dispatch.models import (
    OPEN_STATUSES,
    TRACKING_ALPHABET,
    TRACKING_LENGTH,
    Agency,
    Assignment,
    Incident,
    IncidentEvent,
    Report,
    ReportMedia,
    Status,
)
from dispatch.roles import Role, role_of
from geo.evidence import APPROXIMATE, NAMES_ELSEWHERE, at_village_centre
from geo.gazetteer import home_region
from geo.landmarks import LandmarkIndex
from geo.mentions import home_places_named, village_of
from geo.services import LocateResult, locate
from priority.engine import Assessment, assess
from priority.place_words import rare_words
from priority.same_event import Sighting
from priority.scan import categories_named, topic_of

# --- incidents -------------------------------------------------------------------


def _assignments() -> Prefetch:
    return Prefetch("assignments", queryset=Assignment.objects.select_related("agency"))


def incidents_with_relations() -> QuerySet[Incident]:
    return with_first_words(
        Incident.objects.select_related("lead_agency").prefetch_related(_assignments())
    )


# Enough of the first report for its quote (projections.quote_of), not all 4,000 chars.
FIRST_WORDS_CHARS = 400


def _first_report() -> QuerySet[Report]:
    return Report.objects.filter(incident=OuterRef("pk")).order_by("received_at", "pk")


def with_first_words(queryset: QuerySet[Incident]) -> QuerySet[Incident]:
    """Each incident with `first_words`, the start of its first report's words: the
    queue quotes the caller, and a snapshot of thousands must not query per row."""
    first = Subquery(_first_report().values("text")[:1])
    return queryset.annotate(first_words=Substr(first, 1, FIRST_WORDS_CHARS))


def first_words_of(*, incident_id: int) -> str:
    text = (
        Report.objects.filter(incident_id=incident_id)
        .order_by("received_at", "pk")
        .values_list("text", flat=True)
        .first()
    )
    return (text or "")[:FIRST_WORDS_CHARS]


def incident_get(*, pk: int) -> Incident:
    return incidents_with_relations().get(pk=pk)


def incident_with_relations_of_new(*, incident: Incident, first_report: Report) -> Incident:
    """What incident_get reads, for an incident this transaction inserted with its
    lead agency and first report in hand: its assignments alone are read.

    One query where incident_get has two and the first report's subquery to
    compile: reading each new incident again was one of the largest parts of the
    worker's time (bench/results/triage/triage-cost-*-session.json).
    """
    incident.first_words = first_report.text[:FIRST_WORDS_CHARS]
    prefetch_related_objects([incident], _assignments())
    return incident


def incidents_visible_to(user: Any) -> QuerySet[Incident]:
    """Dispatchers and supervisors see everything; agency staff what is routed to them."""
    role = role_of(user)
    queryset = incidents_with_relations()
    if role in (Role.DISPATCHER, Role.SUPERVISOR):
        return queryset
    if role == Role.AGENCY:
        agency_id = user.staff.agency_id
        return queryset.filter(
            Q(lead_agency_id=agency_id) | Q(assignments__agency_id=agency_id)
        ).distinct()
    return queryset.none()


def incident_queue(*, queryset: QuerySet[Incident]) -> QuerySet[Incident]:
    """The working order of every screen: priority first, then the oldest."""
    return queryset.order_by("priority", "created_at", "pk")


def assigned_agency_ids(*, incident_id: int) -> list[int]:
    return list(
        Assignment.objects.filter(incident_id=incident_id).values_list("agency_id", flat=True)
    )


def agency_may_claim(*, incident_id: int, agency: Agency) -> bool:
    """Routed to the agency: the first condition of a claim by its staff; the lead rule
    is checked inside the claim's conditional update (services.incident_claim)."""
    return agency.pk in assigned_agency_ids(incident_id=incident_id)


# --- callers ---------------------------------------------------------------------


def repeat_prank_caller(*, phone: str) -> bool:
    """A number whose earlier calls were cancelled as pranks several times."""
    if not phone:
        return False
    pranks = (
        Report.objects.filter(
            reporter_phone=phone, incident__status="cancelled", incident__cancel_reason="prank"
        )
        .values("incident_id")
        .distinct()
        .count()
    )
    return pranks >= settings.PRANK_FLAG_AFTER


# --- what triage makes of a report ------------------------------------------------


@dataclass(frozen=True)
class Judgement:
    """Where a report is and how urgent it is: what triage decides before it writes."""

    location: LocateResult
    assessment: Assessment

    @property
    def region_code(self) -> str:
        region = self.location.region or {}
        return region.get("code") or ""


def report_judge(
    *,
    text: str,
    channel: str,
    address: str = "",
    lat: float | None,
    lon: float | None,
    answers: dict[str, str] | None = None,
    landmarks: LandmarkIndex | None = None,
) -> Judgement:
    """Place and assess a report's words. Pure computation, no database writes: triage
    runs it outside its transaction, and the call-taker's preview runs it as they type.
    `answers` are the caller's to the key questions; `landmarks` default to the
    active Places (the evaluation passes the shipped ones)."""
    return Judgement(
        location=locate(lat=lat, lon=lon, address=address, text=text, landmarks=landmarks),
        assessment=assess(text, channel=channel, answers=answers),
    )


def sighting_of_judgement(judgement: Judgement, *, text: str) -> Sighting:
    """What duplicate matching compares of a new report."""
    location = judgement.location
    return Sighting(
        category=judgement.assessment.category,
        # The topic is the rules' reading; it says nothing of a report the second
        # reader filed under another category (the diarrhoea "after the flood"),
        # unless it is one of that category's ("air PDAM mati, mohon informasi").
        topic=_topic(judgement.assessment),
        lat=location.lat,
        lon=location.lon,
        place=location.place,
        text=text,
        kinds=categories_named(text),
        region=judgement.region_code,
        approximate=location.state == APPROXIMATE,
        centroid=at_village_centre(location.explained()),
        elsewhere=any(r.get("code") in NAMES_ELSEWHERE for r in location.reasons),
        rules_category=judgement.assessment.rules_category,
        named_places=home_places_named(text, home_region()),
        village=village_of(judgement.region_code),
        names=rare_words(text),
    )


def _topic(assessment: Assessment) -> str:
    if not assessment.rules_category:
        return assessment.topic
    return topic_of(assessment.topic, assessment.category)


def independent_callers(*, incident: Incident) -> int:
    """Distinct callers: reports with the same phone number count once."""
    phones = set()
    anonymous = 0
    for phone in incident.reports.values_list("reporter_phone", flat=True):
        if phone:
            phones.add(phone)
        else:
            anonymous += 1
    return len(phones) + anonymous


# --- SLA -------------------------------------------------------------------------


def incidents_overdue(*, now: datetime) -> QuerySet[Incident]:
    """Open incidents past a deadline that nobody escalated yet."""
    unclaimed = Q(status=Status.NEW, claim_deadline__lt=now)
    unresolved = Q(status__in=OPEN_STATUSES, resolve_deadline__lt=now)
    return Incident.objects.filter(unclaimed | unresolved, escalated_at__isnull=True)


def stale_claims(*, now: datetime) -> QuerySet[Incident]:
    """Claimed, but not en route in time: the claim is released for re-routing."""
    limits = settings.SLA_STALE_CLAIM_MINUTES
    stale = Q(pk__in=[])
    for priority, minutes in limits.items():
        if minutes:
            cutoff = now - timedelta(minutes=minutes)
            stale |= Q(priority=priority, claimed_at__lt=cutoff)
    return Incident.objects.filter(stale, status=Status.CLAIMED)


# --- reports and events ----------------------------------------------------------


TRACKING_CHARACTERS = frozenset(TRACKING_ALPHABET)


def report_by_tracking_code(*, code: str) -> Report | None:
    code = code.strip().upper()
    # Only what can be a code reaches the database: a NUL byte would fail there (a 500).
    if len(code) != TRACKING_LENGTH or not set(code) <= TRACKING_CHARACTERS:
        return None
    return Report.objects.select_related("incident").filter(tracking_code=code).first()


def report_timeline(*, report: Report) -> list[dict[str, Any]]:
    """The reporter's view of what happened: statuses only, no staff names or notes."""
    timeline = [{"at": report.received_at.isoformat(), "status": "received"}]
    if report.incident_id is None:
        return timeline
    seen = "received"
    events = IncidentEvent.objects.filter(
        incident_id=report.incident_id, created_at__gte=report.received_at
    ).only("created_at", "data", "type")
    for event in events:
        incident = event.data.get("incident") or {}
        status = incident.get("status")
        if status and status != seen:
            timeline.append({"at": event.created_at.isoformat(), "status": status})
            seen = status
    return timeline


def latest_event_id() -> int:
    last = IncidentEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    return last or 0


def events_scanned_after(*, after: int, limit: int = 500) -> list[IncidentEvent]:
    return list(IncidentEvent.objects.filter(pk__gt=after).order_by("pk")[:limit])


def events_visible_to(*, user: Any, events: list[IncidentEvent]) -> list[IncidentEvent]:
    """The events of a batch this user may see (agency staff: their agency's)."""
    role = role_of(user)
    if role in (Role.DISPATCHER, Role.SUPERVISOR):
        return events
    if role == Role.AGENCY:
        agency_id = user.staff.agency_id
        return [e for e in events if agency_id in e.data.get("agency_ids", [])]
    return []


def failed_reports() -> QuerySet[Report]:
    return Report.objects.filter(state__in=["failed"]).order_by("received_at")


def waiting_reports(*, received_before: datetime) -> QuerySet[Report]:
    """Reports still waiting for triage (pending), oldest first."""
    return Report.objects.filter(state="pending", received_at__lt=received_before).order_by(
        "received_at"
    )


def media_of_incident(*, incident_id: int) -> QuerySet[ReportMedia]:
    """Photos and voice notes of an incident: its reports' and its crews'."""
    return ReportMedia.objects.filter(
        Q(incident_id=incident_id) | Q(report__incident_id=incident_id)
    ).order_by("pk")


def media_visible(*, incidents: QuerySet[Incident]) -> QuerySet[ReportMedia]:
    """The media of the incidents a user sees (a report not yet triaged: nobody's)."""
    ids = incidents.values("pk")
    return ReportMedia.objects.select_related("report__incident", "incident").filter(
        Q(incident_id__in=ids) | Q(report__incident_id__in=ids)
    )
