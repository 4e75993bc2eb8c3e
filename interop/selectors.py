"""Reads of the interop layer: what Open311, CAP, GeoJSON, CSV and messaging look up."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from django.db.models import Q, QuerySet

from dispatch import selectors as dispatch_selectors
from dispatch.models import (
    TRACKING_ALPHABET,
    Incident,
    IncidentEvent,
    LocationState,
    Report,
    Staff,
)
from dispatch.projections import SHOWN_STATUSES, iso
from dispatch.protection import protected_q
from dispatch.roles import is_desk, is_staff_member
from interop import codes
from interop.codes import CLOSED_STATUSES
from interop.models import Alert, IntegrationAccount, OutboundMessage, key_digest

# --- integration accounts --------------------------------------------------------


def integration_by_key(*, key: str) -> IntegrationAccount | None:
    """The active account owning this API key, or None."""
    if not key or len(key) > 200:
        return None
    return IntegrationAccount.objects.filter(key_hash=key_digest(key), active=True).first()


# --- Open311 ---------------------------------------------------------------------


def _reports() -> QuerySet[Report]:
    """Reports Open311 readers may see: none of an incident that could expose a victim."""
    return Report.objects.select_related("incident__lead_agency", "open311").exclude(
        protected_q("incident__")
    )


def _looks_like_tracking_code(value: str) -> bool:
    return len(value) == 10 and all(c in TRACKING_ALPHABET for c in value)


def _looks_like_report_id(value: str) -> bool:
    # ASCII: '²' passes str.isdigit() and fails int(); 18 digits fit the database's int64.
    return value.isascii() and value.isdigit() and len(value) <= 18


def is_request_id(request_id: str) -> bool:
    """A report id or a tracking code: anything else can name no request."""
    value = request_id.strip().upper()
    return _looks_like_report_id(value) or _looks_like_tracking_code(value)


def report_by_request_id(*, request_id: str) -> Report | None:
    """A service_request_id is a report id; a tracking code is accepted as well."""
    value = request_id.strip().upper()
    if _looks_like_report_id(value):
        return _reports().filter(pk=int(value)).first()
    if _looks_like_tracking_code(value):
        return _reports().filter(tracking_code=value).first()
    return None


def reports_by_request_ids(*, request_ids: Iterable[str]) -> list[Report]:
    found: dict[int, Report] = {}
    for request_id in request_ids:
        report = report_by_request_id(request_id=request_id)
        if report is not None:
            found[report.pk] = report
    return sorted(found.values(), key=lambda r: r.received_at, reverse=True)


def _service_filter(codes: list[str]) -> Q:
    """A report's service is its incident's category, else what it was filed as."""
    by_incident = Q(incident__category__in=codes)
    by_request = Q(incident__isnull=True, open311__service_code__in=codes)
    query = by_incident | by_request
    if "other" in codes:
        query |= Q(incident__isnull=True, open311__isnull=True)
    return query


def _status_filter(statuses: list[str]) -> Q:
    closed = Q(incident__status__in=CLOSED_STATUSES)
    if statuses == ["closed"]:
        return closed
    if statuses == ["open"]:
        return ~closed | Q(incident__isnull=True)
    return Q()


def reports_for_open311(
    *,
    start: datetime,
    end: datetime,
    service_codes: list[str],
    statuses: list[str],
    limit: int,
) -> list[Report]:
    queryset = _reports().filter(received_at__gte=start, received_at__lte=end)
    if service_codes:
        queryset = queryset.filter(_service_filter(service_codes))
    if statuses:
        queryset = queryset.filter(_status_filter(sorted(set(statuses))))
    return list(queryset.order_by("-received_at", "-pk")[:limit])


# --- CAP -------------------------------------------------------------------------


def incidents_for_cap(*, now: datetime, cancelled_within: timedelta) -> list[Incident]:
    """Incidents on the public map, and those closed lately (their Cancel must be seen)."""
    ended = CLOSED_STATUSES - SHOWN_STATUSES
    recent_end = Q(status__in=ended, updated_at__gte=now - cancelled_within)
    # An incident whose place is unknown is never alerted: a guessed area in a
    # public warning is worse than none.
    return list(
        Incident.objects.select_related("lead_agency")
        .filter(Q(status__in=SHOWN_STATUSES) | recent_end)
        .exclude(location_state=LocationState.UNKNOWN)
        .exclude(protected_q())
        .order_by("-updated_at", "-pk")[:500]
    )


def incident_for_cap(*, pk: int) -> Incident | None:
    incidents = Incident.objects.select_related("lead_agency").exclude(protected_q())
    return incidents.filter(pk=pk).first()


def events_by_incident(*, incident_ids: Iterable[int]) -> dict[int, list[IncidentEvent]]:
    """Every event of these incidents, oldest first: the history CAP messages derive from."""
    grouped: dict[int, list[IncidentEvent]] = defaultdict(list)
    events = (
        IncidentEvent.objects.filter(incident_id__in=list(incident_ids))
        .only("pk", "incident_id", "type", "data", "created_at")
        .order_by("pk")
    )
    for event in events:
        grouped[event.incident_id].append(event)
    return grouped


# --- GeoJSON and CSV -------------------------------------------------------------


def incidents_for_map(*, user: Any, statuses: Iterable[str]) -> QuerySet[Incident]:
    """Incidents the user may see (the public: every incident), in queue order."""
    if is_staff_member(user):
        queryset = dispatch_selectors.incidents_visible_to(user)
    else:
        queryset = (
            dispatch_selectors.incidents_with_relations()
            .exclude(location_state=LocationState.UNKNOWN)
            .exclude(protected_q())
        )
    queryset = queryset.filter(status__in=list(statuses))
    return dispatch_selectors.incident_queue(queryset=queryset)


def incidents_created_between(*, user: Any, start: datetime, end: datetime) -> Iterator[Incident]:
    queryset = dispatch_selectors.incidents_visible_to(user).filter(
        created_at__gte=start, created_at__lt=end
    )
    return queryset.order_by("created_at", "pk").iterator(chunk_size=500)


def reports_received_between(*, user: Any, start: datetime, end: datetime) -> Iterator[Report]:
    """Reports in the range; agency staff only those of incidents routed to them."""
    queryset = Report.objects.select_related("incident").filter(
        received_at__gte=start, received_at__lt=end
    )
    if not is_desk(user):
        visible = dispatch_selectors.incidents_visible_to(user).values("pk")
        queryset = queryset.filter(incident__in=visible)
    return queryset.order_by("received_at", "pk").iterator(chunk_size=500)


# --- messaging -------------------------------------------------------------------


def staff_with_phone(*, phone: str) -> list[Staff]:
    """Active staff registered with this number (E.164)."""
    if not phone:
        return []
    return list(
        Staff.objects.select_related("user", "agency").filter(phone=phone, user__is_active=True)
    )


def incident_by_code(*, code: str) -> Incident | None:
    """An incident by its number, or by the tracking code of one of its reports."""
    if code.isdigit():
        return Incident.objects.filter(pk=int(code)).first()
    report = dispatch_selectors.report_by_tracking_code(code=code)
    return report.incident if report is not None else None


def latest_report_from(*, phone: str, channels: Iterable[str], since: datetime) -> Report | None:
    return (
        Report.objects.select_related("incident")
        .filter(reporter_phone=phone, channel__in=list(channels), received_at__gte=since)
        .order_by("-received_at", "-pk")
        .first()
    )


def outbound_attempts(*, outbound_id: int) -> int:
    attempts = (
        OutboundMessage.objects.filter(pk=outbound_id).values_list("attempts", flat=True).first()
    )
    return attempts or 0


def first_report_of(*, incident: Incident) -> Report | None:
    return incident.reports.order_by("received_at", "pk").first()


# --- regions ---------------------------------------------------------------------


@lru_cache(maxsize=4096)
def region_description(code: str) -> str:
    """'Kedaton, Kedaton, Kota Bandar Lampung' for a Kemendagri code ('' if unknown).

    A village is a public area, not an address: public outputs may name it.
    """
    if not code:
        return ""
    from geo.regions import get_regions, undotted

    regions = get_regions()
    region_id = regions.by_code.get(undotted(code))
    if region_id is None:
        return ""
    names = regions.region_dict(region_id)
    parts = [names[level] for level in ("village", "district", "regency") if names[level]]
    return ", ".join(parts) or (names["province"] or "")


def incident_summary(incident: Incident) -> str:
    """What field staff need to go: category, priority and where (staff see exact data)."""
    category = codes.category_label(incident.category, "id")
    first = first_report_of(incident=incident)
    where = (first.address if first is not None else "") or region_description(incident.region_code)
    place = f" Lokasi: {where}." if where else ""
    if incident.lat is not None and incident.lon is not None:
        place += (
            f" Peta: https://www.openstreetmap.org/?mlat={incident.lat:.5f}&mlon={incident.lon:.5f}"
        )
    return f"Kejadian #{incident.pk} ({category}, {incident.priority}).{place}"


# --- alerts to people ------------------------------------------------------------


def alerts_visible_to(user: Any) -> QuerySet[Any]:
    """Alerts a user may see: every one for the desk, an agency's own for its staff,
    those sent to them for anyone else on a roster."""
    alerts = Alert.objects.select_related("agency").prefetch_related("deliveries__outbound")
    if is_desk(user):
        return alerts
    staff = getattr(user, "staff", None)
    mine = Q(deliveries__roster__user_id=user.pk)
    if is_staff_member(user) and staff is not None and staff.agency_id is not None:
        mine |= Q(agency_id=staff.agency_id)
    return alerts.filter(mine).distinct()


def alert_payload(alert: Any) -> dict[str, Any]:
    """An alert as the API shows it; no phone numbers (the roster in the admin has them)."""
    return {
        "id": alert.pk,
        "incident_id": alert.incident_id,
        "agency": {"id": alert.agency.pk, "kind": alert.agency.kind, "name": alert.agency.name},
        "reason": alert.reason,
        "priority": alert.priority,
        "state": alert.state,
        "level": alert.level,
        "created_at": iso(alert.created_at),
        "next_at": iso(alert.next_at),
        "acknowledged_at": iso(alert.acknowledged_at),
        "ack_via": alert.ack_via,
        "deliveries": [
            {
                "role": d.role,
                "name": d.name,
                "channel": d.channel,
                "status": d.status,
                "created_at": iso(d.created_at),
                "held_until": iso(d.held_until),
            }
            for d in alert.deliveries.all()
        ],
    }
