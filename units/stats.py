"""Response-time statistics of units, per agency and per unit kind (a selector).

Four intervals, as leaders of emergency services read them:

- call to dispatch: the incident's first report received -> the first unit of the
  group (agency or kind) assigned to it;
- dispatch to en route: a unit assigned -> that unit en route to the incident;
- en route to on scene: -> on scene;
- on scene to clear: on scene -> the unit cleared the incident (returning,
  available or out of service).

Each with its count, median and 90th percentile (linear between ranks, as
PostgreSQL's percentile_cont), over the units sent to incidents opened in a period.
Read in one query: the assignments, each with its first report and its transitions.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime
from typing import Any

from django.db.models import DateTimeField, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from dispatch.models import CancelReason, Report, Status
from units.models import UnitAssignment, UnitKind, UnitStatus, UnitStatusChange

INTERVALS = (
    ("call_to_dispatch", _("Call to dispatch")),
    ("dispatch_to_en_route", _("Dispatch to en route")),
    ("en_route_to_on_scene", _("En route to on scene")),
    ("on_scene_to_clear", _("On scene to clear")),
)


def percentile(values: list[float], fraction: float) -> float | None:
    """The `fraction` percentile of values, linear between closest ranks."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * fraction
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _first_transition(to_status: str) -> Subquery:
    """When the assignment's unit first reached a status on this incident after it was sent."""
    changes = UnitStatusChange.objects.filter(
        unit_id=OuterRef("unit_id"),
        incident_id=OuterRef("incident_id"),
        to_status=to_status,
        at__gte=OuterRef("assigned_at"),
    ).order_by("at")
    return Subquery(changes.values("at")[:1], output_field=DateTimeField())


def _assignments(begin: datetime, end: datetime) -> list[dict[str, Any]]:
    first_report = Report.objects.filter(incident_id=OuterRef("incident_id")).order_by(
        "received_at"
    )
    rows = (
        UnitAssignment.objects.filter(incident__created_at__gte=begin, incident__created_at__lt=end)
        # A merged duplicate is the same event as the incident it went into.
        .exclude(incident__status=Status.CANCELLED, incident__cancel_reason=CancelReason.DUPLICATE)
        .annotate(
            first_report_at=Subquery(first_report.values("received_at")[:1]),
            en_route_at=_first_transition(UnitStatus.EN_ROUTE),
            on_scene_at=_first_transition(UnitStatus.ON_SCENE),
        )
        .order_by("assigned_at", "pk")
        .values(
            "incident_id",
            "assigned_at",
            "cleared_at",
            "first_report_at",
            "en_route_at",
            "on_scene_at",
            "unit__kind",
            "unit__agency_id",
            "unit__agency__name",
            "incident__region_code",
        )
    )
    return list(rows)


def _minutes(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None or end < start:
        return None
    return (end - start).total_seconds() / 60


def _summary(values: list[float]) -> dict[str, Any]:
    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 1)

    return {
        "count": len(values),
        "median": rounded(percentile(values, 0.5)),
        "p90": rounded(percentile(values, 0.9)),
    }


def _groups(rows: list[dict[str, Any]], key: str) -> dict[Any, dict[str, list[float]]]:
    """Interval minutes per group (an agency id or a unit kind)."""
    groups: dict[Any, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    dispatched: set[tuple[int, Any]] = set()
    for row in rows:
        values = groups[row[key]]
        # Call to dispatch counts each incident once per group: its first unit.
        if (row["incident_id"], row[key]) not in dispatched:
            dispatched.add((row["incident_id"], row[key]))
            values["call_to_dispatch"].append(_minutes(row["first_report_at"], row["assigned_at"]))
        values["dispatch_to_en_route"].append(_minutes(row["assigned_at"], row["en_route_at"]))
        values["en_route_to_on_scene"].append(_minutes(row["en_route_at"], row["on_scene_at"]))
        values["on_scene_to_clear"].append(_minutes(row["on_scene_at"], row["cleared_at"]))
    return groups


def _table(groups: dict[Any, dict[str, list[float]]], labels: dict[Any, str]) -> list[dict]:
    table = []
    for group, values in groups.items():
        cells = []
        for name, _label in INTERVALS:
            known = [v for v in values.get(name, []) if v is not None]
            cells.append({"interval": name, **_summary(known)})
        table.append({"key": group, "label": labels.get(group, str(group)), "cells": cells})
    return sorted(table, key=lambda row: str(row["label"]))


def response_intervals(*, begin: datetime, end: datetime) -> dict[str, Any]:
    """Response intervals of the units sent to incidents opened in [begin, end):
    {"intervals": [{key, label}], "by_agency": [row], "by_kind": [row]}, a row being
    {key, label, cells: [{interval, count, median, p90}] in the order of intervals};
    minutes, to a tenth."""
    rows = _assignments(begin, end)
    agencies = {row["unit__agency_id"]: row["unit__agency__name"] for row in rows}
    kinds = dict(UnitKind.choices)
    return {
        "intervals": [{"key": key, "label": label} for key, label in INTERVALS],
        "by_agency": _table(_groups(rows, "unit__agency_id"), agencies),
        "by_kind": _table(_groups(rows, "unit__kind"), kinds),
    }


def call_to_scene_by_district(*, begin: datetime, end: datetime) -> dict[str, dict[str, Any]]:
    """Per kecamatan (its undotted 6-digit Kemendagri code): how long from the first
    call until the first unit was on scene, over the incidents opened in [begin, end)
    that a unit reached; {code: {count, median}} in minutes, to a tenth."""
    first_on_scene: dict[int, tuple[str, float]] = {}
    for row in _assignments(begin, end):
        minutes = _minutes(row["first_report_at"], row["on_scene_at"])
        code = (row["incident__region_code"] or "").replace(".", "")[:6]
        if minutes is None or len(code) < 6:
            continue
        known = first_on_scene.get(row["incident_id"])
        if known is None or minutes < known[1]:
            first_on_scene[row["incident_id"]] = (code, minutes)
    by_district: dict[str, list[float]] = defaultdict(list)
    for code, minutes in first_on_scene.values():
        by_district[code].append(minutes)
    return {code: _summary(values) for code, values in by_district.items()}
