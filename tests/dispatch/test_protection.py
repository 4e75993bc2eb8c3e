"""Incidents that could expose a victim never reach the public map, socket or counts.

Real triage (the urgency engine's words), real projections: a domestic-violence
call, a suicide threat and a case routed to DP3A are protected; a fire is not.
"""

from __future__ import annotations

from typing import Any

import pytest

from dispatch import projections, services
from dispatch.models import Agency, Incident, IncidentEvent, Report
from dispatch.services.triage import stored_assessment
from frontend.selectors import public_counts
from priority.engine import assess
from tests.conftest import CommittingClient, open_incident

KDRT = "Telah terjadi KDRT, korban seorang ibu dipukul suaminya hingga berdarah dan pingsan"
SUICIDE = "Ada yang mau bunuh diri di jembatan Way Halim, sudah berdiri di pagar"
FIRE = "Kebakaran rumah di Jalan Teuku Umar, api besar"


def reported(text: str, lat: float = -5.4186, lon: float = 105.2701) -> Incident:
    body = {"text": text, "lat": lat, "lon": lon}
    response = CommittingClient().post("/api/reports/", body, format="json")
    assert response.status_code == 201, response.json()
    return Report.objects.get(pk=response.json()["id"]).incident


@pytest.fixture
def dp3a(db: None) -> Agency:
    return Agency.objects.create(kind="dp3a", name="DP3A Kota", jurisdiction=["18.71"])


def public_ids() -> set[int]:
    return {i["id"] for i in projections.public_snapshot()["incidents"]}


@pytest.mark.django_db
def test_it_protects_domestic_violence_and_suicide_but_not_a_fire(cast: Any, dp3a: Agency) -> None:
    kdrt = reported(KDRT)
    suicide = reported(SUICIDE, lat=-5.38, lon=105.25)
    fire = reported(FIRE, lat=-5.43, lon=105.27)
    assert kdrt.victim_protected and suicide.victim_protected
    assert not fire.victim_protected
    assert public_ids() == {fire.pk}
    assert [row["code"] for row in public_counts()] == ["fire"]


@pytest.mark.django_db
def test_it_sends_no_public_event_of_a_protected_incident(cast: Any, dp3a: Agency) -> None:
    kdrt = reported(KDRT)
    fire = reported(FIRE, lat=-5.43, lon=105.27)
    for event in IncidentEvent.objects.order_by("pk"):
        message = projections.event_message(event)
        public = projections.public_event(message)
        if event.incident_id == kdrt.pk:
            assert not projections.on_public_map(message["incident"])
            assert public["incident"] is None
        else:
            assert event.incident_id == fire.pk and public["incident"]["id"] == fire.pk


@pytest.mark.django_db
def test_it_protects_an_incident_routed_to_dp3a(cast: Any, dp3a: Agency) -> None:
    incident = open_incident(text="Keributan di rumah warga", category="crime", kinds=("polri",))
    assert public_ids() == {incident.pk}
    services.incident_assign(incident=incident, user=cast["dispatcher"], agency=dp3a)
    assert public_ids() == set()
    assert public_counts() == []


@pytest.mark.django_db
def test_it_protects_an_incident_once_a_later_call_names_the_violence(cast: Any) -> None:
    incident = open_incident(text="Ada ribut-ribut di rumah tetangga", category="crime")
    assert public_ids() == {incident.pk}
    later = Report.objects.create(text=KDRT, lat=-5.42, lon=105.26)
    later.assessment = stored_assessment(assess(KDRT, "web"))
    services.incident_attach_report(incident=incident, report=later, reason="same place")
    incident.refresh_from_db()
    assert incident.victim_protected
    assert public_ids() == set()


@pytest.mark.django_db
def test_it_counts_only_active_incidents_in_public(cast: Any, client_for: Any) -> None:
    active = open_incident()
    handled = open_incident(lat=-5.40, lon=105.30)
    services.incident_claim(incident=handled, user=cast["damkar"])
    services.incident_set_status(incident=handled, user=cast["damkar"], status="resolved")
    assert [(row["code"], row["count"]) for row in public_counts()] == [("fire", 1)]
    assert {active.pk, handled.pk} <= public_ids()  # resolved stays on the map, not in the count
