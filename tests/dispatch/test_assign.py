"""POST /api/incidents/<id>/assign/: dispatchers route incidents to agencies."""

from __future__ import annotations

from typing import Any

import pytest

from dispatch import services
from dispatch.models import IncidentEvent
from tests.conftest import open_incident


def assign(client: Any, incident: Any, **payload: Any) -> Any:
    return client.post(f"/api/incidents/{incident.pk}/assign/", payload, format="json")


@pytest.mark.django_db
def test_it_assigns_a_lead_agency(client_for: Any, city_agencies: Any) -> None:
    incident = open_incident(kinds=())
    response = assign(client_for("dispatcher"), incident, agency_id=city_agencies["bpbd"].pk)
    assert response.status_code == 200
    assert response.json()["lead_agency"]["kind"] == "bpbd"
    assert [a["role"] for a in response.json()["agencies"]] == ["lead"]
    event = IncidentEvent.objects.filter(incident=incident).last()
    assert event.type == "incident.assigned"


@pytest.mark.django_db
def test_it_adds_a_support_agency(client_for: Any, city_agencies: Any) -> None:
    incident = open_incident()
    response = assign(
        client_for("supervisor"), incident, agency_id=city_agencies["dinkes"].pk, role="support"
    )
    roles = {a["kind"]: a["role"] for a in response.json()["agencies"]}
    assert roles == {"damkar": "lead", "dinkes": "support"}


@pytest.mark.django_db
def test_it_returns_a_claimed_incident_to_the_queue_for_a_new_lead(
    client_for: Any, cast: Any, city_agencies: Any
) -> None:
    incident = services.incident_claim(incident=open_incident(), user=cast["damkar"])
    response = assign(client_for("dispatcher"), incident, agency_id=city_agencies["bpbd"].pk)
    assert response.json()["status"] == "new"
    assert response.json()["lead_agency"]["kind"] == "bpbd"


@pytest.mark.django_db
def test_it_refuses_agency_staff(client_for: Any, city_agencies: Any) -> None:
    incident = open_incident()
    response = assign(client_for("damkar"), incident, agency_id=city_agencies["dinkes"].pk)
    assert response.status_code == 403


@pytest.mark.django_db
def test_it_refuses_an_unknown_agency(client_for: Any) -> None:
    response = assign(client_for("dispatcher"), open_incident(), agency_id=99999)
    assert response.status_code == 400
    assert "agency_id" in response.json()["errors"]
