"""Reads of the calls app: the call at an operator's extension, the caller's
history, the call-back list, the handset positions of an incident."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from calls.models import CALLBACK_OUTCOMES, Call, HandsetLocation
from dispatch.models import OPEN_STATUSES, CancelReason, Incident, Report, Status
from dispatch.selectors import repeat_prank_caller
from priority.duplicates import haversine_m

# A call answered this long ago still pops on a console that was reloaded meanwhile,
# while it goes on and for a moment after its end (it may end between two polls).
POP_WINDOW = timedelta(minutes=5)
ENDED_GRACE = timedelta(seconds=30)
# "Open incidents near the caller": within this of their last known position.
NEARBY_M = 2000
HISTORY_LIMIT = 10
NO_HISTORY: dict[str, Any] = {
    "reports": [],
    "report_count": 0,
    "prank_count": 0,
    "repeat_prank": False,
    "last_location": None,
    "nearby": [],
}


def call_answered_at(*, extension: str) -> Call | None:
    """The latest call answered at this extension within the pop window, going on or
    just ended, with no report taken from it yet."""
    if not extension:
        return None
    now = timezone.now()
    return (
        Call.objects.filter(extension=extension, answered_at__gte=now - POP_WINDOW)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=now - ENDED_GRACE))
        .filter(reports__isnull=True)
        .order_by("-answered_at")
        .first()
    )


def callbacks_pending() -> QuerySet[Call]:
    """Dropped and abandoned calls with a number, not called back yet, newest first."""
    return (
        Call.objects.filter(outcome__in=CALLBACK_OUTCOMES, callback_done_at__isnull=True)
        .exclude(caller="")
        .order_by("-started_at")
    )


def best_fix(call: Call) -> HandsetLocation | None:
    """The call's most precise position (the smallest circle), newest on a tie."""
    return (
        call.locations.filter(lat__isnull=False, accuracy_m__isnull=False)
        .order_by("accuracy_m", "-received_at")
        .first()
    )


def fix_payload(fix: HandsetLocation | None) -> dict[str, Any] | None:
    if fix is None:
        return None
    return {
        "lat": fix.lat,
        "lon": fix.lon,
        "accuracy_m": fix.accuracy_m,
        "located_at": fix.located_at,
        "source": fix.source,
        "channel": fix.channel,
    }


def call_payload(call: Call) -> dict[str, Any]:
    return {
        "id": call.pk,
        "call_id": call.call_id,
        "caller": call.caller,
        "extension": call.extension,
        "started_at": call.started_at,
        "ringing_at": call.ringing_at,
        "answered_at": call.answered_at,
        "ended_at": call.ended_at,
        "outcome": call.outcome,
        "callback_done_at": call.callback_done_at,
        "report_ids": sorted(call.reports.values_list("pk", flat=True)),
        "location": fix_payload(best_fix(call)),
    }


def caller_history(*, call: Call) -> dict[str, Any]:
    """What the operator should know of the number before saying "112": earlier
    reports, pranks, and open incidents near where the caller last was."""
    number = call.caller
    if not number:  # withheld: nothing to look up by
        return dict(NO_HISTORY)
    reports = Report.objects.filter(reporter_phone=number).select_related("incident")
    cancelled = {"incident__status": Status.CANCELLED}
    pranks = (
        reports.filter(**cancelled, incident__cancel_reason=CancelReason.PRANK)
        .values("incident_id")
        .distinct()
        .count()
    )
    last = last_location(call=call)
    return {
        "reports": [_report_line(r) for r in reports.order_by("-received_at")[:HISTORY_LIMIT]],
        "report_count": reports.count(),
        "prank_count": pranks,
        "repeat_prank": repeat_prank_caller(phone=number),
        "last_location": last,
        "nearby": open_incidents_near(lat=last["lat"], lon=last["lon"]) if last else [],
    }


def _report_line(report: Report) -> dict[str, Any]:
    incident = report.incident
    return {
        "id": report.pk,
        "received_at": report.received_at,
        "channel": report.channel,
        "text": " ".join(report.text.split())[:140],
        "incident": None
        if incident is None
        else {
            "id": incident.pk,
            "status": incident.status,
            "category": incident.category,
            "cancel_reason": incident.cancel_reason,
        },
    }


def last_location(*, call: Call) -> dict[str, Any] | None:
    """The handset's fix of this call, else the newest report of the number with a point."""
    fix = best_fix(call)
    if fix is not None:
        return {"lat": fix.lat, "lon": fix.lon, "at": fix.located_at, "source": "aml"}
    report = (
        Report.objects.filter(reporter_phone=call.caller, lat__isnull=False, lon__isnull=False)
        .order_by("-received_at")
        .first()
    )
    if report is None:
        return None
    return {"lat": report.lat, "lon": report.lon, "at": report.received_at, "source": "report"}


def open_incidents_near(*, lat: float, lon: float) -> list[dict[str, Any]]:
    # A box first (about NEARBY_M in each direction at Indonesia's latitudes), then
    # the distance itself.
    box = NEARBY_M / 111_000 * 1.2
    candidates = Incident.objects.filter(
        status__in=OPEN_STATUSES,
        lat__range=(lat - box, lat + box),
        lon__range=(lon - box, lon + box),
    )
    near = []
    for incident in candidates:
        metres = haversine_m(lat, lon, incident.lat, incident.lon)
        if metres <= NEARBY_M:
            near.append(
                {
                    "id": incident.pk,
                    "category": incident.category,
                    "priority": incident.priority,
                    "status": incident.status,
                    "distance_m": round(metres),
                }
            )
    return sorted(near, key=lambda n: n["distance_m"])[:HISTORY_LIMIT]


def handset_positions(*, incident: Incident) -> list[dict[str, Any]]:
    """The handset fixes of the calls its reports were taken from (for the circle)."""
    calls = Call.objects.filter(reports__incident=incident).distinct().order_by("started_at")
    positions = []
    for call in calls:
        fix = fix_payload(best_fix(call))
        if fix is not None:
            positions.append({"call": call.pk, **fix})
    return positions
