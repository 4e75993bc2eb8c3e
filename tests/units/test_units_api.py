"""GET /api/units/: the desk sees every unit, agency staff their own; the public none."""

from __future__ import annotations

from typing import Any

import pytest

from units.models import Unit

CONTRACT = {"id", "call_sign", "kind", "status", "agency", "station", "lat", "lon", "position_at"}


@pytest.mark.django_db
def test_it_lists_every_unit_for_the_desk_in_the_contract_shape(
    client_for: Any, units: Any
) -> None:
    for name in ["dispatcher", "supervisor"]:
        response = client_for(name).get("/api/units/")
        assert response.status_code == 200
        body = response.json()
        assert {u["call_sign"] for u in body} == {u.call_sign for u in units.values()}
    engine = next(u for u in body if u["call_sign"] == "DAMKAR-01")
    assert set(engine) >= CONTRACT
    assert engine["agency"] == {
        "id": units["engine_near"].agency_id,
        "kind": "damkar",
        "name": "DAMKAR Kota",
    }
    assert engine["station"] == {"name": "Pos DAMKAR-01", "lat": -5.41, "lon": 105.26}
    assert engine["status"] == "available" and engine["lat"] is None


@pytest.mark.django_db
def test_it_lists_only_its_own_units_to_an_agency(client_for: Any, units: Any) -> None:
    body = client_for("dinkes").get("/api/units/").json()
    assert [u["call_sign"] for u in body] == ["PSC119-01"]


@pytest.mark.django_db
def test_it_filters_by_status_and_kind(client_for: Any, units: Any) -> None:
    Unit.objects.filter(pk=units["engine_far"].pk).update(status="out_of_service")
    client = client_for("dispatcher")
    body = client.get("/api/units/?status=available&kind=fire_engine").json()
    assert [u["call_sign"] for u in body] == ["DAMKAR-01"]
    refused = client.get("/api/units/?kind=spaceship")
    assert refused.status_code == 400
    assert "kind" in refused.json()["errors"]


@pytest.mark.django_db
def test_it_hides_retired_units(client_for: Any, units: Any) -> None:
    Unit.objects.filter(pk=units["tanker"].pk).update(active=False)
    body = client_for("dispatcher").get("/api/units/").json()
    assert "DAMKAR-T1" not in {u["call_sign"] for u in body}


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["anonymous", "citizen"])
def test_it_refuses_the_public(client_for: Any, units: Any, name: str) -> None:
    assert client_for(name).get("/api/units/").status_code in (401, 403)
