"""POST /api/preview/: the call-taker's live preview of assessment and duplicates."""

from __future__ import annotations

from typing import Any

import pytest

from dispatch import services
from dispatch.models import Incident, Report
from tests.conftest import assessed_as, located_at, open_incident

pytestmark = pytest.mark.django_db

FIRE = "Kebakaran rumah, api besar, ada warga terjebak di dalam"


def test_it_previews_assessment_location_and_duplicates(client_for: Any, cast: Any) -> None:
    nearby = open_incident(text="Kebakaran rumah api besar", lat=-5.4200, lon=105.2600)
    open_incident(text="Kebakaran jauh", lat=-5.30, lon=105.10)  # far away
    body = {"text": FIRE, "lat": -5.4205, "lon": 105.2603}
    response = client_for("dispatcher").post("/api/preview/", body, format="json")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"assessment", "location", "duplicates", "questions"}
    assert data["questions"] == ["trapped", "people_inside", "injured", "spreading"]
    assessment = data["assessment"]
    assert set(assessment) == {"category", "priority", "score", "fast_track", "agencies", "reasons"}
    assert assessment["category"] == "fire"
    assert assessment["priority"] == "P1" and assessment["fast_track"] is True
    assert assessment["agencies"][0] == "damkar"
    assert data["location"]["region"]["code"].startswith("18.71")
    assert [d["incident"]["id"] for d in data["duplicates"]] == [nearby.pk]
    duplicate = data["duplicates"][0]
    assert 0 < duplicate["distance_m"] < 100
    assert duplicate["score"] >= 0.5 and duplicate["likely"] is True
    assert duplicate["reason"]
    assert duplicate["incident"]["lead_agency"]["kind"] == "damkar"


def test_it_writes_nothing(client_for: Any, cast: Any) -> None:
    client_for("dispatcher").post("/api/preview/", {"text": FIRE}, format="json")
    assert Report.objects.count() == 0 and Incident.objects.count() == 0


def test_it_locates_an_address_when_no_point_is_given(client_for: Any, cast: Any) -> None:
    body = {"text": "jalan berlubang", "address": "Kedaton, Bandar Lampung"}
    data = client_for("dispatcher").post("/api/preview/", body, format="json").json()
    assert data["location"]["state"] == "approximate"  # a kecamatan: its centre
    assert data["location"]["region"]["regency"]
    assert data["assessment"]["category"] == "infrastructure"


def test_it_places_by_coordinates_typed_in_the_words(client_for: Any, cast: Any) -> None:
    # A WhatsApp location pasted by the operator: the point, and the fire next to it.
    nearby = open_incident(text="Kebakaran rumah api besar", lat=-5.4200, lon=105.2600)
    body = {"text": f"{FIRE}. Lokasi: -5.4205, 105.2603"}
    data = client_for("dispatcher").post("/api/preview/", body, format="json").json()
    location = data["location"]
    assert (location["state"], location["lat"], location["lon"]) == ("known", -5.4205, 105.2603)
    assert location["reasons"] == [{"code": "typed_coordinates", "words": "-5.4205, 105.2603"}]
    assert [d["incident"]["id"] for d in data["duplicates"]] == [nearby.pk]


def test_it_accepts_blank_text_while_the_caller_is_still_talking(client_for: Any) -> None:
    response = client_for("dispatcher").post("/api/preview/", {"text": ""}, format="json")
    assert response.status_code == 200
    location = response.json()["location"]
    assert (location["state"], location["lat"]) == ("unknown", None)
    assert location["reasons"] == [{"code": "nothing_named"}]
    assert response.json()["duplicates"] == []


def test_it_is_for_staff_only(client_for: Any) -> None:
    assert (
        client_for("damkar").post("/api/preview/", {"text": FIRE}, format="json").status_code == 200
    )
    for name in ("citizen", "anonymous"):
        response = client_for(name).post("/api/preview/", {"text": FIRE}, format="json")
        assert response.status_code in (401, 403)


def test_it_validates_coordinates(client_for: Any) -> None:
    response = client_for("dispatcher").post(
        "/api/preview/", {"text": FIRE, "lat": -5.4}, format="json"
    )
    assert response.status_code == 400
    assert "lon" in response.json()["errors"]
    response = client_for("dispatcher").post(
        "/api/preview/", {"text": FIRE, "lat": 95, "lon": 105}, format="json"
    )
    assert response.status_code == 400


def test_it_applies_the_callers_answers(client_for: Any) -> None:
    body = {"text": "bapak saya jatuh di kamar mandi", "answers": {"conscious": "no"}}
    data = client_for("dispatcher").post("/api/preview/", body, format="json").json()
    assert data["assessment"]["priority"] == "P1"
    assert "answer: not conscious" in data["assessment"]["reasons"]
    assert data["questions"] == ["conscious", "breathing", "bleeding"]


def test_it_refuses_unknown_questions_and_answers(client_for: Any) -> None:
    for answers in ({"shoe_size": "yes"}, {"conscious": "maybe"}, ["conscious"]):
        body = {"text": "jatuh", "answers": answers}
        response = client_for("dispatcher").post("/api/preview/", body, format="json")
        assert response.status_code == 400
        assert response.json()["errors"]["answers"]


def test_it_lists_only_the_incidents_the_caller_may_see(
    client_for: Any, cast: Any, settings: Any
) -> None:
    # Issue 17: agency staff saw other agencies' incidents, and unrouted ones, here.
    settings.DISPOSITION_REQUIRED_FOR = ["P3"]
    police = open_incident(text="Kebakaran rumah api besar", kinds=("polri",), lat=-5.4200)
    # Opened directly: triage would attach a second call this close to the first.
    report = Report.objects.create(
        text="Kebakaran rumah api", channel="phone", lat=-5.4201, lon=105.26
    )
    waiting = services.incident_open(
        report=report,
        location=located_at(-5.4201, 105.26, "18.71.01.1001"),
        assessment=assessed_as("fire", "P3", ("damkar",)),
    )
    assert waiting.awaiting_disposition and not waiting.assignments.exists()
    body = {"text": FIRE, "lat": -5.4202, "lon": 105.2600}
    seen = client_for("damkar").post("/api/preview/", body, format="json").json()["duplicates"]
    assert seen == []
    for hidden in (police, waiting):
        assert client_for("damkar").get(f"/api/incidents/{hidden.pk}/").status_code == 404
    desk = client_for("dispatcher").post("/api/preview/", body, format="json").json()
    assert {d["incident"]["id"] for d in desk["duplicates"]} == {police.pk, waiting.pk}


def test_it_lists_the_agencys_own_incidents(client_for: Any, cast: Any) -> None:
    mine = open_incident(text="Kebakaran rumah api besar", kinds=("damkar",), lat=-5.4200)
    body = {"text": FIRE, "lat": -5.4202, "lon": 105.2600}
    seen = client_for("damkar").post("/api/preview/", body, format="json").json()["duplicates"]
    assert [d["incident"]["id"] for d in seen] == [mine.pk]
