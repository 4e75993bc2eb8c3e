"""GET /api/facilities/: the stations, posts, hospitals and puskesmas of the
deployment's area (HOME_REGION), for staff; the public gets nothing."""

from __future__ import annotations

from typing import Any

import pytest

from units.models import Facility

CONTRACT = {
    "id",
    "kind",
    "kind_label",
    "layer",
    "name",
    "lat",
    "lon",
    "region_code",
    "place",
    "agency",
}


@pytest.fixture
def facilities(city_agencies: dict[str, Any], settings: Any) -> dict[str, Facility]:
    settings.HOME_REGION = "18.71"

    def make(name: str, kind: str, code: str, agency: Any = None) -> Facility:
        return Facility.objects.create(
            name=name, kind=kind, lat=-5.4, lon=105.26, region_code=code, agency=agency
        )

    return {
        "hospital": make(
            "RSUD Abdul Moeloek", "hospital", "18.71.01.1010", city_agencies["dinkes"]
        ),
        "puskesmas": make("Puskesmas Kedaton", "puskesmas", "18.71.01.1003"),
        "station": make("Mako Damkar Way Halim", "fire_station", "18.71.15.1002"),
        "elsewhere": make("RSUD Manembo-nembo", "hospital", "71.72.05.1003"),
        # A code that starts with the area's digits but is another regency's.
        "lookalike": make("Pos Lain", "fire_station", "18.710"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["dispatcher", "supervisor", "damkar"])
def test_it_lists_the_areas_facilities_to_staff_in_the_contract_shape(
    client_for: Any, facilities: Any, name: str
) -> None:
    response = client_for(name).get("/api/facilities/")
    assert response.status_code == 200
    body = response.json()
    assert {f["name"] for f in body} == {
        "RSUD Abdul Moeloek",
        "Puskesmas Kedaton",
        "Mako Damkar Way Halim",
    }
    hospital = next(f for f in body if f["kind"] == "hospital")
    assert set(hospital) == CONTRACT
    assert hospital["layer"] == "health"
    assert hospital["place"] == {
        "village": "Penengahan",
        "district": "Kedaton",
        "regency": "Kota Bandar Lampung",
    }
    assert hospital["agency"]["name"] == "DINKES Kota"
    station = next(f for f in body if f["kind"] == "fire_station")
    assert station["layer"] == "stations" and station["agency"] is None


@pytest.mark.django_db
def test_it_filters_by_kinds_and_refuses_an_unknown_one(client_for: Any, facilities: Any) -> None:
    client = client_for("dispatcher")
    body = client.get("/api/facilities/?kind=hospital,puskesmas").json()
    assert sorted(f["name"] for f in body) == ["Puskesmas Kedaton", "RSUD Abdul Moeloek"]
    assert [f["name"] for f in client.get("/api/facilities/?kind=fire_station").json()] == [
        "Mako Damkar Way Halim"
    ]
    refused = client.get("/api/facilities/?kind=hospital,spaceship")
    assert refused.status_code == 400
    assert "kind" in refused.json()["errors"]


@pytest.mark.django_db
def test_it_hides_retired_facilities(client_for: Any, facilities: Any) -> None:
    Facility.objects.filter(pk=facilities["puskesmas"].pk).update(active=False)
    body = client_for("dispatcher").get("/api/facilities/").json()
    assert "Puskesmas Kedaton" not in {f["name"] for f in body}


@pytest.mark.django_db
def test_it_shows_another_area_to_its_deployment(
    client_for: Any, facilities: Any, settings: Any
) -> None:
    settings.HOME_REGION = "71.72"
    body = client_for("dispatcher").get("/api/facilities/").json()
    assert [f["name"] for f in body] == ["RSUD Manembo-nembo"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["anonymous", "citizen"])
def test_it_refuses_the_public(client_for: Any, facilities: Any, name: str) -> None:
    response = client_for(name).get("/api/facilities/")
    assert response.status_code in (401, 403)
    assert "RSUD" not in response.content.decode()
