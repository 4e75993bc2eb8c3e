"""The leaders' reports: one builder for the page, the PDF, the spreadsheet and the message.

`daily_report_data()` (the morning report on the day before) and
`period_report_data()` (a month or a year, in the shape the provinces publish)
read the period's incidents once and hand back plain data: numbers, labels and
codes, never a caller's name, number or words. Each output (frontend/report_pdf.py,
report_xlsx.py, the templates, the leaders app's message) only lays it out, so
they cannot disagree.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dispatch.models import (
    OPEN_STATUSES,
    Agency,
    Category,
    Channel,
    EventType,
    Incident,
    IncidentEvent,
    Report,
)
from frontend import selectors
from geo.regions import get_regions, names_of, undotted
from units import stats as unit_stats

REPORT_FIELDS = (*selectors.STAT_FIELDS, "region_code")
# Kemendagri codes without dots: a kelurahan/desa has 10 digits, its kecamatan the first 6.
VILLAGE_DIGITS = 10
DISTRICT_DIGITS = 6


def daily_report_data(*, day: date, now: datetime | None = None) -> dict[str, Any]:
    """The daily report of a local day: what happened, what is still open, what waits."""
    now = now or timezone.now()
    begin, finish = selectors.day_bounds(day)
    rows = period_rows(start=day, end=day)
    summary = selectors.stats_summary(start=day, end=day, now=now, rows=rows)
    summary["resolved_today"] = Incident.objects.filter(
        resolved_at__gte=begin, resolved_at__lt=finish
    ).count()
    summary["p1"] = sum(r["count"] for r in summary["by_priority"] if r["code"] == "P1")
    summary["disposed"] = IncidentEvent.objects.filter(
        type=EventType.DISPOSED, created_at__gte=begin, created_at__lt=finish
    ).count()
    return {
        "kind": "daily",
        "title": _("Daily report"),
        "start": day,
        "end": day,
        "generated_at": now,
        "summary": summary,
        "open_by_agency": open_by_agency(now=now),
        "awaiting_disposition": awaiting_disposition(),
        "response": unit_stats.response_intervals(begin=begin, end=finish),
        "map": map_data(rows, scene=_scene(begin, finish)),
    }


def _scene(begin: datetime, finish: datetime) -> dict[str, dict[str, Any]]:
    return unit_stats.call_to_scene_by_district(begin=begin, end=finish)


def period_report_data(
    *, start: date, end: date, kind: str, now: datetime | None = None
) -> dict[str, Any]:
    """A month or a year: shares by sector and channel, compliance per agency, the trend."""
    now = now or timezone.now()
    rows = period_rows(start=start, end=end)
    summary = selectors.stats_summary(start=start, end=end, now=now, rows=rows)
    previous_start, previous_end = previous_period(kind=kind, start=start)
    previous = period_rows(start=previous_start, end=previous_end)
    begin, finish = selectors.period_bounds(start, end)
    return {
        "kind": kind,
        "title": _("Yearly sector report") if kind == "year" else _("Monthly sector report"),
        "start": start,
        "end": end,
        "generated_at": now,
        "summary": summary,
        "by_channel": channel_shares(begin=begin, finish=finish),
        "compliance": compliance_by_agency(rows, now=now),
        "previous": {"start": previous_start, "end": previous_end, "incidents": len(previous)},
        "trend": sector_trend(summary["by_sector"], selectors.counts_by_sector(previous)),
        "response": unit_stats.response_intervals(begin=begin, end=finish),
        "map": map_data(rows, scene=_scene(begin, finish)),
    }


def period_rows(*, start: date, end: date) -> list[dict[str, Any]]:
    """The period's incidents, once, with the fields every part of a report reads."""
    return list(selectors.incidents_in_period(start=start, end=end).values(*REPORT_FIELDS))


def previous_period(*, kind: str, start: date) -> tuple[date, date]:
    """The year or month before the one starting at `start`."""
    if kind == "year":
        return start.replace(year=start.year - 1), start - timedelta(days=1)
    last = start - timedelta(days=1)
    return last.replace(day=1), last


# --- the parts -----------------------------------------------------------------------


def open_by_agency(*, now: datetime) -> list[dict[str, Any]]:
    """Incidents still open now per lead agency, and how many of them are overdue:
    not claimed by the claim deadline, or not resolved by the resolve deadline."""
    overdue = Q(claimed_at__isnull=True, claim_deadline__lt=now) | Q(resolve_deadline__lt=now)
    rows = (
        Incident.objects.filter(status__in=OPEN_STATUSES, merged_into__isnull=True)
        .values("lead_agency_id")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=overdue))
    )
    names = dict(Agency.objects.values_list("pk", "name"))
    result = [
        {
            "name": names.get(r["lead_agency_id"], _("No agency")),
            "open": r["open"],
            "overdue": r["overdue"],
        }
        for r in rows
    ]
    return sorted(result, key=lambda r: (-r["overdue"], -r["open"], r["name"]))


