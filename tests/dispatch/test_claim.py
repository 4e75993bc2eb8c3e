"""POST /api/incidents/<id>/claim/: exactly one agency wins."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from dispatch import services
from dispatch.models import Incident, IncidentEvent
from tests.conftest import open_incident


def url(incident: Incident) -> str:
    return f"/api/incidents/{incident.pk}/claim/"


@pytest.mark.django_db
def test_it_claims_for_the_staff_agency(client_for: Any, incident: Incident, cast: Any) -> None:
    response = client_for("damkar").post(url(incident), {}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "claimed"
    assert body["lead_agency"]["kind"] == "damkar"
    incident.refresh_from_db()
    assert incident.claimed_by == cast["damkar"]
    assert IncidentEvent.objects.filter(incident=incident, type="incident.claimed").count() == 1


@pytest.mark.django_db
def test_it_answers_409_to_the_second_claim(client_for: Any, cast: Any) -> None:
    incident = open_incident(kinds=("damkar", "dinkes"))
    assert client_for("damkar").post(url(incident), {}, format="json").status_code == 200
    for name in ("damkar", "dinkes"):
        response = client_for(name).post(url(incident), {}, format="json")
        assert response.status_code == 409
        assert "already been claimed" in response.json()["detail"]


@pytest.mark.django_db
def test_it_refuses_a_support_agency_taking_the_lead(client_for: Any, cast: Any) -> None:
    # Issue 17: dinkes, support on damkar's fire, claimed it and locked damkar out.
    incident = open_incident(kinds=("damkar", "dinkes"))
    response = client_for("dinkes").post(url(incident), {}, format="json")
    assert response.status_code == 403
    assert "lead agency" in response.json()["detail"]
    incident.refresh_from_db()
    assert incident.status == "new" and incident.lead_agency.kind == "damkar"
    assert not IncidentEvent.objects.filter(incident=incident, type="incident.claimed").exists()
    assert client_for("damkar").post(url(incident), {}, format="json").status_code == 200
    status = {"status": "en_route"}
    response = client_for("damkar").post(
        f"/api/incidents/{incident.pk}/status/", status, format="json"
    )
    assert response.status_code == 200


@pytest.mark.django_db
def test_it_lets_an_agency_claim_what_has_no_lead_yet(
    client_for: Any, cast: Any, city_agencies: Any
) -> None:
    incident = open_incident(kinds=())
    assert incident.lead_agency is None
    support = {"agency_id": city_agencies["dinkes"].pk, "role": "support"}
    client_for("dispatcher").post(f"/api/incidents/{incident.pk}/assign/", support, format="json")
    body = client_for("dinkes").post(url(incident), {}, format="json").json()
    assert body["status"] == "claimed"
    assert {a["kind"]: a["role"] for a in body["agencies"]} == {"dinkes": "lead"}


@pytest.mark.django_db
def test_it_lets_the_desk_make_a_support_agency_the_lead(
    client_for: Any, cast: Any, city_agencies: Any
) -> None:
    incident = open_incident(kinds=("damkar", "dinkes"))
    payload = {"agency_id": city_agencies["dinkes"].pk}
    body = client_for("dispatcher").post(url(incident), payload, format="json").json()
    roles = {a["kind"]: a["role"] for a in body["agencies"]}
    assert roles == {"dinkes": "lead", "damkar": "support"}


@pytest.mark.django_db
def test_it_hides_incidents_not_routed_to_the_agency(client_for: Any, incident: Incident) -> None:
    assert client_for("dinkes").post(url(incident), {}, format="json").status_code == 404


@pytest.mark.django_db
def test_it_lets_a_dispatcher_claim_on_behalf_of_an_agency(
    client_for: Any, incident: Incident, city_agencies: Any
) -> None:
    payload = {"agency_id": city_agencies["damkar"].pk}
    response = client_for("dispatcher").post(url(incident), payload, format="json")
    assert response.status_code == 200
    assert response.json()["lead_agency"]["kind"] == "damkar"


@pytest.mark.django_db
def test_it_asks_a_dispatcher_which_agency(client_for: Any, incident: Incident) -> None:
    response = client_for("dispatcher").post(url(incident), {}, format="json")
    assert response.status_code == 400


@pytest.mark.django_db
def test_it_refuses_agency_staff_claiming_for_another_agency(
    client_for: Any, incident: Incident, city_agencies: Any
) -> None:
    payload = {"agency_id": city_agencies["dinkes"].pk}
    response = client_for("damkar").post(url(incident), payload, format="json")
    assert response.status_code == 403


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_has_exactly_one_winner_among_50_concurrent_claims(city_agencies: Any) -> None:
    from tests.conftest import _user

    agencies = list(city_agencies.values())
    incident = open_incident(kinds=tuple(a.kind for a in agencies))
    # Staff of the lead agency, and dispatchers claiming for every routed agency.
    lead = incident.lead_agency
    users = [
        (_user(f"staff{i}", "agency", lead), None)
        if i % 2
        else (_user(f"desk{i}", "dispatcher"), agencies[i % len(agencies)])
        for i in range(50)
    ]
    barrier = threading.Barrier(50)
    outcomes: list[str] = []
    lock = threading.Lock()

    def claim(user: Any, agency: Any) -> None:
        try:
            barrier.wait()
            services.incident_claim(incident=incident, user=user, agency=agency)
            result = "won"
        except services.Conflict:
            result = "conflict"
        except Exception as exc:  # any other error fails the test below
            result = repr(exc)
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=claim, args=pair) for pair in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes.count("won") == 1, outcomes
    assert outcomes.count("conflict") == 49, outcomes
    assert IncidentEvent.objects.filter(incident=incident, type="incident.claimed").count() == 1
