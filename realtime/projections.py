"""What each audience may see of an event, and how a client applies it.

Staff audiences get the incident as the API shows it. The public gets an
anonymized projection: category, priority, status, a location snapped to a grid
of about 500 m, times to the minute; never free text, names, phones or exact
coordinates. `apply_event` is the reference of the browser reducer in
static/realtime/client.js: the tests check that applying events to a stale state
gives the same state as a fresh snapshot.
"""

from __future__ import annotations

import math
from typing import Any

# Incidents a live screen keeps: open ones and resolved ones until they are closed.
SHOWN_STATUSES = frozenset({"new", "claimed", "en_route", "on_scene", "resolved"})

# ~500 m: 0.0045 degrees of latitude; longitude cells are about as wide near the equator.
GRID_DEG = 0.0045

PUBLIC_FIELDS = (
    "id",
    "category",
    "priority",
    "status",
    "lat",
    "lon",
    "region_code",
    "report_count",
    "created_at",
    "updated_at",
    "version",
)


def in_scope(incident: dict[str, Any] | None) -> bool:
    return incident is not None and incident.get("status") in SHOWN_STATUSES


def visible_to_agency(incident: dict[str, Any], agency_id: int) -> bool:
    lead = incident.get("lead_agency") or {}
    return lead.get("id") == agency_id or any(
        a["id"] == agency_id for a in incident.get("agencies", [])
    )


def snap(value: float | None) -> float | None:
    """The centre of the ~500 m grid cell holding a coordinate."""
    if value is None or not math.isfinite(value):
        return None
    return round((math.floor(value / GRID_DEG) + 0.5) * GRID_DEG, 5)


def to_minute(value: str | None) -> str | None:
    """An ISO time cut to the minute: '2026-01-01T10:07:33.12+07:00' -> '...T10:07+07:00'."""
    if not value:
        return None
    date, _, rest = value.partition("T")
    clock = rest[:5]
    zone = ""
    for sign in ("+", "-", "Z"):
        index = rest.find(sign, 5)
        if index != -1:
            zone = rest[index:]
            break
    return f"{date}T{clock}{zone}"


def region_to_village(code: str | None) -> str:
    """Village-level codes are kept: a village is a public area, not an address."""
    return code or ""


def public_incident(incident: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": incident["id"],
        "category": incident["category"],
        "priority": incident["priority"],
        "status": incident["status"],
        "lat": snap(incident.get("lat")),
        "lon": snap(incident.get("lon")),
        "region_code": region_to_village(incident.get("region_code")),
        "report_count": incident.get("report_count", 1),
        "created_at": to_minute(incident.get("created_at")),
        "updated_at": to_minute(incident.get("updated_at")),
        "version": incident.get("version", 0),
    }


def staff_event(message: dict[str, Any]) -> dict[str, Any]:
    """The staff wire message: the event as logged, less the routing bookkeeping."""
    data = {k: v for k, v in message.get("data", {}).items() if k != "agency_ids"}
    return {**message, "data": data}


def public_event(message: dict[str, Any]) -> dict[str, Any]:
    incident = message.get("incident")
    return {
        "type": "event",
        "id": message["id"],
        "event": message["event"],
        "incident": public_incident(incident) if incident else None,
    }


def apply_event(
    state: dict[int, dict[str, Any]], message: dict[str, Any], agency_id: int | None = None
) -> None:
    """Apply one event message to a client state {incident id: incident}.

    Every event carries the whole incident after the change, so applying is a
    replace (or a removal once the incident leaves the screen). A payload older
    than what the state holds is ignored, so replays are harmless. An agency
    screen also drops incidents that are no longer routed to its agency.
    """
    incident = message.get("incident")
    if not incident:
        return
    current = state.get(incident["id"])
    if current is not None and current.get("version", 0) > incident.get("version", 0):
        return
    shown = in_scope(incident) and (agency_id is None or visible_to_agency(incident, agency_id))
    if shown:
        state[incident["id"]] = incident
    else:
        state.pop(incident["id"], None)
