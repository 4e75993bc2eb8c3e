"""Reads for the screens: statistics and the daily report.

Plain functions over the dispatch models; no writes. Times are grouped by the
local day (TIME_ZONE, Asia/Jakarta): a leader's "today" is a local day.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dispatch.models import (
    OPEN_STATUSES,
    Agency,
    CancelReason,
    Category,
    Incident,
    LocationState,
    Priority,
    Report,
    Status,
)
from dispatch.protection import protected_q
from frontend.catalog import sector_labels
from frontend.satisfaction import ratings_summary
from geo import search
from geo.gazetteer import home_region
from geo.models import Place
from geo.regions import names_of

# --- reference data for the screens ----------------------------------------------


def public_counts() -> list[dict[str, Any]]:
    """Active incidents the public may see, by category: the public map's table.

    Resolved ones stay on the map until closed but are not active; the rest is
    what projections.on_public_map keeps (a known place, no victim exposed)."""
    rows = (
        Incident.objects.filter(status__in=OPEN_STATUSES)
        .exclude(location_state=LocationState.UNKNOWN)
        .exclude(protected_q())
        .values("category")
        .annotate(n=Count("pk"))
        .order_by("-n", "category")
    )
    labels = dict(Category.choices)
    return [{"code": r["category"], "label": labels[r["category"]], "count": r["n"]} for r in rows]


def active_agencies() -> list[dict[str, Any]]:
    return [
        {"id": a.pk, "kind": a.kind, "name": a.name}
        for a in Agency.objects.filter(active=True).order_by("kind", "name")
    ]


# --- statistics ------------------------------------------------------------------

# Sectors as leaders report them ("46% kesehatan, 31% bina sosial"): categories
# grouped by the part of government that answers them.
SECTORS: dict[str, tuple[str, ...]] = {
    "health": (Category.MEDICAL, Category.HEALTH_SERVICE),
    "social": (Category.SOCIAL_WELFARE,),
    "fire_rescue": (Category.FIRE, Category.RESCUE),
    "disaster": (Category.DISASTER,),
    "traffic": (Category.TRAFFIC_ACCIDENT,),
    "security": (Category.CRIME, Category.PUBLIC_ORDER),
    "infrastructure": (Category.INFRASTRUCTURE,),
    "environment": (Category.ENVIRONMENT,),
    "administration": (Category.PUBLIC_SERVICE,),
    "information": (Category.INFORMATION,),
    "other": (Category.OTHER,),
}
SECTOR_OF = {category: sector for sector, categories in SECTORS.items() for category in categories}


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """[00:00, next 00:00) of a local day, as aware datetimes."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """From the first local day's start to the last local day's end (inclusive days)."""
    return day_bounds(start)[0], day_bounds(end)[1]


def incidents_in_period(*, start: date, end: date) -> QuerySet[Incident]:
    """Incidents opened in the period, less duplicates merged into another.

    A merged duplicate is the same event as the incident it went into: counting
    it would count one fire twice. Pranks and invalid reports stay (they are
    work the centre did, and the prank rate needs them).
    """
    begin, finish = period_bounds(start, end)
    return Incident.objects.filter(created_at__gte=begin, created_at__lt=finish).exclude(
        status=Status.CANCELLED, cancel_reason=CancelReason.DUPLICATE
    )


def _shares(counter: Counter, labels: dict[str, str], total: int) -> list[dict[str, Any]]:
    rows = [
        {
            "code": code,
            "label": labels.get(code, code),
            "count": count,
            "share": round(100 * count / total, 1) if total else 0.0,
        }
        for code, count in counter.items()
        if count
    ]
    rows.sort(key=lambda r: (-r["count"], r["label"]))
    return rows


def counts_by_category(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counter = Counter(r["category"] for r in rows)
    return _shares(counter, dict(Category.choices), len(rows))


def counts_by_sector(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counter = Counter(SECTOR_OF.get(r["category"], "other") for r in rows)
    return _shares(counter, sector_labels(), len(rows))


def counts_by_agency(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """By lead agency; incidents no agency leads (unrouted, awaiting) under "none"."""
    names = dict(Agency.objects.values_list("pk", "name"))
    counter = Counter(str(r["lead_agency_id"] or "none") for r in rows)
    labels = {str(pk): name for pk, name in names.items()}
    labels["none"] = _("No agency")
    return _shares(counter, labels, len(rows))


def counts_by_priority(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counter = Counter(r["priority"] for r in rows)
    result = _shares(counter, dict(Priority.choices), len(rows))
    return sorted(result, key=lambda r: r["code"])


def counts_by_day(rows: list[dict[str, Any]], start: date, end: date) -> list[dict[str, Any]]:
    zone = timezone.get_current_timezone()
    counter = Counter(timezone.localtime(r["created_at"], zone).date() for r in rows)
    days = []
    day = start
    while day <= end:
        days.append({"date": day.isoformat(), "count": counter.get(day, 0)})
        day += timedelta(days=1)
    return days


def median_minutes(durations: Iterable[timedelta]) -> float | None:
    values = [d.total_seconds() / 60 for d in durations]
    if not values:
        return None
    return round(statistics.median(values), 1)


def _rate(met: int, missed: int) -> float | None:
    decided = met + missed
    return round(100 * met / decided, 1) if decided else None


def _compliance(
    rows: list[dict[str, Any]], now: datetime, *, deadline_field: str, done_field: str
) -> dict[str, Any]:
    """Done before the deadline.

    Met: done at or before the deadline. Missed: done after it, or still not done
    once it passed. Pending: not done, deadline still ahead. Cancelled incidents
    (pranks, invalid) are left out: nobody was due to act on them.
    """
    met = missed = pending = 0
    for r in rows:
        deadline = r[deadline_field]
        if deadline is None or r["status"] == Status.CANCELLED:
            continue
        done = r[done_field]
        if done is not None:
            met, missed = (met + 1, missed) if done <= deadline else (met, missed + 1)
        elif deadline < now:
            missed += 1
        else:
            pending += 1
    return {"met": met, "missed": missed, "pending": pending, "rate": _rate(met, missed)}


def claim_compliance(rows: list[dict[str, Any]], now: datetime) -> dict[str, Any]:
    """Claimed before claim_deadline."""
    return _compliance(rows, now, deadline_field="claim_deadline", done_field="claimed_at")


def resolve_compliance(rows: list[dict[str, Any]], now: datetime) -> dict[str, Any]:
    """Resolved before resolve_deadline, counted the same way as claims."""
    return _compliance(rows, now, deadline_field="resolve_deadline", done_field="resolved_at")


STAT_FIELDS = (
    "pk",
    "category",
    "priority",
    "status",
    "cancel_reason",
    "lead_agency_id",
    "created_at",
    "claimed_at",
    "resolved_at",
    "claim_deadline",
    "resolve_deadline",
)


def stats_summary(
    *, start: date, end: date, now: datetime | None = None, rows: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Everything the statistics page shows for a period of local days.

    `rows` are the period's incidents when the caller read them already (the leaders'
    reports read them once, with STAT_FIELDS among their fields)."""
    now = now or timezone.now()
    if rows is None:
        rows = list(incidents_in_period(start=start, end=end).values(*STAT_FIELDS))
    total = len(rows)
    pranks = sum(1 for r in rows if r["cancel_reason"] == CancelReason.PRANK)
    begin, finish = period_bounds(start, end)
    reports = Report.objects.filter(received_at__gte=begin, received_at__lt=finish)
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "incidents": total,
        "reports": reports.count(),
        "reports_by_channel": dict(Counter(reports.values_list("channel", flat=True))),
        "by_category": counts_by_category(rows),
        "by_sector": counts_by_sector(rows),
        "by_agency": counts_by_agency(rows),
        "by_priority": counts_by_priority(rows),
        "by_day": counts_by_day(rows, start, end),
        "median_claim_minutes": median_minutes(
            r["claimed_at"] - r["created_at"] for r in rows if r["claimed_at"]
        ),
        "median_resolve_minutes": median_minutes(
            r["resolved_at"] - r["created_at"] for r in rows if r["resolved_at"]
        ),
        "sla_claim": claim_compliance(rows, now),
        "sla_resolve": resolve_compliance(rows, now),
        "pranks": pranks,
        "prank_rate": round(100 * pranks / total, 1) if total else None,
        "satisfaction": ratings_summary(begin=begin, finish=finish),
    }


