"""GET /api/place-search/?q=: the console's locate step, as the operator types."""

from __future__ import annotations

from typing import Any

import pytest

from geo.models import Place

pytestmark = pytest.mark.django_db


def search(client: Any, q: str) -> list[dict[str, Any]]:
    response = client.get("/api/place-search/", {"q": q})
    assert response.status_code == 200
    return response.json()["results"]


def test_it_finds_kelurahan_and_kecamatan_of_the_area_first(client_for: Any) -> None:
    results = search(client_for("dispatcher"), "sidodad")
    first = results[0]
    assert first["name"] == "Sidodadi" and first["level"] == "village"
    assert first["names"] == "Sidodadi, Kedaton, Kota Bandar Lampung"
    assert first["code"] == "18.71.01.1006" and first["lat"] and first["lon"]
    regions = [r for r in search(client_for("dispatcher"), "Kedaton") if r["level"] != "landmark"]
    assert [(r["name"], r["level"]) for r in regions[:2]] == [
        ("Kedaton", "village"),
        ("Kedaton", "district"),
    ]


def test_it_puts_landmarks_first(client_for: Any) -> None:
    Place.objects.create(
        name="Pasar Uji Coba", kind="market", lat=-5.40, lon=105.26, region_code="18.71.01.1006"
    )
    results = search(client_for("dispatcher"), "uji coba")
    assert results[0]["level"] == "landmark" and results[0]["name"] == "Pasar Uji Coba"
    assert results[0]["names"] == "Pasar Uji Coba, Sidodadi, Kedaton"


def test_it_answers_nothing_for_two_letters(client_for: Any) -> None:
    assert search(client_for("dispatcher"), "ke") == []


def test_it_is_for_the_desk_only(client_for: Any) -> None:
    assert client_for("damkar").get("/api/place-search/", {"q": "kedaton"}).status_code == 403
    assert client_for("anonymous").get("/api/place-search/", {"q": "kedaton"}).status_code in (
        401,
        403,
    )