def awaiting_disposition() -> list[dict[str, Any]]:
    """Complaints waiting for the leader's disposition, oldest first, with a link to
    the console where a supervisor disposes them."""
    labels = dict(Category.choices)
    console = reverse("frontend:console")
    waiting = Incident.objects.filter(
        awaiting_disposition=True, status__in=OPEN_STATUSES, merged_into__isnull=True
    ).order_by("created_at", "pk")
    return [
        {
            "id": incident.pk,
            "category": labels.get(incident.category, incident.category),
            "priority": incident.priority,
            "created_at": incident.created_at,
            "place": _place(incident.region_code),
            "url": f"{console}#incident-{incident.pk}",
        }
        for incident in waiting[:200]
    ]


def _place(code: str) -> str:
    names = names_of(code) or {}
    return ", ".join(filter(None, [names.get("village"), names.get("district")]))


def channel_shares(*, begin: datetime, finish: datetime) -> list[dict[str, Any]]:
    """Reports received by channel (phone, SMS, WhatsApp...), with their shares."""
    counter = Counter(
        Report.objects.filter(received_at__gte=begin, received_at__lt=finish).values_list(
            "channel", flat=True
        )
    )
    return selectors._shares(counter, dict(Channel.choices), sum(counter.values()))


def compliance_by_agency(rows: list[dict[str, Any]], *, now: datetime) -> list[dict[str, Any]]:
    """Per lead agency (an SKPD): deadlines to claim and to resolve met or missed."""
    grouped: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["lead_agency_id"]:
            grouped[row["lead_agency_id"]].append(row)
    names = dict(Agency.objects.filter(pk__in=grouped).values_list("pk", "name"))
    table = [
        {
            "name": names[pk],
            "incidents": len(group),
            "claim": selectors.claim_compliance(group, now),
            "resolve": selectors.resolve_compliance(group, now),
        }
        for pk, group in grouped.items()
    ]
    return sorted(table, key=lambda r: r["name"])


def sector_trend(
    current: list[dict[str, Any]], previous: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Each sector's count now and in the previous period, and the change in percent."""
    before = {r["code"]: r["count"] for r in previous}
    labels = {r["code"]: r["label"] for r in [*previous, *current]}
    now_counts = {r["code"]: r["count"] for r in current}
    trend = []
    for code in dict.fromkeys([*now_counts, *before]):
        count, earlier = now_counts.get(code, 0), before.get(code, 0)
        change = round(100 * (count - earlier) / earlier, 1) if earlier else None
        trend.append(
            {
                "code": code,
                "label": labels[code],
                "count": count,
                "previous": earlier,
                "change": change,
            }
        )
    return trend


def map_data(
    rows: list[dict[str, Any]], *, scene: dict[str, dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Counts by kelurahan at the gazetteer's centroids (the map's only marks) and by
    kecamatan with the median minutes to claim. Codes and numbers only: no caller's
    words, name or number can reach a map."""
    regions = get_regions()
    villages: Counter[str] = Counter()
    districts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        code = undotted(row["region_code"] or "")
        if len(code) >= VILLAGE_DIGITS:
            villages[code[:VILLAGE_DIGITS]] += 1
        if len(code) >= DISTRICT_DIGITS:
            districts[code[:DISTRICT_DIGITS]].append(row)
    points = []
    for code, count in sorted(villages.items()):
        region_id = regions.by_code.get(code, -1)
        if region_id >= 0:
            points.append(
                {
                    "code": code,
                    "lat": regions.lats[region_id],
                    "lon": regions.lons[region_id],
                    "count": count,
                }
            )
    return {"points": points, "districts": _district_table(districts, scene or {})}


def _district_table(
    districts: dict[str, list[dict[str, Any]]], scene: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    table = []
    for code, group in districts.items():
        names = names_of(code) or {}
        table.append(
            {
                "code": code,
                "name": names.get("district") or code,
                "count": len(group),
                "median_claim_minutes": selectors.median_minutes(
                    r["claimed_at"] - r["created_at"] for r in group if r["claimed_at"]
                ),
                # Units' response (units.stats): first call to the first unit on scene.
                "median_scene_minutes": scene.get(code, {}).get("median"),
            }
        )
    return sorted(table, key=lambda r: (-r["count"], r["name"]))
