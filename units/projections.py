"""How a unit looks to staff, on the REST API and in `unit.*` events alike.

`unit_payload` is the shape of `GET /api/units/` (docs/ARCHITECTURE.md, "Units"),
plus `incident_id` (the incident it works, if any) and `version`. Events carry it
in `data.unit`; `apply_unit_event` is the reference of a client's reducer, and
the state-convergence tests hold it to a fresh snapshot's `units`.
"""

from __future__ import annotations

from typing import Any

from dispatch.projections import agency_ref, iso
from units.models import Unit, UnitAssignment

# "Not read yet", as distinct from None ("works no incident").
UNREAD: Any = object()


def unit_payload(unit: Unit, incident_id: int | None = UNREAD) -> dict[str, Any]:
    """The staff view of a unit. `incident_id` when the caller knows it already (a
    list reads every open assignment in one query); otherwise it is read here."""
    if incident_id is UNREAD:
        incident_id = open_incident_id(unit.pk)
    return {
        "id": unit.pk,
        "call_sign": unit.call_sign,
        "kind": unit.kind,
        "status": unit.status,
        "status_at": iso(unit.status_at),
        "agency": agency_ref(unit.agency),
        "station": {"name": unit.station_name, "lat": unit.station_lat, "lon": unit.station_lon},
        "crew": unit.crew,
        "lat": unit.lat,
        "lon": unit.lon,
        "position_at": iso(unit.position_at),
        "accuracy_m": unit.accuracy_m,
        "incident_id": incident_id,
        "version": unit.version,
    }


def open_incident_id(unit_id: int) -> int | None:
    return (
        UnitAssignment.objects.filter(unit_id=unit_id, cleared_at__isnull=True)
        .values_list("incident_id", flat=True)
        .first()
    )


def units_payload(units: list[Unit]) -> list[dict[str, Any]]:
    """Many units with their incidents, in two queries."""
    working = dict(
        UnitAssignment.objects.filter(
            unit_id__in=[u.pk for u in units], cleared_at__isnull=True
        ).values_list("unit_id", "incident_id")
    )
    return [unit_payload(u, working.get(u.pk)) for u in units]


def units_snapshot(*, agency_id: int | None = None) -> list[dict[str, Any]]:
    """The units a staff screen starts from: all of them for the desk, an agency's own."""
    queryset = Unit.objects.select_related("agency").filter(active=True)
    if agency_id is not None:
        queryset = queryset.filter(agency_id=agency_id)
    return units_payload(list(queryset.order_by("pk")))


def unit_visible(unit: dict[str, Any], agency_id: int | None) -> bool:
    return agency_id is None or (unit.get("agency") or {}).get("id") == agency_id


def apply_unit_event(
    units: dict[int, dict[str, Any]], message: dict[str, Any], agency_id: int | None = None
) -> None:
    """Apply one event message to a client's units {unit id: unit}.

    A `unit.*` event carries the whole unit after the change: applying is a
    replace, and an older version than the one held is ignored (replays are harmless).
    """
    unit = (message.get("data") or {}).get("unit")
    if not unit or not unit_visible(unit, agency_id):
        return
    current = units.get(unit["id"])
    if current is not None and current.get("version", 0) > unit.get("version", 0):
        return
    units[unit["id"]] = unit
