"""A data set with known figures for the statistics tests.

Ten incidents opened on 10 March 2026 (local time) plus one merged duplicate
and one incident of the day before. Times are minutes after 10:00 local.

    #  category        lead    status     claim dl/at   resolve dl/at   SLA claim, resolve
    1  medical         dinkes  resolved   +5 / +2       +90 / +60       met, met
    2  medical         dinkes  resolved   +5 / +4       +90 / +120      met, missed
    3  medical         dinkes  resolved   +5 / +6       +240 / +180     missed, met
    4  medical         dinkes  on_scene   +5 / +10      +90 / -         missed, missed
    5  health_service  dinkes  claimed    +5 / +30      +3 days / -     missed, pending
    6  social_welfare  dinsos  new        +5 / -        +3 days / -     missed, pending
    7  social_welfare  dinsos  new        +3 days / -   +3 days / -     pending, pending
    8  social_welfare  dinsos  new        - / -         - / -           no clocks
    9  fire            damkar  cancelled  +5 / -        +90 / -         prank: no SLA
   10  information     -       new        - / -         - / -           unrouted
    -  fire (merged duplicate of #9): never counted

"Now" is 11 March 2026 10:00. Expected: claim 2 met / 4 missed / 1 pending
(33.3 %), resolve 2 met / 2 missed / 3 pending (50.0 %), median claim 6 min,
median resolve 120 min, prank rate 10.0 %, sectors health 50 %, social 30 %.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dispatch.models import Agency, Assignment, Incident, Report

ZONE = ZoneInfo("Asia/Jakarta")
DAY = date(2026, 3, 10)
START = datetime(2026, 3, 10, 10, 0, tzinfo=ZONE)
NOW = datetime(2026, 3, 11, 10, 0, tzinfo=ZONE)
LATER = 3 * 24 * 60  # minutes: a deadline still ahead at NOW

FIELDS = ("category", "lead", "status", "claim_dl", "claimed", "resolve_dl", "resolved")
# One row per incident of the table above; minutes after START, None for "-".
TABLE: list[tuple[Any, ...]] = [
    ("medical", "dinkes", "resolved", 5, 2, 90, 60),
    ("medical", "dinkes", "resolved", 5, 4, 90, 120),
    ("medical", "dinkes", "resolved", 5, 6, 240, 180),
    ("medical", "dinkes", "on_scene", 5, 10, 90, None),
    ("health_service", "dinkes", "claimed", 5, 30, LATER, None),
    ("social_welfare", "dinsos", "new", 5, None, LATER, None),
    ("social_welfare", "dinsos", "new", LATER, None, LATER, None),
    ("social_welfare", "dinsos", "new", None, None, None, None),
    ("fire", "damkar", "cancelled", 5, None, 90, None),
    ("information", None, "new", None, None, None, None),
]
ROWS: list[dict[str, Any]] = [dict(zip(FIELDS, row, strict=True)) for row in TABLE]
ROWS[8]["cancel_reason"] = "prank"


def _at(minutes: int | None) -> datetime | None:
    return None if minutes is None else START + timedelta(minutes=minutes)


def make_incident(
    agencies: dict[str, Agency],
    *,
    category: str,
    lead: str | None,
    status: str,
    created: datetime = START,
    claim_dl: int | None = None,
    claimed: int | None = None,
    resolve_dl: int | None = None,
    resolved: int | None = None,
    cancel_reason: str = "",
    reports: int = 1,
    text: str = "laporan",
) -> Incident:
    agency = agencies[lead] if lead else None
    incident = Incident.objects.create(
        category=category,
        priority="P2",
        status=status,
        cancel_reason=cancel_reason,
        lead_agency=agency,
        report_count=reports,
        lat=-5.42,
        lon=105.26,
    )
    if agency:
        Assignment.objects.create(incident=incident, agency=agency, role="lead")
    # created_at is auto_now_add: set the known times afterwards.
    Incident.objects.filter(pk=incident.pk).update(
        created_at=created,
        claim_deadline=_at(claim_dl),
        claimed_at=_at(claimed),
        resolve_deadline=_at(resolve_dl),
        resolved_at=_at(resolved),
    )
    for index in range(reports):
        report = Report.objects.create(text=f"{text} {index}", incident=incident, state="processed")
        Report.objects.filter(pk=report.pk).update(received_at=created + timedelta(minutes=index))
    incident.refresh_from_db()
    return incident


def seed(agencies: dict[str, Agency]) -> list[Incident]:
    incidents = [make_incident(agencies, **row) for row in ROWS]
    merged = make_incident(
        agencies, category="fire", lead="damkar", status="cancelled", cancel_reason="duplicate"
    )
    Incident.objects.filter(pk=merged.pk).update(merged_into=incidents[8])
    # The day before: outside the period.
    make_incident(
        agencies, category="fire", lead="damkar", status="new", created=START - timedelta(days=1)
    )
    return incidents
