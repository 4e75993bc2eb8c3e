"""GET /api/incidents/<id>/recommendations/: the units to send, nearest first."""

from __future__ import annotations

from typing import Any

import pytest

from dispatch import services
from tests.conftest import open_incident


@pytest.mark.django_db
def test_it_recommends_the_nearest_engines_for_a_fire(client_for: Any, units: Any) -> None:
    fire = open_incident(lat=-5.42, lon=105.26)
    response = client_for("dispatcher").get(f"/api/incidents/{fire.pk}/recommendations/")
    assert response.status_code == 200
    body = response.json()
    assert [r["unit"]["call_sign"] for r in body] == ["DAMKAR-01", "DAMKAR-T1", "DAMKAR-02"]
    first = body[0]
    assert set(first) == {"unit", "distance_km", "eta_min", "reasons"}
    assert first["distance_km"] == pytest.approx(1.11, abs=0.01)
    assert first["eta_min"] > 0 and len(first["reasons"]) == 3
    assert first["unit"]["station"]["name"] == "Pos DAMKAR-01"
    assert [r["eta_min"] for r in body] == sorted(r["eta_min"] for r in body)


@pytest.mark.django_db
def test_it_recommends_an_agency_its_own_units_on_its_incidents(
    client_for: Any, units: Any, cast: Any, city_agencies: Any
) -> None:
    crash = open_incident(category="traffic_accident", kinds=("damkar", "dinkes"))
    damkar = client_for("damkar").get(f"/api/incidents/{crash.pk}/recommendations/").json()
    assert [r["unit"]["call_sign"] for r in damkar] == []  # no ambulance of its own
    dinkes = client_for("dinkes").get(f"/api/incidents/{crash.pk}/recommendations/").json()
    assert [r["unit"]["call_sign"] for r in dinkes] == ["PSC119-01"]
    desk = client_for("dispatcher").get(f"/api/incidents/{crash.pk}/recommendations/").json()
    assert [r["unit"]["call_sign"] for r in desk] == ["PSC119-01"]


@pytest.mark.django_db
def test_it_hides_incidents_of_other_agencies(client_for: Any, units: Any) -> None:
    fire = open_incident(kinds=("damkar",))
    assert client_for("dinkes").get(f"/api/incidents/{fire.pk}/recommendations/").status_code == 404
    assert client_for("dispatcher").get("/api/incidents/999999/recommendations/").status_code == 404


@pytest.mark.django_db
def test_it_recommends_nothing_for_a_complaint(client_for: Any, units: Any, cast: Any) -> None:
    complaint = open_incident(category="public_service", priority="P4", kinds=("pupr",))
    services.incident_claim(
        incident=complaint, user=cast["dispatcher"], agency=complaint.lead_agency
    )
    body = client_for("dispatcher").get(f"/api/incidents/{complaint.pk}/recommendations/").json()
    assert body == []


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["anonymous", "citizen"])
def test_it_refuses_the_public(client_for: Any, units: Any, name: str) -> None:
    fire = open_incident()
    response = client_for(name).get(f"/api/incidents/{fire.pk}/recommendations/")
    assert response.status_code in (401, 403)
