"""POST /api/units/<id>/status/ {status}: a unit's progress, by its agency or the desk.

A step skipped is a 409, another agency's unit a 403, an unknown status a 400; a
replay of the same Idempotency-Key applies nothing twice.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from dispatch import services
from dispatch.models import IncidentEvent
from tests.conftest import ON_POSTGRES, open_incident
from units.models import Unit, UnitStatusChange
from units.services import unit_assign


def set_status(client: Any, unit: Any, status: str, key: str | None = None) -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(
        f"/api/units/{unit.pk}/status/", {"status": status}, format="json", headers=headers
    )


@pytest.fixture
def sent(units: Any, cast: Any) -> Unit:
    """The near engine, sent to a fire Damkar has claimed."""
    fire = services.incident_claim(incident=open_incident(), user=cast["damkar"])
    unit_assign(
        unit=units["engine_near"], incident=fire, user=cast["dispatcher"], recommended_rank=1
    )
    return units["engine_near"]


@pytest.mark.django_db
def test_it_moves_a_unit_along_and_its_incident_with_it(client_for: Any, sent: Unit) -> None:
    client = client_for("damkar")
    response = set_status(client, sent, "en_route")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "en_route" and body["incident_id"] is not None
    incident = client.get(f"/api/incidents/{body['incident_id']}/").json()
    assert incident["status"] == "en_route"
    assert set_status(client, sent, "on_scene").json()["status"] == "on_scene"
    done = set_status(client, sent, "returning").json()
    assert done["status"] == "returning" and done["incident_id"] is None


@pytest.mark.django_db
def test_it_refuses_a_skipped_step(client_for: Any, sent: Unit) -> None:
    response = set_status(client_for("damkar"), sent, "on_scene")
    assert response.status_code == 409
    assert "assigned" in response.json()["detail"]
    assert Unit.objects.get(pk=sent.pk).status == "assigned"


@pytest.mark.django_db
def test_it_refuses_assigned_and_unknown_statuses(client_for: Any, units: Any) -> None:
    client = client_for("dispatcher")
    assert set_status(client, units["engine_near"], "assigned").status_code == 400
    unknown = set_status(client, units["engine_near"], "parked")
    assert unknown.status_code == 400 and "status" in unknown.json()["errors"]


@pytest.mark.django_db
def test_it_refuses_another_agencys_unit(client_for: Any, units: Any) -> None:
    response = set_status(client_for("dinkes"), units["engine_near"], "out_of_service")
    assert response.status_code == 403
    assert Unit.objects.get(pk=units["engine_near"].pk).status == "available"
    assert set_status(client_for("dispatcher"), Unit(pk=999999), "available").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["anonymous", "citizen"])
def test_it_refuses_the_public(client_for: Any, units: Any, name: str) -> None:
    assert set_status(client_for(name), units["engine_near"], "out_of_service").status_code in (
        401,
        403,
    )


@pytest.mark.django_db
def test_it_applies_a_replayed_step_once(client_for: Any, sent: Unit) -> None:
    client = client_for("damkar")
    first = set_status(client, sent, "en_route", key="a1b2-en-route")
    again = set_status(client, sent, "en_route", key="a1b2-en-route")
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert UnitStatusChange.objects.filter(unit=sent, to_status="en_route").count() == 1
    assert IncidentEvent.objects.filter(type="unit.status_changed").count() == 1
    # Without the key the same step again is refused: en route is not a step from en route.
    assert set_status(client, sent, "en_route").status_code == 409


@pytest.mark.django_db
def test_it_refuses_a_malformed_key(client_for: Any, sent: Unit) -> None:
    response = set_status(client_for("damkar"), sent, "en_route", key="x" * 101)
    assert response.status_code == 400
    assert Unit.objects.get(pk=sent.pk).status == "assigned"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL (row locks across connections)")
def test_it_applies_twins_sent_at_once_only_once(client_for: Any, sent: Unit) -> None:
    answers: list[Any] = []

    def post() -> None:
        try:
            answers.append(set_status(client_for("damkar"), sent, "en_route", key="twin-1"))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [200] * 4
    assert sum(a.headers.get("Idempotent-Replayed") == "true" for a in answers) == 3
    assert UnitStatusChange.objects.filter(unit=sent, to_status="en_route").count() == 1
