"""POST /api/incidents/<id>/cancel/: prank, duplicate or invalid."""

from __future__ import annotations

from typing import Any

import pytest

from dispatch.models import Incident


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["prank", "duplicate", "invalid"])
def test_it_cancels_with_a_reason(client_for: Any, incident: Incident, reason: str) -> None:
    response = client_for("dispatcher").post(
        f"/api/incidents/{incident.pk}/cancel/", {"reason": reason}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["cancel_reason"] == reason


@pytest.mark.django_db
def test_it_refuses_an_unknown_reason(client_for: Any, incident: Incident) -> None:
    response = client_for("dispatcher").post(
        f"/api/incidents/{incident.pk}/cancel/", {"reason": "bored"}, format="json"
    )
    assert response.status_code == 400


@pytest.mark.django_db
def test_it_refuses_cancelling_twice(client_for: Any, incident: Incident) -> None:
    client = client_for("dispatcher")
    client.post(f"/api/incidents/{incident.pk}/cancel/", {"reason": "prank"}, format="json")
    response = client.post(
        f"/api/incidents/{incident.pk}/cancel/", {"reason": "prank"}, format="json"
    )
    assert response.status_code == 409


@pytest.mark.django_db
def test_it_refuses_agency_staff(client_for: Any, incident: Incident) -> None:
    response = client_for("damkar").post(
        f"/api/incidents/{incident.pk}/cancel/", {"reason": "prank"}, format="json"
    )
    assert response.status_code == 403
