"""POST /api/incidents/<id>/release/ and /reopen/."""

from __future__ import annotations

from typing import Any

import pytest

from dispatch import services
from tests.conftest import open_incident


@pytest.mark.django_db
def test_it_releases_a_claim_back_to_the_queue(client_for: Any, cast: Any) -> None:
    incident = services.incident_claim(incident=open_incident(), user=cast["damkar"])
    response = client_for("damkar").post(
        f"/api/incidents/{incident.pk}/release/", {"note": "bukan wilayah kami"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "new"
    incident.refresh_from_db()
    assert incident.claimed_by is None
    # Released, it can be claimed again.
    services.incident_claim(incident=incident, user=cast["damkar"])


@pytest.mark.django_db
def test_it_refuses_to_release_what_is_not_claimed(client_for: Any, cast: Any) -> None:
    incident = open_incident()
    response = client_for("damkar").post(
        f"/api/incidents/{incident.pk}/release/", {}, format="json"
    )
    assert response.status_code == 409


@pytest.mark.django_db
def test_it_reopens_a_resolved_incident_as_claimed(client_for: Any, cast: Any) -> None:
    incident = services.incident_claim(incident=open_incident(), user=cast["damkar"])
    services.incident_set_status(incident=incident, user=cast["damkar"], status="resolved")
    response = client_for("damkar").post(f"/api/incidents/{incident.pk}/reopen/", {}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "claimed"
    assert response.json()["lead_agency"]["kind"] == "damkar"


@pytest.mark.django_db
def test_it_reopens_a_cancelled_unclaimed_incident_as_new(client_for: Any, cast: Any) -> None:
    incident = open_incident()
    services.incident_cancel(incident=incident, user=cast["dispatcher"], reason="prank")
    assert (
        client_for("damkar")
        .post(f"/api/incidents/{incident.pk}/reopen/", {}, format="json")
        .status_code
        == 403
    )
    response = client_for("dispatcher").post(
        f"/api/incidents/{incident.pk}/reopen/", {}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "new"
    assert response.json()["cancel_reason"] is None


@pytest.mark.django_db
def test_it_refuses_to_reopen_an_open_incident(client_for: Any, cast: Any) -> None:
    incident = open_incident()
    response = client_for("dispatcher").post(
        f"/api/incidents/{incident.pk}/reopen/", {}, format="json"
    )
    assert response.status_code == 409
