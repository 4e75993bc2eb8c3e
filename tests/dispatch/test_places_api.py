"""/api/places/: dispatchers add and correct the landmarks callers name, audited."""

from __future__ import annotations

from typing import Any

import pytest

from dispatch.models import AuditEntry
from geo.models import Place
from geo.services import locate

pytestmark = pytest.mark.django_db

NEW = {"name": "Posko Relawan Kemiling", "kind": "other", "lat": -5.3905, "lon": 105.2120}


def test_it_adds_a_place_callers_name_at_once(client_for: Any) -> None:
    assert locate(text="kebakaran dekat Posko Relawan Kemiling").level != "landmark"
    response = client_for("dispatcher").post("/api/places/", NEW, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["region_code"].startswith("18.71")
    placed = locate(text="kebakaran dekat Posko Relawan Kemiling")
    assert (placed.state, placed.level, placed.lat) == ("known", "landmark", -5.3905)
    audit = AuditEntry.objects.get(action="place.created")
    assert audit.details["after"]["name"] == NEW["name"]


def test_it_moves_a_wrong_place_and_keeps_what_it_was(client_for: Any, cast: Any) -> None:
    place = Place.objects.get(name="Pasar Tugu")
    before = place.lat
    response = client_for("supervisor").patch(
        f"/api/places/{place.pk}/", {"lat": -5.4101, "lon": 105.2711}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert locate(text="kebakaran dekat Pasar Tugu").lat == -5.4101
    audit = AuditEntry.objects.get(action="place.changed")
    assert audit.details["before"]["lat"] == before
    assert audit.user == cast["supervisor"]


def test_it_lets_only_the_desk_change_places(client_for: Any) -> None:
    place = Place.objects.get(name="Pasar Tugu")
    for name in ("damkar", "citizen", "anonymous"):
        assert client_for(name).post("/api/places/", NEW, format="json").status_code in (401, 403)
        patch = client_for(name).patch(f"/api/places/{place.pk}/", {"active": False}, format="json")
        assert patch.status_code in (401, 403)


def test_it_finds_places_by_name_or_alias(client_for: Any) -> None:
    names = [p["name"] for p in client_for("damkar").get("/api/places/?q=RSUDAM").json()["results"]]
    assert "RSUD Dr. H. Abdul Moeloek" in names


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**NEW, "kind": "spaceport"}, "kind"),
        ({**NEW, "lat": 95}, "lat"),
        ({**NEW, "name": ""}, "name"),
        ({"name": "Tanpa titik", "kind": "other"}, "lat"),
    ],
)
def test_it_refuses_bad_places_with_a_message(client_for: Any, body: dict, field: str) -> None:
    response = client_for("dispatcher").post("/api/places/", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][field]


def test_it_refuses_a_second_place_of_the_same_name_there(client_for: Any) -> None:
    assert client_for("dispatcher").post("/api/places/", NEW, format="json").status_code == 201
    again = client_for("dispatcher").post("/api/places/", NEW, format="json")
    assert again.status_code == 400
