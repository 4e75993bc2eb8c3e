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
    # The migrations load the shipped places; loading again changes nothing.
    call_command("load_places", SEED, stdout=open("/dev/null", "w"))  # noqa: SIM115


def place_lat(name: str) -> float:
    return Place.objects.get(name=name).lat


def test_it_resolves_a_landmark_in_free_text(seeded: None) -> None:
    result = locate(text="ada kebakaran dekat Pasar Tugu, tolong cepat")
    assert result.level == "landmark"
    tugu = Place.objects.get(name="Pasar Tugu")
    assert (result.lat, result.lon) == (tugu.lat, tugu.lon)
    assert result.region["code"].startswith("18.71")
    assert not result.low_confidence


def test_it_resolves_a_landmark_with_its_district(seeded: None) -> None:
    result = locate(address="dekat Pasar Tugu, Tanjung Karang Timur")
    assert result.level == "landmark"
    assert result.lat == place_lat("Pasar Tugu")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("kecelakaan depan Unila", "Universitas Lampung"),
        ("pasien dibawa ke RSUDAM", "RSUD Dr. H. Abdul Moeloek"),
        ("macet total di bundaran Tugu Adipura", "Tugu Adipura"),
        ("banjir dekat Mall Boemi Kedaton", "Mall Boemi Kedaton"),
        ("orang pingsan di Stasiun Tanjungkarang", "Stasiun Tanjung Karang"),
        ("kebakaran gudang dekat Pelabuhan Panjang", "Pelabuhan Panjang"),
        ("Itera", "Institut Teknologi Sumatera"),
        ("Bandara Radin Inten II", "Bandara Radin Inten II"),
    ],
)
def test_it_knows_the_seeded_places(seeded: None, text: str, name: str) -> None:
    result = locate(text=text)
    assert result.level == "landmark", text
    assert result.lat == place_lat(name)


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


def test_it_sees_a_place_changed_by_another_process(monkeypatch: pytest.MonkeyPatch) -> None:
    # `load_places` beside `make run`: no signal reaches the server, whose local
    # cache is its own. The table itself tells every process.
    from geo import services

    monkeypatch.setattr(services, "PLACES_CHECK_S", 0.0)
    assert locate(text="kebakaran di Posko Relawan Kemiling").level != "landmark"
    Place.objects.bulk_create(
        [Place(name="Posko Relawan Kemiling", kind="other", lat=-5.39, lon=105.21)]
    )
    assert locate(text="kebakaran di Posko Relawan Kemiling").level == "landmark"
