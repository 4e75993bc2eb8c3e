"""`manage.py load_places FILE.csv`: idempotent upsert with clear errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from geo.models import Place

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "geo" / "data" / "places_bandar_lampung.csv"
HEADER = "name,aliases,kind,lat,lon,region_code\n"


def load(path: Path) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("load_places", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_ships_every_call_centres_places_with_the_schema() -> None:
    # Loaded by a migration: a fresh install knows them with no manual step.
    for name in ["Universitas Lampung", "Pasar Tugu", "Pelabuhan Bitung"]:
        assert Place.objects.filter(name=name, active=True).exists(), name
    assert Place.objects.count() >= 250
    unila = Place.objects.get(name="Universitas Lampung")
    assert unila.kind == "campus"
    assert unila.region_code == "18.71.10.1002"
    assert "Unila" in unila.alias_list()
    regions = set(Place.objects.values_list("region_code", flat=True))
    for home in ["18.71", "18.01", "16.07", "71.72"]:
        assert any(code.startswith(home) for code in regions), home


def test_it_loads_a_file_once() -> None:
    Place.objects.all().delete()
    out, _ = load(SEED)
    rows = SEED.read_text(encoding="utf-8").count("\n") - 1
    assert f"{rows} created, 0 updated, 0 unchanged, 0 errors" in out
    out, _ = load(SEED)
    assert "0 created, 0 updated" in out
    assert Place.objects.count() == rows


def test_it_updates_by_name_and_region(tmp_path: Path) -> None:
    Place.objects.all().delete()
    path = tmp_path / "places.csv"
    path.write_text(HEADER + "Pasar Tugu,,market,-5.4095,105.2700,18.71\n", encoding="utf-8")
    load(path)
    path.write_text(HEADER + "Pasar Tugu,Tugu,market,-5.4100,105.2705,18.71\n", encoding="utf-8")
    out, _ = load(path)
    assert "0 created, 1 updated" in out
    place = Place.objects.get(name="Pasar Tugu")
    assert (place.lat, place.lon, place.aliases) == (-5.41, 105.2705, "Tugu")
    # The same name in another region is another place.
    path.write_text(HEADER + "Pasar Tugu,,market,-6.2,106.8,31.71\n", encoding="utf-8")
    load(path)
    assert Place.objects.filter(name="Pasar Tugu").count() == 2


def test_it_reports_bad_rows_and_loads_the_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        HEADER
        + "Good Place,,market,-5.41,105.26,18.71\n"
        + ",,market,-5.41,105.26,18.71\n"
        + "Bad Lat,,market,north,105.26,18.71\n"
        + "Far Lat,,market,-95,105.26,18.71\n"
        + "Bad Kind,,spaceport,-5.41,105.26,18.71\n"
        + "Bad Region,,market,-5.41,105.26,99.99\n",
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="5 bad rows"):
        call_command("load_places", str(path), stdout=out, stderr=err)
    errors = err.getvalue()
    assert f"{path}:3: name is empty" in errors
    assert f"{path}:4: lat is not a number" in errors
    assert f"{path}:5: lat out of range" in errors
    assert f"{path}:6: unknown kind 'spaceport'" in errors
    assert f"{path}:7: unknown region code '99.99'" in errors
    assert "1 created, 0 updated, 0 unchanged, 5 errors" in out.getvalue()
    assert Place.objects.filter(name="Good Place").count() == 1
    assert not Place.objects.filter(name__in=["Bad Lat", "Far Lat", "Bad Kind"]).exists()


def test_it_refuses_a_file_without_the_needed_columns(tmp_path: Path) -> None:
    path = tmp_path / "columns.csv"
    path.write_text("name,kind\nPasar Tugu,market\n", encoding="utf-8")
    with pytest.raises(CommandError, match="missing columns: lat, lon"):
        load(path)


def test_it_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read"):
        load(tmp_path / "nope.csv")


def test_it_validates_only_on_dry_run() -> None:
    Place.objects.all().delete()
    out = io.StringIO()
    call_command("load_places", str(SEED), "--dry-run", stdout=out)
    assert Place.objects.count() == 0
