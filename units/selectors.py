"""Reads of units: who may see which, what a unit is working, how busy it has been."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet

from dispatch.roles import Role, role_of
from units.models import Unit, UnitAssignment

# Workload counts the assignments of the last day: a crew just back from three
# calls goes after one that has had none, when both are as near.
WORKLOAD_WINDOW = timedelta(hours=24)


def units_visible_to(user: Any) -> QuerySet[Unit]:
    """Active units: every one for the desk, an agency's own for its staff."""
    queryset = Unit.objects.select_related("agency").filter(active=True)
    role = role_of(user)
    if role in (Role.DISPATCHER, Role.SUPERVISOR, Role.SYSTEM):
        return queryset
    if role == Role.AGENCY:
        return queryset.filter(agency_id=user.staff.agency_id)
    return queryset.none()


def unit_open_assignment(*, unit_id: int) -> UnitAssignment | None:
    return UnitAssignment.objects.filter(unit_id=unit_id, cleared_at__isnull=True).first()


def workloads(*, unit_ids: list[int], now: datetime) -> dict[int, int]:
    """Assignments per unit over the last WORKLOAD_WINDOW."""
    since = now - WORKLOAD_WINDOW
    rows = (
        UnitAssignment.objects.filter(unit_id__in=unit_ids)
        .values("unit_id")
        .annotate(n=Count("pk", filter=Q(assigned_at__gte=since)))
    )
    return {row["unit_id"]: row["n"] for row in rows}


def incident_units(*, incident_id: int) -> QuerySet[UnitAssignment]:
    """The units sent to an incident, working it or cleared, in order of assignment."""
    return (
        UnitAssignment.objects.filter(incident_id=incident_id)
        .select_related("unit__agency")
        .order_by("assigned_at", "pk")
    )
