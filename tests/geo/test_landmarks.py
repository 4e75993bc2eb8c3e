"""Landmarks from the Place table: matched by name, invalidated on change."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from geo.models import Place
from geo.services import landmark_index, locate

pytestmark = pytest.mark.django_db

SEED = "geo/data/places_bandar_lampung.csv"


@pytest.fixture
def seeded() -> None:
    call_command("load_places", SEED, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_it_resolves_a_landmark_in_free_text(seeded: None) -> None:
    result = locate(text="ada kebakaran dekat Pasar Tugu, tolong cepat")
    assert result.level == "landmark"
    assert (result.lat, result.lon) == (-5.4095, 105.27)
    assert result.region["code"].startswith("18.71")
    assert not result.low_confidence


def test_it_resolves_a_landmark_with_its_district(seeded: None) -> None:
    result = locate(address="dekat Pasar Tugu, Tanjung Karang Timur")
    assert result.level == "landmark"
    assert (result.lat, result.lon) == (-5.4095, 105.27)


@pytest.mark.parametrize(
    ("text", "lat"),
    [
        ("kecelakaan depan Unila", -5.3652),
        ("pasien dibawa ke RSUDAM", -5.4009),
        ("macet total di bundaran Tugu Adipura", -5.4227),
        ("banjir dekat Mall Boemi Kedaton", -5.3818),
        ("orang pingsan di Stasiun Tanjungkarang", -5.4109),
        ("kebakaran gudang dekat Pelabuhan Panjang", -5.4735),
        ("Itera", -5.3586),
        ("Bandara Radin Inten II", -5.2406),
    ],
)
def test_it_knows_the_seeded_places(seeded: None, text: str, lat: float) -> None:
    result = locate(text=text)
    assert result.level == "landmark", text
    assert result.lat == lat


def test_it_places_the_airport_in_lampung_selatan(seeded: None) -> None:
    assert locate(text="Bandara Radin Inten II").region["code"].startswith("18.01")


def test_it_forgets_a_deleted_place(seeded: None) -> None:
    assert locate(text="dekat Pasar Tugu").level == "landmark"
    Place.objects.filter(name="Pasar Tugu").delete()
    assert locate(text="dekat Pasar Tugu").level != "landmark"


def test_it_sees_a_new_or_changed_place_at_once() -> None:
    assert locate(text="kebakaran di Posko Damkar Teluk").level != "landmark"
    place = Place.objects.create(
        name="Posko Damkar Teluk", kind="fire_station", lat=-5.445, lon=105.265
    )
    assert locate(text="kebakaran di Posko Damkar Teluk").lat == -5.445
    place.lat = -5.446
    place.save()
    assert locate(text="kebakaran di Posko Damkar Teluk").lat == -5.446
    place.active = False
    place.save()
    assert locate(text="kebakaran di Posko Damkar Teluk").level != "landmark"


def test_it_caches_the_index_until_a_change(seeded: None) -> None:
    assert landmark_index() is landmark_index()
    before = landmark_index()
    Place.objects.create(name="Tugu Juang", kind="monument", lat=-5.43, lon=105.26)
    assert landmark_index() is not before
    assert len(landmark_index()) == len(before) + 1


def test_it_matches_aliases(seeded: None) -> None:
    place = Place.objects.get(name="Universitas Lampung")
    assert "Unila" in place.alias_list()
    assert locate(text="mahasiswa Unila").lat == place.lat


def test_it_lets_staff_edit_places_in_the_admin() -> None:
    from django.contrib import admin

    assert admin.site.is_registered(Place)
