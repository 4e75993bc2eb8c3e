"""Reads. Querysets and lookups the services, views and consumers share."""

from __future__ import annotations

from collections.abc import Iterable
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


# --- routing ---------------------------------------------------------------------


def _prefix_covers(prefix: str, code: str) -> bool:
    return code == prefix or code.startswith(prefix + ".")


def _jurisdiction_depth(agency: Agency, region_code: str) -> int:
    """How specific the agency's best matching prefix is (-1: it does not cover it)."""
    depths = [
        len(prefix.split("."))
        for prefix in agency.jurisdiction or []
        if _prefix_covers(prefix, region_code)
    ]
    return max(depths, default=-1)


def agencies_for(*, kinds: Iterable[str], region_code: str) -> list[Agency]:
    """For each kind in order, the active agency with the most specific jurisdiction.

    A report we could not place is routed as if it came from the home region:
    someone local must look at it rather than no one.
    """
    code = region_code or settings.HOME_REGION
    kinds = list(dict.fromkeys(kinds))
    candidates = list(Agency.objects.filter(kind__in=kinds, active=True).order_by("pk"))
    chosen: list[Agency] = []
    for kind in kinds:
        of_kind = [a for a in candidates if a.kind == kind]
        # Where no agency of the kind covers the place (a fire just outside the
        # city), the deployment's own answers rather than another kind leading.
        agency = _most_specific(of_kind, code) or _most_specific(of_kind, settings.HOME_REGION)
        if agency is not None:
            chosen.append(agency)
    return chosen


def _most_specific(agencies: list[Agency], code: str) -> Agency | None:
    ranked = [(_jurisdiction_depth(a, code), -a.pk, a) for a in agencies]
    ranked = [r for r in ranked if r[0] >= 0]
    return max(ranked, key=lambda r: (r[0], r[1]))[2] if ranked else None


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


def disposition_required(*, priority: str) -> bool:
    """Deployments such as Bandar Lampung hold complaints for a supervisor's disposition.

    Emergencies (P1, P2) never wait for it, whatever the setting says.
    """
    return priority in settings.DISPOSITION_REQUIRED_FOR and priority not in ("P1", "P2")


# --- duplicate calls -------------------------------------------------------------


def duplicate_candidate(*, report: Report, category: str) -> tuple[Incident, str] | None:
    """The open incident this report most likely is another call about, with why."""
    from priority import matching

    if report.lat is None or report.lon is None:
        return None
    now = timezone.now()
    window = matching.time_window(category)
    radius = matching.radius_m(category)
    # A cheap bounding box in SQL; the exact distance and score in Python.
    dlat = radius / 111_000
    dlon = radius / 100_000
    candidates = Incident.objects.filter(
        status__in=OPEN_STATUSES,
        created_at__gte=now - window,
        lat__range=(report.lat - dlat, report.lat + dlat),
        lon__range=(report.lon - dlon, report.lon + dlon),
    ).order_by("-created_at")[:50]
    candidates = [c for c in candidates if matching.compatible(category, c.category)]
    if not candidates:
        return None
    texts = _latest_report_texts([c.pk for c in candidates], per_incident=5)
    tokens = matching.content_tokens(report.text)
    best: tuple[float, Incident, str] | None = None
    for incident in candidates:
        distance = matching.haversine_m(report.lat, report.lon, incident.lat, incident.lon)
        score, reason = matching.match_score(
            category,
            incident.category,
            distance,
            now - incident.created_at,
            tokens,
            " ".join(texts.get(incident.pk, [])),
        )
        if score >= matching.MATCH_THRESHOLD and (best is None or score > best[0]):
            best = (score, incident, reason)
    return (best[1], best[2]) if best else None


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


def raised_priority(priority: str) -> str:
    from priority.matching import raise_priority

    return raise_priority(priority)


# --- SLA -------------------------------------------------------------------------


def claim_deadline(*, priority: str, start: datetime) -> datetime:
    from priority import sla

    return sla.claim_deadline(
        priority,
        start,
        minutes=settings.SLA_CLAIM_MINUTES,
        working_days=settings.SLA_CLAIM_WORKING_DAYS,
    )


def resolve_deadline(*, priority: str, category: str, start: datetime) -> datetime:
    from priority import sla

    return sla.resolve_deadline(
        priority,
        category,
        start,
        hours=settings.SLA_RESOLVE_HOURS,
        working_days=settings.SLA_RESOLVE_WORKING_DAYS,
        category_working_days=settings.SLA_RESOLVE_CATEGORY_WORKING_DAYS,
    )


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


# --- geography -------------------------------------------------------------------


def region_code_at(*, lat: float, lon: float) -> str:
    from geo.services import locate

    result = locate(lat=lat, lon=lon)
    return result.region["code"] if result.region else ""


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
