"""Reads. Querysets and lookups the services, views and consumers share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from dispatch.models import (
    OPEN_STATUSES,
    Agency,
    Assignment,
    Incident,
    IncidentEvent,
    Report,
    Status,
)
from dispatch.roles import Role, role_of
from geo.services import LocateResult, locate
from priority import duplicates
from priority.engine import Assessment, assess

# --- incidents -------------------------------------------------------------------


def incidents_with_relations() -> QuerySet[Incident]:
    return Incident.objects.select_related("lead_agency").prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("agency"))
    )


def incident_get(*, pk: int) -> Incident:
    return incidents_with_relations().get(pk=pk)


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
    """Agency staff claim what is routed to their agency (the desk may route anything)."""
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
    *, text: str, channel: str, address: str = "", lat: float | None, lon: float | None
) -> Judgement:
    """Place and assess a report's words. Pure computation, no database writes: triage
    runs it outside its transaction, and the call-taker's preview runs it as they type."""
    return Judgement(
        location=locate(lat=lat, lon=lon, address=address, text=text),
        assessment=assess(text, channel=channel),
    )


# --- duplicate calls -------------------------------------------------------------

# Candidates are listed from this share of the match threshold on: near misses are
# worth the call-taker's look even though triage would not attach to them.
SHOWN_SHARE_OF_THRESHOLD = 0.6
# The newest open incidents that pass the cheap SQL filter are scored.
SCANNED = 50
# Texts of each candidate compared with the report: its latest reports.
TEXTS_PER_INCIDENT = 5


@dataclass(frozen=True)
class MatchCandidate:
    incident: Incident
    distance_m: float | None
    score: float
    reason: str
    likely: bool  # triage attaches the report to the first likely candidate


def matching_incidents(
    *,
    category: str,
    lat: float | None,
    lon: float | None,
    text: str,
    now: datetime | None = None,
    limit: int = 5,
) -> list[MatchCandidate]:
    """Open incidents a new report may be another call about, best first.

    The one way to find a matching incident: triage attaches the report to the
    first candidate marked `likely`, and the call-taker's preview lists the same
    candidates, so what the call-taker sees is what triage will do. Only a
    located report is attached by triage: words alone are shown, not trusted.
    """
    now = now or timezone.now()
    # A pair is judged by the narrower reach of its two categories, so the report's
    # own radius and window bound every candidate: a cheap filter in SQL first.
    window = duplicates.time_window(category)
    queryset = Incident.objects.filter(
        status__in=OPEN_STATUSES,
        category__in=duplicates.compatible_categories(category),
        created_at__gte=now - window,
    )
    if lat is not None and lon is not None:
        radius = duplicates.radius_m(category)
        dlat, dlon = radius / 111_000, radius / 100_000
        queryset = queryset.filter(
            lat__range=(lat - dlat, lat + dlat), lon__range=(lon - dlon, lon + dlon)
        )
    candidates = list(queryset.order_by("-created_at", "-pk")[:SCANNED])
    if not candidates:
        return []
    texts = _latest_report_texts([c.pk for c in candidates], per_incident=TEXTS_PER_INCIDENT)
    tokens = duplicates.content_tokens(text)
    shown_from = duplicates.MATCH_THRESHOLD * SHOWN_SHARE_OF_THRESHOLD
    found = []
    for incident in candidates:
        distance = _distance(lat, lon, incident.lat, incident.lon)
        score, reason = duplicates.match_score(
            category,
            incident.category,
            distance,
            now - incident.created_at,
            tokens,
            " ".join(texts.get(incident.pk, [])),
        )
        if score >= shown_from:
            likely = distance is not None and score >= duplicates.MATCH_THRESHOLD
            found.append(
                MatchCandidate(
                    incident=incident,
                    distance_m=None if distance is None else round(distance),
                    score=score,
                    reason=reason,
                    likely=likely,
                )
            )
    found.sort(key=lambda c: (-c.score, c.incident.pk))
    return found[:limit]


def _distance(
    lat: float | None, lon: float | None, lat2: float | None, lon2: float | None
) -> float | None:
    if lat is None or lon is None or lat2 is None or lon2 is None:
        return None
    return duplicates.haversine_m(lat, lon, lat2, lon2)


def _latest_report_texts(incident_ids: list[int], *, per_incident: int) -> dict[int, list[str]]:
    """The texts of each incident's latest reports, in one query for all of them
    (a query per candidate cost more than the scoring)."""
    rows = (
        Report.objects.filter(incident_id__in=incident_ids)
        .annotate(
            rank=Window(
                RowNumber(), partition_by=F("incident_id"), order_by=F("received_at").desc()
            )
        )
        .filter(rank__lte=per_incident)
        .values_list("incident_id", "text")
    )
    texts: dict[int, list[str]] = {}
    for incident_id, text in rows:
        texts.setdefault(incident_id, []).append(text)
    return texts


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


def report_by_tracking_code(*, code: str) -> Report | None:
    code = code.strip().upper()
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
