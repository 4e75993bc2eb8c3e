"""POST /api/incidents/<id>/units/ {unit_id, reason?}: send a unit to an incident.

The first recommendation goes without a word; any other choice is an override that
needs a reason, and the log keeps both. Agency staff send their own units to their
own incidents; a replayed request (same Idempotency-Key) sends nothing twice.
"""

from __future__ import annotations

from typing import Any

import pytest

from dispatch.models import IncidentEvent
from tests.conftest import open_incident
from units.models import Unit, UnitAssignment


def send(client: Any, incident: Any, unit: Any, **extra: Any) -> Any:
    headers = extra.pop("headers", {})
    return client.post(
        f"/api/incidents/{incident.pk}/units/",
        {"unit_id": unit.pk, **extra},
        format="json",
        headers=headers,
    )


@pytest.mark.django_db
def test_it_sends_the_first_recommended_unit(client_for: Any, units: Any) -> None:
    fire = open_incident(lat=-5.42, lon=105.26)
    response = send(client_for("dispatcher"), fire, units["engine_near"])
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["unit"]["status"] == "assigned"
    assert body["unit"]["incident_id"] == fire.pk
    assert body["recommended_rank"] == 1 and body["override"] is False
    assert body["incident"]["id"] == fire.pk
    event = IncidentEvent.objects.get(type="unit.assigned")
    assert event.incident_id == fire.pk
    assert event.data["override"] is False and event.data["recommended_rank"] == 1
    assert event.data["unit"]["status"] == "assigned"


@pytest.mark.django_db
def test_it_asks_a_reason_for_an_override_and_logs_it(client_for: Any, units: Any) -> None:
    fire = open_incident(lat=-5.42, lon=105.26)
    client = client_for("dispatcher")
    refused = send(client, fire, units["engine_far"])
    assert refused.status_code == 400
    assert Unit.objects.get(pk=units["engine_far"].pk).status == "available"
    response = send(client, fire, units["engine_far"], reason="DAMKAR-01 terjebak macet")
    assert response.status_code == 201
    assert response.json()["recommended_rank"] == 3 and response.json()["override"] is True
    event = IncidentEvent.objects.get(type="unit.assigned")
    assert event.data["reason"] == "DAMKAR-01 terjebak macet"
    assignment = UnitAssignment.objects.get(unit=units["engine_far"])
    assert assignment.override_reason == "DAMKAR-01 terjebak macet"


@pytest.mark.django_db
def test_it_brings_the_units_agency_onto_the_incident(
    client_for: Any, units: Any, city_agencies: Any
) -> None:
    fire = open_incident(kinds=("damkar",))
    # An ambulance is not what a fire needs: an override, with its reason.
    response = send(client_for("dispatcher"), fire, units["ambulance"], reason="ada korban")
    assert response.status_code == 201
    roles = {a["kind"]: a["role"] for a in response.json()["incident"]["agencies"]}
    assert roles == {"damkar": "lead", "dinkes": "support"}
    joined = IncidentEvent.objects.get(
        type="incident.assigned", data__unit_id=units["ambulance"].pk
    )
    assert city_agencies["dinkes"].pk in joined.data["agency_ids"]
    # Now Dinkes sees the incident its ambulance works.
    assert client_for("dinkes").get(f"/api/incidents/{fire.pk}/").status_code == 200


@pytest.mark.django_db
def test_it_lets_an_agency_send_its_own_units_only(client_for: Any, units: Any) -> None:
    fire = open_incident(kinds=("damkar",))
    damkar = client_for("damkar")
    assert send(damkar, fire, units["engine_near"]).status_code == 201
    other = send(damkar, fire, units["ambulance"], reason="korban")
    assert other.status_code == 403
    # Dinkes does not see the fire: its unit cannot be sent there by Dinkes either.
    assert send(client_for("dinkes"), fire, units["ambulance"], reason="x").status_code == 404


@pytest.mark.django_db
def test_it_refuses_a_busy_unit_and_a_closed_incident(
    client_for: Any, units: Any, cast: Any
) -> None:
    from dispatch import services

    fire, other = open_incident(), open_incident(lat=-5.1, lon=105.1)
    client = client_for("dispatcher")
    assert send(client, fire, units["engine_near"]).status_code == 201
    busy = send(client, other, units["engine_near"], reason="x")
    assert busy.status_code == 409
    services.incident_cancel(incident=other, user=cast["dispatcher"], reason="invalid")
    assert send(client, other, units["tanker"], reason="x").status_code == 409
    assert send(client, fire, Unit(pk=999999)).status_code == 404


@pytest.mark.django_db
def test_it_sends_a_unit_once_for_a_replayed_request(client_for: Any, units: Any) -> None:
    fire = open_incident(lat=-5.42, lon=105.26)
    client = client_for("dispatcher")
    key = {"Idempotency-Key": "kirim-DAMKAR-01-1"}
    first = send(client, fire, units["engine_near"], headers=key)
    again = send(client, fire, units["engine_near"], headers=key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert UnitAssignment.objects.count() == 1
    assert IncidentEvent.objects.filter(type="unit.assigned").count() == 1
    # The same key for another request is the client's mistake.
    reused = send(client, fire, units["tanker"], headers=key)
    assert reused.status_code == 422


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["anonymous", "citizen"])
def test_it_refuses_the_public(client_for: Any, units: Any, name: str) -> None:
    fire = open_incident()
    assert send(client_for(name), fire, units["engine_near"]).status_code in (401, 403)
    assert not UnitAssignment.objects.exists()


@pytest.mark.django_db
def test_it_lists_the_units_sent_to_an_incident(client_for: Any, units: Any, cast: Any) -> None:
    from units.services import unit_set_status

    fire = open_incident(lat=-5.42, lon=105.26)
    client = client_for("dispatcher")
    send(client, fire, units["engine_near"])
    send(client, fire, units["ambulance"], reason="ada korban")
    unit_set_status(unit=units["engine_near"], user=cast["damkar"], status="available")
    body = client.get(f"/api/incidents/{fire.pk}/units/").json()
    assert [row["unit"]["call_sign"] for row in body] == ["DAMKAR-01", "PSC119-01"]
    engine, ambulance = body
    assert engine["cleared_at"] is not None and engine["recommended_rank"] == 1
    assert ambulance["cleared_at"] is None and ambulance["override_reason"] == "ada korban"
    assert ambulance["unit"]["incident_id"] == fire.pk
    # Dinkes, now on the incident through its ambulance, sees the list too.
    assert len(client_for("dinkes").get(f"/api/incidents/{fire.pk}/units/").json()) == 2
    other = open_incident(kinds=("damkar",), lat=-5.1, lon=105.1)
    assert client_for("dinkes").get(f"/api/incidents/{other.pk}/units/").status_code == 404


@pytest.mark.django_db
def test_it_sends_nothing_to_an_incident_awaiting_a_disposition(
    client_for: Any, units: Any, settings: Any
) -> None:
    settings.DISPOSITION_REQUIRED_FOR = ["P3"]
    held = open_incident(priority="P3")
    assert held.awaiting_disposition
    response = send(client_for("dispatcher"), held, units["engine_near"], reason="uji")
    assert response.status_code == 409
    assert "disposition" in response.json()["detail"]
    assert not UnitAssignment.objects.exists()
