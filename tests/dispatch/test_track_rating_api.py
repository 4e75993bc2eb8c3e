"""POST /api/track/<code>/rating/: the web reporter rates the handling once resolved."""

from __future__ import annotations

from typing import Any

import pytest

from dispatch import services
from dispatch.models import EventType, IncidentEvent, Report
from tests.conftest import open_incident

pytestmark = pytest.mark.django_db


def rate(client_for: Any, code: str, rating: Any) -> Any:
    return client_for("anonymous").post(
        f"/api/track/{code}/rating/", {"rating": rating}, format="json"
    )


def test_it_takes_one_rating_once_resolved(client_for: Any, cast: Any) -> None:
    incident = open_incident()
    report = Report.objects.get(incident=incident)
    code = report.tracking_code
    assert rate(client_for, code, 5).status_code == 409  # not resolved yet
    track = client_for("anonymous").get(f"/api/track/{code}/rating/").json()
    assert track == {"rating": None, "can_rate": False}
    services.incident_claim(incident=incident, user=cast["damkar"])
    services.incident_set_status(incident=incident, user=cast["damkar"], status="resolved")
    assert client_for("anonymous").get(f"/api/track/{code}/rating/").json()["can_rate"] is True
    response = rate(client_for, code, 5)
    assert response.status_code == 200 and response.json() == {"rating": 5, "can_rate": False}
    assert rate(client_for, code, 3).status_code == 409
    track = client_for("anonymous").get(f"/api/track/{code}/rating/").json()
    assert track == {"rating": 5, "can_rate": False}
    event = IncidentEvent.objects.get(type=EventType.REPORTER_RATED)
    assert (event.data["rating"], event.data["via"], event.actor) == (5, "phone", None)


@pytest.mark.parametrize("rating", [0, 6, "lima", None])
def test_it_refuses_a_rating_outside_one_to_five(client_for: Any, cast: Any, rating: Any) -> None:
    code = Report.objects.get(incident=open_incident()).tracking_code
    response = rate(client_for, code, rating)
    assert response.status_code == 400
    assert "rating" in response.json()["errors"]


def test_it_answers_404_for_an_unknown_code(client_for: Any) -> None:
    assert rate(client_for, "ZZZZZZZZ", 4).status_code == 404
    assert client_for("anonymous").get("/api/track/ZZZZZZZZ/rating/").status_code == 404
