"""CAP 1.2 alerts from the incident event log, and the Atom feed alerting networks poll.

An incident's CAP messages are derived from its IncidentEvent rows, so they are
stable across requests: every event that changes what the public may see (its
anonymized projection) is one message. The first is an Alert, later ones are
Updates, and the one that closes or cancels the incident is a Cancel; each
later message `references` the first and the one before it.

Everything public comes from dispatch.projections.public_incident: the
category, priority, status, a location snapped to ~500 m and the village code.
Headlines and descriptions are written from code lists, never from a caller's
words. CAP times are local, without fractions and without `Z`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from lxml import etree

from dispatch.models import Incident, IncidentEvent
from dispatch.projections import public_incident
from interop import codes
from interop.selectors import region_description

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
ATOM_NS = "http://www.w3.org/2005/Atom"
CAP_MEDIA_TYPE = "application/cap+xml"
# The public location is the centre of a ~500 m cell: a 0.5 km circle covers it.
AREA_RADIUS_KM = "0.5"
ENDED_STATUSES = frozenset({"closed", "cancelled"})
# The public fields whose change is news to the public.
PUBLIC_KEY_FIELDS = ("category", "priority", "status", "lat", "lon", "region_code", "report_count")


def cap_time(value: datetime) -> str:
    """'2026-01-01T10:00:00+07:00': local time, to the minute like the public map."""
    return timezone.localtime(value).replace(second=0, microsecond=0).isoformat()


@dataclass(frozen=True)
class Message:
    """One CAP message of an incident's history."""

    identifier: str
    sent: datetime
    msg_type: str
    public: dict[str, Any]

    def reference(self) -> str:
        return f"{settings.CAP_SENDER},{self.identifier},{cap_time(self.sent)}"


def _identifier(incident_id: int, event_id: int) -> str:
    return f"{settings.CAP_IDENTIFIER_PREFIX}.{incident_id}.{event_id}"


def _public_now(incident: Incident) -> dict[str, Any]:
    return public_incident(
        {
            "id": incident.pk,
            "category": incident.category,
            "priority": incident.priority,
            "status": incident.status,
            "lat": incident.lat,
            "lon": incident.lon,
            "region_code": incident.region_code,
            "report_count": incident.report_count,
        }
    )


def history(incident: Incident, events: list[IncidentEvent]) -> list[Message]:
    """The incident's CAP messages, oldest first (never empty)."""
    messages: list[Message] = []
    last_key: tuple[Any, ...] | None = None
    for event in events:
        payload = event.data.get("incident") if isinstance(event.data, dict) else None
        if not payload:
            continue
        public = public_incident(payload)
        key = tuple(public.get(name) for name in PUBLIC_KEY_FIELDS)
        if key == last_key:
            continue
        last_key = key
        if not messages:
            msg_type = "Alert"
        elif public["status"] in ENDED_STATUSES:
            msg_type = "Cancel"
        else:
            msg_type = "Update"
        identifier = _identifier(incident.pk, event.pk)
        messages.append(Message(identifier, event.created_at, msg_type, public))
    if not messages:
        # An incident without a logged event (imported data): one Alert of its state now.
        public = _public_now(incident)
        messages.append(Message(_identifier(incident.pk, 0), incident.created_at, "Alert", public))
    return messages


def _references(messages: list[Message]) -> str:
    if len(messages) < 2:
        return ""
    earlier = [messages[0], messages[-2]] if len(messages) > 2 else [messages[0]]
    return " ".join(m.reference() for m in earlier)


# --- the alert -------------------------------------------------------------------


def _sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{CAP_NS}}}{tag}")
    if text is not None:
        element.text = text
    return element


def _pair(parent: etree._Element, tag: str, name: str, value: str) -> None:
    element = _sub(parent, tag)
    _sub(element, "valueName", name)
    _sub(element, "value", value)


def _area_name(public: dict[str, Any]) -> str:
    return (
        region_description(public["region_code"])
        or region_description(settings.HOME_REGION)
        or settings.HOME_REGION
    )


def _texts(public: dict[str, Any], language: str) -> dict[str, str]:
    """Headline, event name and description, from code lists only."""
    category = codes.category_label(public["category"], language)
    status = codes.status_label(public["status"], language)
    priority = public["priority"]
    area = _area_name(public)
    count = public["report_count"] or 1
    if language == "id":
        description = (
            f"Call Center 112 menerima {count} laporan {category.lower()} di sekitar {area}. "
            f"Prioritas {priority}. Status penanganan: {status}."
        )
        headline = f"{category} di {area}: {status}"
    else:
        description = (
            f"Call Center 112 received {count} report(s) of {category.lower()} near {area}. "
            f"Priority {priority}. Handling status: {status}."
        )
        headline = f"{category} near {area}: {status}"
    return {"event": category, "headline": headline[:160], "description": description}


def _expires(message: Message) -> datetime:
    """Alerts need refreshing: urgent ones sooner; a Cancel stays up for a day."""
    if message.msg_type == "Cancel":
        return message.sent + timedelta(hours=24)
    hours = 6 if message.public["priority"] in ("P1", "P2") else 72
    return message.sent + timedelta(hours=hours)


