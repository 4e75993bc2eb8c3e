"""How a unit looks to staff, on the REST API and in `unit.*` events alike.

`unit_payload` is the shape of `GET /api/units/` (docs/ARCHITECTURE.md, "Units"),
plus `incident_id` (the incident it works, if any) and `version`. Events carry it
in `data.unit`; `apply_unit_event` is the reference of a client's reducer, and
the state-convergence tests hold it to a fresh snapshot's `units`. Positions are
read apart (`positions_taken_since`, `positions_of`) and applied by
`apply_positions`: they are not events (docs/ARCHITECTURE.md, "Events").
"""

from __future__ import annotations

from datetime import datetime
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
    if current is not None and _newer(current, unit):
        # A position frame brought a newer fix than the one read with this event.
        unit = {**unit, **{f: current[f] for f in POSITION_FIELDS}}
    units[unit["id"]] = unit


# --- positions: soft state, outside the event log -------------------------------------

POSITION_FIELDS = ("lat", "lon", "position_at", "accuracy_m")


def positions_taken_since(since: datetime, *, agency_id: int | None = None) -> list[dict[str, Any]]:
    """The newest position of every unit whose position was taken since `since`
    (`agency_id` on each, for the hub to route; no other field of the unit)."""
    rows = Unit.objects.filter(active=True, position_received_at__gte=since)
    if agency_id is not None:
        rows = rows.filter(agency_id=agency_id)
    return [_position(*row) for row in rows.values_list("pk", "agency_id", *POSITION_FIELDS)]


def positions_of(*, agency_id: int | None = None) -> list[dict[str, Any]]:
    """Every placed unit's position, for a socket that resumed from the log."""
    rows = Unit.objects.filter(active=True, position_at__isnull=False)
    if agency_id is not None:
        rows = rows.filter(agency_id=agency_id)
    return [_position(*row) for row in rows.values_list("pk", "agency_id", *POSITION_FIELDS)]


def _position(pk: int, agency_id: int, lat: Any, lon: Any, at: Any, accuracy: Any) -> dict:
    return {
        "id": pk,
        "agency_id": agency_id,
        "lat": lat,
        "lon": lon,
        "position_at": iso(at),
        "accuracy_m": accuracy,
    }


def apply_positions(units: dict[int, dict[str, Any]], positions: list[dict[str, Any]]) -> None:
    """Apply a `positions` frame to a client's units: a newer fix moves a unit it holds."""
    for position in positions:
        current = units.get(position["id"])
        if current is not None and _newer(position, current):
            current.update({f: position[f] for f in POSITION_FIELDS})


def _newer(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether a's fix is newer than b's (a unit never placed has none)."""
    if not a.get("position_at"):
        return False
    if not b.get("position_at"):
        return True
    return datetime.fromisoformat(a["position_at"]) > datetime.fromisoformat(b["position_at"])
