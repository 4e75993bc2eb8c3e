"""GeoJSON features and CSV rows of incidents and reports.

CSV cells that a spreadsheet would run as a formula (starting with = + - @, or
a tab or carriage return that some spreadsheets skip first) get a leading
apostrophe: report texts and notes are typed by the public (OWASP CSV injection).
Numbers we produce ourselves (a negative latitude) are written as numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from dispatch.api.views import mask_name, mask_phone
from dispatch.models import Incident, Report
from dispatch.projections import incident_payload, iso, public_incident

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# --- GeoJSON (RFC 7946: [lon, lat]) -----------------------------------------------


def _point(lat: float | None, lon: float | None) -> dict[str, Any] | None:
    if lat is None or lon is None:
        return None
    return {"type": "Point", "coordinates": [lon, lat]}


def staff_feature(incident: Incident) -> dict[str, Any]:
    payload = incident_payload(incident)
    return {
        "type": "Feature",
        "id": incident.pk,
        "geometry": _point(payload["lat"], payload["lon"]),
        "properties": payload,
    }


def public_feature(incident: Incident) -> dict[str, Any]:
    public = public_incident(incident_payload(incident))
    return {
        "type": "Feature",
        "id": incident.pk,
        "geometry": _point(public["lat"], public["lon"]),
        "properties": public,
    }


def feature_collection(features: Iterable[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


# --- CSV -------------------------------------------------------------------------


def csv_safe(value: Any) -> Any:
    """A cell value that no spreadsheet runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


INCIDENT_COLUMNS = [
    "id",
    "created_at",
    "category",
    "priority",
    "score",
    "status",
    "cancel_reason",
    "lat",
    "lon",
    "region_code",
    "report_count",
    "lead_agency",
    "agencies",
    "claimed_at",
    "resolved_at",
    "closed_at",
    "claim_deadline",
    "resolve_deadline",
    "escalated_at",
    "merged_into",
    "flags",
    "resolution_note",
]

REPORT_COLUMNS = [
    "id",
    "tracking_code",
    "received_at",
    "channel",
    "state",
    "incident_id",
    "incident_category",
    "incident_priority",
    "incident_status",
    "text",
    "address",
    "lat",
    "lon",
    "region_code",
    "location_confidence",
    "location_provider",
    "reporter_name",
    "reporter_phone",
]


def incident_row(incident: Incident) -> list[Any]:
    agencies = sorted(incident.assignments.all(), key=lambda a: (a.role != "lead", a.agency_id))
    return [
        incident.pk,
        iso(incident.created_at),
        incident.category,
        incident.priority,
        incident.score,
        incident.status,
        incident.cancel_reason,
        incident.lat,
        incident.lon,
        incident.region_code,
        incident.report_count,
        incident.lead_agency.name if incident.lead_agency else "",
        "; ".join(f"{a.agency.name} ({a.role})" for a in agencies),
        iso(incident.claimed_at),
        iso(incident.resolved_at),
        iso(incident.closed_at),
        iso(incident.claim_deadline),
        iso(incident.resolve_deadline),
        iso(incident.escalated_at),
        incident.merged_into_id,
        ",".join(incident.flags or []),
        incident.resolution_note,
    ]


def report_row(report: Report, *, contact: bool) -> list[Any]:
    """One report; `contact` False masks the reporter as the API does for agency staff."""
    incident = report.incident
    name, phone = report.reporter_name, report.reporter_phone
    if not contact:
        name, phone = mask_name(name), mask_phone(phone) if phone else ""
    return [
        report.pk,
        report.tracking_code,
        iso(report.received_at),
        report.channel,
        report.state,
        report.incident_id,
        incident.category if incident else "",
        incident.priority if incident else "",
        incident.status if incident else "",
        report.text,
        report.address,
        report.lat,
        report.lon,
        report.region_code,
        report.location_confidence,
        report.location_provider,
        name,
        phone,
    ]


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    # A byte order mark: Excel, what most offices open these in, then reads UTF-8.
    yield "\ufeff"
    writer = csv.writer(_Echo())
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([csv_safe(value) for value in row])