def _info(alert: etree._Element, message: Message, language: str, tag: str, web: str) -> None:
    public = message.public
    info = _sub(alert, "info")
    _sub(info, "language", tag)
    _sub(info, "category", codes.CAP_CATEGORY.get(public["category"], "Other"))
    texts = _texts(public, language)
    _sub(info, "event", texts["event"])
    if public["status"] in codes.CLOSED_STATUSES:
        _sub(info, "responseType", "AllClear")
    elif public["category"] in codes.CAP_RESPONSE:
        _sub(info, "responseType", codes.CAP_RESPONSE[public["category"]])
    _sub(info, "urgency", codes.cap_urgency(priority=public["priority"], status=public["status"]))
    severity = codes.cap_severity(priority=public["priority"], report_count=public["report_count"])
    _sub(info, "severity", severity)
    certainty = codes.cap_certainty(status=public["status"], report_count=public["report_count"])
    _sub(info, "certainty", certainty)
    _pair(info, "eventCode", "dispatch112:category", public["category"])
    _sub(info, "effective", cap_time(message.sent))
    _sub(info, "expires", cap_time(_expires(message)))
    _sub(info, "senderName", settings.CAP_SENDER_NAME)
    _sub(info, "headline", texts["headline"])
    _sub(info, "description", texts["description"])
    index = 0 if language == "id" else 1
    instruction = codes.CAP_INSTRUCTION.get(public["category"], codes.DEFAULT_INSTRUCTION)
    _sub(info, "instruction", instruction[index])
    if web:
        _sub(info, "web", web)
    _sub(info, "contact", settings.CAP_CONTACT)
    _pair(info, "parameter", "priority", public["priority"])
    _pair(info, "parameter", "status", public["status"])
    _pair(info, "parameter", "report_count", str(public["report_count"]))
    _area(info, public)


def _area(info: etree._Element, public: dict[str, Any]) -> None:
    area = _sub(info, "area")
    _sub(area, "areaDesc", _area_name(public))
    if public["lat"] is not None and public["lon"] is not None:
        _sub(area, "circle", f"{public['lat']},{public['lon']} {AREA_RADIUS_KM}")
    _pair(area, "geocode", "KEMENDAGRI", public["region_code"] or settings.HOME_REGION)


def alert(incident: Incident, events: list[IncidentEvent], *, web: str = "") -> etree._Element:
    """The incident's latest CAP message as an <alert> element."""
    messages = history(incident, events)
    message = messages[-1]
    root = etree.Element(f"{{{CAP_NS}}}alert", nsmap={None: CAP_NS})
    _sub(root, "identifier", message.identifier)
    _sub(root, "sender", settings.CAP_SENDER)
    _sub(root, "sent", cap_time(message.sent))
    _sub(root, "status", settings.CAP_STATUS)
    _sub(root, "msgType", message.msg_type)
    _sub(root, "scope", "Public")
    if message.msg_type == "Cancel":
        _sub(root, "note", "Kejadian selesai ditangani atau dibatalkan. / Incident ended.")
    references = _references(messages)
    if references:
        _sub(root, "references", references)
    _sub(root, "incidents", f"{settings.CAP_IDENTIFIER_PREFIX}.{incident.pk}")
    for language, tag in codes.LANGUAGES:
        _info(root, message, language, tag, web)
    return root


def alert_document(incident: Incident, events: list[IncidentEvent], *, web: str = "") -> bytes:
    return etree.tostring(alert(incident, events, web=web), xml_declaration=True, encoding="utf-8")


# --- the Atom feed ---------------------------------------------------------------


def _atom(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> Any:
    element = etree.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def feed_document(
    incidents: list[Incident],
    events: dict[int, list[IncidentEvent]],
    *,
    feed_url: str,
    alert_url: Callable[[int], str],
    web: str,
) -> bytes:
    """An Atom feed with one entry per incident, its current alert embedded and linked.

    Alerting networks (Google Public Alerts, the WMO alert hub) poll Atom feeds of
    CAP; embedding the alert saves them one request per entry.
    """
    feed = etree.Element(f"{{{ATOM_NS}}}feed", nsmap={None: ATOM_NS})
    _atom(feed, "id", feed_url)
    _atom(feed, "title", f"{settings.CAP_SENDER_NAME}: peringatan CAP / CAP alerts")
    entries = []
    for incident in incidents:
        element = alert(incident, events.get(incident.pk, []), web=web)
        entries.append((incident, element))
    sent = [e.findtext(f"{{{CAP_NS}}}sent") for _, e in entries]
    _atom(feed, "updated", max(sent) if sent else cap_time(timezone.now()))
    author = _atom(feed, "author")
    _atom(author, "name", settings.CAP_SENDER_NAME)
    _atom(feed, "link", rel="self", href=feed_url, type="application/atom+xml")
    for incident, element in entries:
        _entry(feed, incident, element, alert_url(incident.pk))
    return etree.tostring(feed, xml_declaration=True, encoding="utf-8")


def _entry(feed: etree._Element, incident: Incident, element: Any, url: str) -> None:
    identifier = element.findtext(f"{{{CAP_NS}}}identifier")
    info = element.find(f"{{{CAP_NS}}}info")
    entry = _atom(feed, "entry")
    _atom(entry, "id", f"{url}#{identifier}")
    _atom(entry, "title", info.findtext(f"{{{CAP_NS}}}headline"))
    _atom(entry, "updated", element.findtext(f"{{{CAP_NS}}}sent"))
    _atom(entry, "summary", info.findtext(f"{{{CAP_NS}}}description"))
    _atom(entry, "category", term=info.findtext(f"{{{CAP_NS}}}category"))
    _atom(entry, "link", rel="alternate", type=CAP_MEDIA_TYPE, href=url)
    content = _atom(entry, "content", type=CAP_MEDIA_TYPE)
    content.append(element)