# --- the daily report --------------------------------------------------------------


def daily_reports(*, day: date) -> QuerySet[Report]:
    begin, finish = day_bounds(day)
    return (
        Report.objects.filter(received_at__gte=begin, received_at__lt=finish)
        .select_related("incident", "incident__lead_agency")
        .order_by("received_at", "pk")
    )


def daily_incidents(*, day: date) -> QuerySet[Incident]:
    begin, finish = day_bounds(day)
    return (
        Incident.objects.filter(created_at__gte=begin, created_at__lt=finish)
        .select_related("lead_agency")
        .order_by("created_at", "pk")
    )


def daily_report(*, day: date, now: datetime | None = None) -> dict[str, Any]:
    """The day's reports and incidents, and the day's figures, for the printable page.

    No names or phone numbers of callers: the report goes to leaders, not to
    the desk.
    """
    summary = stats_summary(start=day, end=day, now=now)
    begin, finish = day_bounds(day)
    summary["resolved_today"] = Incident.objects.filter(
        resolved_at__gte=begin, resolved_at__lt=finish
    ).count()
    summary["p1"] = sum(r["count"] for r in summary["by_priority"] if r["code"] == Priority.P1)
    return {
        "day": day,
        "summary": summary,
        "reports": list(daily_reports(day=day)),
        "incidents": list(daily_incidents(day=day)),
    }


