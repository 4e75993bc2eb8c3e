"""POST /api/incidents/<id>/status/: every allowed transition and every refused one."""

from __future__ import annotations

from typing import Any

import pytest

from dispatch import services
from dispatch.models import Incident, IncidentEvent, Status
from tests.conftest import open_incident

STATUSES = [s.value for s in Status]
ALLOWED = {
    ("claimed", "en_route"),
    ("claimed", "on_scene"),
    ("claimed", "resolved"),
    ("en_route", "on_scene"),
    ("en_route", "resolved"),
    ("on_scene", "resolved"),
    ("resolved", "closed"),
}
TARGETS = ["en_route", "on_scene", "resolved", "closed"]

# How to bring a fresh incident into each starting status, through the services.
PATHS: dict[str, list[tuple[str, str]]] = {
    "new": [],
    "claimed": [("claim", "")],
    "en_route": [("claim", ""), ("status", "en_route")],
    "on_scene": [("claim", ""), ("status", "on_scene")],
    "resolved": [("claim", ""), ("status", "resolved")],
    "closed": [("claim", ""), ("status", "resolved"), ("status", "closed")],
    "cancelled": [("cancel", "invalid")],
}


def bring_to(status: str, cast: Any) -> Incident:
    incident = open_incident()
    for action, arg in PATHS[status]:
        if action == "claim":
            incident = services.incident_claim(incident=incident, user=cast["damkar"])
        elif action == "status":
            incident = services.incident_set_status(
                incident=incident, user=cast["dispatcher"], status=arg
            )
        else:
            incident = services.incident_cancel(
                incident=incident, user=cast["dispatcher"], reason=arg
            )
    assert incident.status == status
    return incident


@pytest.mark.django_db
@pytest.mark.parametrize("start", list(PATHS))
@pytest.mark.parametrize("target", TARGETS)
def test_it_allows_only_the_designed_transitions(
    client_for: Any, cast: Any, start: str, target: str
) -> None:
    incident = bring_to(start, cast)
    before = IncidentEvent.objects.count()
    response = client_for("dispatcher").post(
        f"/api/incidents/{incident.pk}/status/", {"status": target}, format="json"
    )
    if (start, target) in ALLOWED:
        assert response.status_code == 200, response.json()
        assert response.json()["status"] == target
        assert IncidentEvent.objects.count() == before + 1
    else:
        assert response.status_code == 409, response.json()
        incident.refresh_from_db()
        assert incident.status == start
        assert IncidentEvent.objects.count() == before


@pytest.mark.django_db
def test_it_keeps_the_resolution_note(client_for: Any, cast: Any) -> None:
    incident = bring_to("on_scene", cast)
    payload = {"status": "resolved", "note": "Api padam pukul 03.10"}
    client_for("damkar").post(f"/api/incidents/{incident.pk}/status/", payload, format="json")
    incident.refresh_from_db()
    assert incident.resolution_note == "Api padam pukul 03.10"
    assert incident.resolved_at is not None


@pytest.mark.django_db
def test_it_leaves_closing_to_the_desk(client_for: Any, cast: Any) -> None:
    incident = bring_to("resolved", cast)
    response = client_for("damkar").post(
        f"/api/incidents/{incident.pk}/status/", {"status": "closed"}, format="json"
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_it_refuses_status_changes_by_a_support_agency(client_for: Any, cast: Any) -> None:
    incident = open_incident(kinds=("damkar", "dinkes"))
    services.incident_claim(incident=incident, user=cast["damkar"])
    response = client_for("dinkes").post(
        f"/api/incidents/{incident.pk}/status/", {"status": "en_route"}, format="json"
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_it_refuses_an_unknown_status(client_for: Any, cast: Any) -> None:
    incident = bring_to("claimed", cast)
    for status in ["claimed", "new", "cancelled", "flying", ""]:
        response = client_for("dispatcher").post(
            f"/api/incidents/{incident.pk}/status/", {"status": status}, format="json"
        )
        assert response.status_code == 400
        assert "status" in response.json()["errors"]
