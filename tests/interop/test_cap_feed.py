"""GET /feeds/cap.xml (Atom feed of CAP 1.2 alerts) and /feeds/cap/<id>.xml."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from lxml import etree

from dispatch import services
from dispatch.models import Category, Incident, Report
from dispatch.projections import snap
from interop.codes import CAP_CATEGORY
from tests.conftest import open_incident
from tests.interop.schemas import ATOM_NS, CAP_NS, cap_valid

pytestmark = pytest.mark.usefixtures("cast")

CAP_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
NS = {"cap": CAP_NS, "atom": ATOM_NS}


def alert_of(incident: Incident) -> etree._Element:
    response = Client().get(f"/feeds/cap/{incident.pk}.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/cap+xml")
    alert = etree.fromstring(response.content)
    cap_valid(alert)
    return alert


def text(element: etree._Element, path: str) -> str:
    return element.findtext(path, namespaces=NS)


def feed() -> etree._Element:
    response = Client().get("/feeds/cap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return etree.fromstring(response.content)


def attach(incident: Incident, count: int) -> None:
    for number in range(count):
        report = Report.objects.create(
            text="Kebakaran juga", channel="phone", reporter_phone=f"+628120000{number:04d}"
        )
        services.incident_attach_report(incident=incident, report=report, reason="test")


def test_it_publishes_an_atom_feed_of_valid_alerts(cast: dict[str, Any]) -> None:
    incidents = [open_incident(), open_incident(category="medical", kinds=("dinkes",), lat=-5.3)]
    root = feed()
    assert root.tag == f"{{{ATOM_NS}}}feed"
    assert text(root, "atom:id").endswith("/feeds/cap.xml")
    assert CAP_TIME.match(text(root, "atom:updated"))
    entries = root.findall("atom:entry", NS)
    assert len(entries) == len(incidents)
    for entry in entries:
        link = entry.find("atom:link[@rel='alternate']", NS)
        assert link.get("type") == "application/cap+xml"
        assert re.search(r"/feeds/cap/\d+\.xml$", link.get("href"))
        [alert] = entry.find("atom:content", NS)
        cap_valid(alert)
        assert text(entry, "atom:title") == text(alert, "cap:info/cap:headline")


def test_it_follows_an_incident_from_alert_to_update_to_cancel(cast: dict[str, Any]) -> None:
    incident = open_incident()
    first = alert_of(incident)
    assert text(first, "cap:msgType") == "Alert"
    assert first.find("cap:references", NS) is None
    assert text(first, "cap:scope") == "Public"
    assert text(first, "cap:incidents").endswith(f".{incident.pk}")

    services.incident_claim(incident=incident, user=cast["damkar"])
    second = alert_of(incident)
    assert text(second, "cap:msgType") == "Update"
    assert text(second, "cap:identifier") != text(first, "cap:identifier")
    reference = ",".join(text(first, f"cap:{f}") for f in ("sender", "identifier", "sent"))
    assert text(second, "cap:references") == reference

    services.incident_set_status(incident=incident, user=cast["damkar"], status="en_route")
    services.incident_cancel(incident=incident, user=cast["dispatcher"], reason="invalid")
    last = alert_of(incident)
    assert text(last, "cap:msgType") == "Cancel"
    references = text(last, "cap:references").split()
    assert references[0] == reference
    assert len(references) == 2  # the first Alert and the message just before
    assert text(last, "cap:info/cap:urgency") == "Past"
    assert text(last, "cap:info/cap:responseType") == "AllClear"


def test_it_cancels_a_closed_incident_and_drops_old_ones_from_the_feed(
    cast: dict[str, Any],
) -> None:
    incident = open_incident()
    services.incident_claim(incident=incident, user=cast["damkar"])
    services.incident_set_status(incident=incident, user=cast["damkar"], status="resolved")
    assert text(alert_of(incident), "cap:msgType") == "Update"
    services.incident_set_status(incident=incident, user=cast["dispatcher"], status="closed")
    assert text(alert_of(incident), "cap:msgType") == "Cancel"
    # Still in the feed for a day, so that networks polling it see the Cancel...
    [entry] = feed().findall("atom:entry", NS)
    assert text(entry, "atom:content/cap:alert/cap:msgType") == "Cancel"
    # ...and gone after that.
    Incident.objects.filter(pk=incident.pk).update(updated_at=timezone.now() - timedelta(days=2))
    assert feed().findall("atom:entry", NS) == []


def test_it_skips_changes_the_public_cannot_see(cast: dict[str, Any]) -> None:
    incident = open_incident()
    before = text(alert_of(incident), "cap:identifier")
    # An escalation changes nothing public: no new message.
    services.incident_escalate(incident=incident, reason="claim_deadline_passed")
    assert text(alert_of(incident), "cap:identifier") == before


@pytest.mark.parametrize("category", Category.values)
def test_it_maps_every_category(category: str) -> None:
    alert = alert_of(open_incident(category=category, priority="P3", kinds=("pupr",)))
    for info in alert.findall("cap:info", NS):
        assert text(info, "cap:category") == CAP_CATEGORY[category]
        assert text(info, "cap:eventCode/cap:value") == category


def test_it_maps_the_expected_categories() -> None:
    assert CAP_CATEGORY["fire"] == "Fire"
    assert CAP_CATEGORY["traffic_accident"] == "Transport"
    assert CAP_CATEGORY["medical"] == "Health"
    assert CAP_CATEGORY["disaster"] in ("Geo", "Met")
    assert CAP_CATEGORY["rescue"] == "Rescue"
    assert CAP_CATEGORY["crime"] == "Security"
    assert CAP_CATEGORY["public_order"] == "Safety"
    assert CAP_CATEGORY["infrastructure"] == "Infra"
    assert CAP_CATEGORY["environment"] == "Env"


def test_it_rates_urgency_severity_and_certainty_by_priority_and_callers(
    cast: dict[str, Any],
) -> None:
    single = alert_of(open_incident(priority="P1"))
    assert text(single, "cap:info/cap:urgency") == "Immediate"
    assert text(single, "cap:info/cap:severity") == "Severe"
    assert text(single, "cap:info/cap:certainty") == "Possible"
    crowded = open_incident(priority="P1", lat=-5.30, lon=105.30)
    attach(crowded, 2)
    crowded_alert = alert_of(crowded)
    assert text(crowded_alert, "cap:info/cap:severity") == "Extreme"
    assert text(crowded_alert, "cap:info/cap:certainty") == "Observed"
    assert text(crowded_alert, "cap:msgType") == "Update"
    question = "Mohon info jadwal posyandu bulan ini"
    minor = alert_of(open_incident(text=question, category="information", priority="P4", kinds=()))
    assert text(minor, "cap:info/cap:urgency") == "Future"
    assert text(minor, "cap:info/cap:severity") == "Minor"


def test_it_writes_both_languages_times_and_area(cast: dict[str, Any]) -> None:
    incident = open_incident(lat=-5.41863, lon=105.27012, region_code="18.71.01.1003")
    alert = alert_of(incident)
    for path in ("cap:sent", "cap:info/cap:effective", "cap:info/cap:expires"):
        value = text(alert, path)
        assert CAP_TIME.match(value), value
        assert value.endswith("+07:00")
    infos = alert.findall("cap:info", NS)
    assert [text(i, "cap:language") for i in infos] == ["id-ID", "en-US"]
    assert text(infos[0], "cap:event") == "Kebakaran"
    assert text(infos[1], "cap:event") == "Fire"
    for info in infos:
        area = info.find("cap:area", NS)
        assert text(area, "cap:areaDesc").startswith("Kedaton")
        assert text(area, "cap:circle") == f"{snap(-5.41863)},{snap(105.27012)} 0.5"
        assert text(area, "cap:geocode/cap:valueName") == "KEMENDAGRI"
        assert text(area, "cap:geocode/cap:value") == "18.71.01.1003"


def test_it_answers_an_alert_for_an_unlocated_incident(cast: dict[str, Any]) -> None:
    alert = alert_of(open_incident(lat=None, lon=None, region_code=""))
    area = alert.find("cap:info/cap:area", NS)
    assert area.find("cap:circle", NS) is None
    assert text(area, "cap:geocode/cap:value") == "18.71"


def test_it_answers_404_for_an_unknown_incident(db: None) -> None:
    assert Client().get("/feeds/cap/999999.xml").status_code == 404