CSV_HEADER = (
    "record",
    "id",
    "time",
    "tracking_code",
    "channel",
    "incident_id",
    "category",
    "priority",
    "status",
    "cancel_reason",
    "lead_agency",
    "report_count",
    "claimed_at",
    "resolved_at",
    "address",
    "lat",
    "lon",
    "text",
)


def _local(value: datetime | None) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


def daily_csv_rows(*, day: date) -> Iterator[list[Any]]:
    """The day's reports, then the day's incidents, as rows under CSV_HEADER."""
    yield list(CSV_HEADER)
    for report in daily_reports(day=day):
        incident = report.incident
        yield [
            "report",
            report.pk,
            _local(report.received_at),
            report.tracking_code,
            report.channel,
            incident.pk if incident else "",
            incident.category if incident else report.assessment.get("category", ""),
            incident.priority if incident else report.assessment.get("priority", ""),
            incident.status if incident else report.state,
            incident.cancel_reason if incident else "",
            incident.lead_agency.name if incident and incident.lead_agency else "",
            "",
            "",
            "",
            report.address,
            "" if report.lat is None else report.lat,
            "" if report.lon is None else report.lon,
            report.text,
        ]
    for incident in daily_incidents(day=day):
        yield [
            "incident",
            incident.pk,
            _local(incident.created_at),
            "",
            "",
            incident.pk,
            incident.category,
            incident.priority,
            incident.status,
            incident.cancel_reason,
            incident.lead_agency.name if incident.lead_agency else "",
            incident.report_count,
            _local(incident.claimed_at),
            _local(incident.resolved_at),
            "",
            "" if incident.lat is None else incident.lat,
            "" if incident.lon is None else incident.lon,
            "",
        ]


# --- the locate step ------------------------------------------------------------------


def places_named(text: str, *, limit: int = 5) -> list[dict[str, Any]]:
    """Landmarks whose name or alias holds the typed words, then kelurahan, kecamatan
    and kabupaten/kota of the gazetteer (the call centre's area first)."""
    words = text.replace("\x00", "").strip()[:100]
    if len(words) < search.MIN_KEY:
        return []
    landmarks = Place.objects.filter(active=True).filter(
        Q(name__icontains=words) | Q(aliases__icontains=words)
    )
    found = [
        {
            "code": place.region_code,
            "name": place.name,
            "level": "landmark",
            "names": ", ".join(filter(None, [place.name, _region_names(place.region_code)])),
            "lat": place.lat,
            "lon": place.lon,
        }
        for place in landmarks.order_by("name")[:limit]
    ]
    return found + search.regions_named(words, home=home_region())


def _region_names(code: str) -> str:
    region = names_of(code) or {}
    return ", ".join(filter(None, [region.get("village"), region.get("district")]))
