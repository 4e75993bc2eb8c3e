"""Plain-dict projections of incidents, shared by the REST API and the event log.

One projection serves both, so an incident read from `/api/incidents/<id>/` and
the same incident carried by a websocket event are identical (DESIGN §7).
These are plain functions rather than DRF serializers: they run for every event
on the hot path.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dispatch.models import Incident


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def agency_ref(agency: Any) -> dict[str, Any] | None:
    if agency is None:
        return None
    return {"id": agency.pk, "kind": agency.kind, "name": agency.name}


def incident_payload(
    incident: Incident, agencies: list[tuple[Any, str]] | None = None
) -> dict[str, Any]:
    """The staff view of an incident (DESIGN §7), with a few fields the screens need.

    `agencies` are its (agency, role) pairs when the caller read them already (a
    snapshot of thousands of incidents reads them in one query); otherwise they
    come from `incident.assignments`.
    """
    if agencies is None:
        agencies = [(a.agency, a.role) for a in incident.assignments.all()]
    agencies = sorted(agencies, key=lambda pair: (pair[1] != "lead", pair[0].kind, pair[0].pk))
    return {
        "id": incident.pk,
        "category": incident.category,
        "priority": incident.priority,
        "score": incident.score,
        "fast_track": incident.fast_track,
        "status": incident.status,
        "cancel_reason": incident.cancel_reason or None,
        "lat": incident.lat,
        "lon": incident.lon,
        "region_code": incident.region_code,
        "report_count": incident.report_count,
        "lead_agency": agency_ref(incident.lead_agency),
        "agencies": [
            {"id": agency.pk, "kind": agency.kind, "name": agency.name, "role": role}
            for agency, role in agencies
        ],
        "merged_into": incident.merged_into_id,
        "awaiting_disposition": incident.awaiting_disposition,
        "flags": list(incident.flags),
        "claim_deadline": iso(incident.claim_deadline),
        "resolve_deadline": iso(incident.resolve_deadline),
        "created_at": iso(incident.created_at),
        "updated_at": iso(incident.updated_at),
        "claimed_at": iso(incident.claimed_at),
        "resolved_at": iso(incident.resolved_at),
        "version": incident.version,
    }


def visible_agency_ids(payload: dict[str, Any]) -> list[int]:
    """Agencies whose staff may see this incident: its lead and every assigned agency."""
    ids = {a["id"] for a in payload["agencies"]}
    if payload["lead_agency"]:
        ids.add(payload["lead_agency"]["id"])
    return sorted(ids)
