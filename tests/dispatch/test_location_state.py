"""An incident's location state: what the point rests on, and where an unknown one never goes."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from dispatch import services
from dispatch.models import Incident, Report
from dispatch.projections import event_message, public_event
from tests.conftest import CommittingClient

pytestmark = pytest.mark.django_db


def report(body: dict[str, Any]) -> Report:
    response = CommittingClient().post("/api/reports/", body, format="json")
    assert response.status_code == 201, response.json()
    return Report.objects.select_related("incident").get(pk=response.json()["id"])


def test_it_places_the_readme_example_at_the_landmark(cast: Any) -> None:
    # The README's own example, on the landmarks the migrations ship.
    incident = report({"text": "Kebakaran rumah dekat Pasar Tugu, ada korban"}).incident
    assert incident.location_state == "known"
    assert incident.priority == "P1"
    assert incident.lead_agency.kind == "damkar"
    detail = incident.location_detail
    assert detail["level"] == "landmark"
    assert {"code": "landmark"} in detail["reasons"]


def test_it_keeps_an_unplaced_report_off_the_map_and_says_why(cast: Any) -> None:
    incident = report({"text": "Kebakaran di gudang belakang rumah, tolong cepat"}).incident
    assert (incident.location_state, incident.lat, incident.lon) == ("unknown", None, None)
    assert incident.location_detail["reasons"][0] == {
        "code": "common_word",
        "words": "gudang",
        "place": "Gudang",
    }
    assert "low_confidence_location" in incident.flags
    # Routed as if it came from the home region: someone local must look at it.
    assert incident.lead_agency.kind == "damkar"


def test_it_shows_staff_the_state_and_the_reasons(cast: Any, client_for: Any) -> None:
    incident = report({"text": "ada kebakaran di gudang"}).incident
    body = client_for("dispatcher").get(f"/api/incidents/{incident.pk}/").json()
    assert body["location_state"] == "unknown"
    assert body["location_detail"]["reasons"][0]["code"] == "common_word"
    assert body["reports"][0]["location_state"] == "unknown"


def test_it_never_shows_the_public_an_unknown_place(cast: Any) -> None:
    unknown = report({"text": "Kebakaran di gudang, api besar"}).incident
    known = report({"text": "Kebakaran rumah dekat Pasar Tugu, ada korban"}).incident
    ids = [i["id"] for i in Client().get("/api/public/incidents/").json()["incidents"]]
    assert ids == [known.pk]
    last = unknown.events.order_by("-pk").first()
    assert public_event(event_message(last))["incident"] is None
    assert f"/{unknown.pk}." not in Client().get("/feeds/cap.xml").content.decode()
    geojson = Client().get("/api/incidents.geojson").json()
    assert [f["id"] for f in geojson["features"]] == [known.pk]


def test_it_makes_a_place_known_when_a_dispatcher_sets_it(cast: Any) -> None:
    incident = report({"text": "Kebakaran di gudang, api besar"}).incident
    services.incident_locate(incident=incident, user=cast["dispatcher"], lat=-5.3867, lon=105.2620)
    incident = Incident.objects.get(pk=incident.pk)
    assert incident.location_state == "known"
    assert incident.location_detail["reasons"] == [{"code": "placed_by_dispatcher"}]
    assert "low_confidence_location" not in incident.flags
    ids = [i["id"] for i in Client().get("/api/public/incidents/").json()["incidents"]]
    assert incident.pk in ids


def test_it_keeps_a_device_fix_outside_indonesia_on_the_report_only(cast: Any) -> None:
    sent = report({"text": "tolong kebakaran", "lat": 0.0, "lon": 0.0})
    assert (sent.lat, sent.lon) == (0.0, 0.0)  # what the phone said, for the operator
    incident = sent.incident
    assert (incident.location_state, incident.lat) == ("unknown", None)
    assert incident.location_detail["reasons"][0]["code"] == "device_outside"
