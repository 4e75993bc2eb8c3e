"""Open311 GeoReport v2 documents: services, service definitions, requests, errors.

Pure shaping: the views parse, the selectors read, this builds the JSON-ready
dicts and their XML twins. A request is public: it is built from the anonymized
projection of the public map (dispatch.projections), never from the report's
own words, names, phones or exact coordinates.

`service_request_id` is the report id, as a string. It is what a client keeps;
the tracking code stays the reporter's secret and is only handed back to the
client that filed the request (in `service_notice`). `requests/<id>` also
accepts a tracking code, so a reporter's code works there too.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import datetime
from typing import Any

from django.utils import timezone
from lxml import etree

from dispatch.models import LocationState, Report
from dispatch.projections import public_incident
from interop import codes
from interop.selectors import region_description

# The element name of each list's items in the XML form (GeoReport v2 XML).
XML_ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
}


class Open311Error(Exception):
    """An error answered as GeoReport's [{code, description}] with this HTTP status."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after  # seconds, for a 429


def errors_document(status: int, description: str) -> list[dict[str, Any]]:
    return [{"code": status, "description": description}]


# --- services --------------------------------------------------------------------


def service(code: str) -> dict[str, Any]:
    return {
        "service_code": code,
        "service_name": codes.category_label(code, "id"),
        "description": (f"{codes.category_label(code, 'id')} / {codes.category_label(code, 'en')}"),
        "metadata": bool(codes.SERVICE_ATTRIBUTES.get(code)),
        # The request id is answered at once: every service is "realtime".
        "type": "realtime",
        "keywords": codes.SERVICE_KEYWORDS.get(code, ""),
        "group": codes.service_group(code),
    }


def services() -> list[dict[str, Any]]:
    return [service(code) for code in codes.service_codes()]


def service_definition(code: str) -> dict[str, Any]:
    attributes = []
    for order, attribute in enumerate(codes.SERVICE_ATTRIBUTES.get(code, ()), start=1):
        item: dict[str, Any] = {
            "variable": True,
            "code": attribute.code,
            "datatype": attribute.datatype,
            "required": attribute.required,
            "datatype_description": attribute.datatype_description,
            "order": order,
            "description": attribute.description,
        }
        if attribute.values:
            item["values"] = [asdict(value) for value in attribute.values]
        attributes.append(item)
    return {"service_code": code, "attributes": attributes}


# --- requests --------------------------------------------------------------------


def minute_iso(value: datetime | None) -> str | None:
    """W3C date-time in local time, cut to the minute like the public map."""
    if value is None:
        return None
    return timezone.localtime(value).replace(second=0, microsecond=0).isoformat()


def _public_projection(report: Report) -> dict[str, Any]:
    """The public map's projection of the report's incident (or of the report itself)."""
    incident = report.incident
    source = incident if incident is not None else report
    # A place triage could not establish is not published: no point, no area.
    placed = source.location_state != LocationState.UNKNOWN
    return public_incident(
        {
            "id": source.pk,
            "category": getattr(incident, "category", "other"),
            "priority": getattr(incident, "priority", ""),
            "status": getattr(incident, "status", "new"),
            "lat": source.lat if placed else None,
            "lon": source.lon if placed else None,
            "region_code": source.region_code if placed else "",
            "report_count": getattr(incident, "report_count", 1),
            "created_at": None,
            "updated_at": None,
            "version": 0,
        }
    )


def service_code_of(report: Report) -> str:
    """The incident's category once triaged; until then what the request was filed as."""
    if report.incident is not None:
        return report.incident.category
    filed = getattr(report, "open311", None)
    return filed.service_code if filed is not None else "other"


def _status_notes(report: Report) -> str:
    incident = report.incident
    if incident is None:
        return codes.STATUS_NOTES["pending"]
    if incident.cancel_reason in codes.CANCEL_NOTES:
        return codes.CANCEL_NOTES[incident.cancel_reason]
    return codes.STATUS_NOTES.get(incident.status, "")


def public_request(report: Report) -> dict[str, Any]:
    """A report as a GeoReport request, anonymized like the public map."""
    incident = report.incident
    public = _public_projection(report)
    code = service_code_of(report)
    lead = incident.lead_agency if incident is not None else None
    is_open = codes.open311_status(incident.status if incident else None) == "open"
    return {
        "service_request_id": str(report.pk),
        "status": codes.open311_status(incident.status if incident else None),
        "status_notes": _status_notes(report),
        "service_name": codes.category_label(code, "id"),
        "service_code": code,
        # The report's own words stay private: the public gets the category label.
        "description": codes.category_label(code, "id"),
        "agency_responsible": lead.name if lead is not None else None,
        "service_notice": (
            codes.priority_label(incident.priority, "id") if incident is not None else None
        ),
        "requested_datetime": minute_iso(report.received_at),
        "updated_datetime": minute_iso(incident.updated_at if incident else report.received_at),
        "expected_datetime": (
            minute_iso(incident.resolve_deadline) if incident is not None and is_open else None
        ),
        "address": region_description(public["region_code"]) or None,
        "address_id": public["region_code"] or None,
        "zipcode": None,
        "lat": public["lat"],
        "long": public["lon"],
        "media_url": None,
    }


def submitted(report: Report) -> list[dict[str, Any]]:
    """The answer to a POSTed request: its id, and the tracking code for the reporter."""
    return [
        {
            "service_request_id": str(report.pk),
            "service_notice": (
                f"Laporan diterima. Kode lacak untuk pelapor: {report.tracking_code} "
                f"(/api/track/{report.tracking_code}/)."
            ),
            "account_id": None,
        }
    ]


# --- XML -------------------------------------------------------------------------


# Characters XML 1.0 cannot carry (controls, lone surrogates, U+FFFE/FFFF).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Text an XML document can hold: anything else (an echoed query) is replaced."""
    return _NOT_XML.sub("\ufffd", text)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return xml_text(str(value))


def _append(parent: etree._Element, tag: str, value: Any) -> None:
    element = etree.SubElement(parent, tag)
    if isinstance(value, dict):
        for key, item in value.items():
            _append(element, key, item)
    elif isinstance(value, list):
        item_tag = XML_ITEM_TAGS.get(tag, "item")
        for item in value:
            _append(element, item_tag, item)
    else:
        element.text = _text(value)


def to_xml(root: str, value: Any) -> bytes:
    """The XML form of a document: lists become repeated elements, null an empty one."""
    element = etree.Element(root)
    if isinstance(value, list):
        item_tag = XML_ITEM_TAGS.get(root, "item")
        for item in value:
            _append(element, item_tag, item)
    else:
        for key, item in value.items():
            _append(element, key, item)
    return etree.tostring(element, xml_declaration=True, encoding="utf-8")
