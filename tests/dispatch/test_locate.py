"""POST /api/incidents/<id>/locate/: the dispatcher sets the location by hand."""

from __future__ import annotations

from typing import Any

import pytest

from dispatch.models import Incident, IncidentEvent


@pytest.mark.django_db
def test_it_moves_the_pin_and_records_an_event(client_for: Any, incident: Incident) -> None:
    response = client_for("dispatcher").post(
        f"/api/incidents/{incident.pk}/locate/", {"lat": -5.3972, "lon": 105.2668}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["lat"], response.json()["lon"]) == (-5.3972, 105.2668)
    assert response.json()["region_code"].startswith("18.71")
    event = IncidentEvent.objects.filter(incident=incident).last()
    assert event.type == "incident.located"
    assert event.data["from"]["lat"] == -5.42


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload", [{}, {"lat": -5.4}, {"lat": 95, "lon": 105}, {"lat": "x", "lon": 105}]
)
def test_it_refuses_bad_coordinates(client_for: Any, incident: Incident, payload: Any) -> None:
    response = client_for("dispatcher").post(
        f"/api/incidents/{incident.pk}/locate/", payload, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]


@pytest.mark.django_db
def test_it_refuses_agency_staff(client_for: Any, incident: Incident) -> None:
    response = client_for("damkar").post(
        f"/api/incidents/{incident.pk}/locate/", {"lat": -5.4, "lon": 105.2}, format="json"
    )
    assert response.status_code == 403
