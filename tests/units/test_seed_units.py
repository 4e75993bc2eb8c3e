"""Demo units: every profile has some, of known kinds, at its agencies, seeded with
`seed_demo` (and by `seed_units` into a database seeded before), harmless twice."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import TestCase

from dispatch.profiles import PROFILES
from units.models import Unit, UnitKind
from units.seed import demo_rows, units_seed_demo


@pytest.fixture(autouse=True)
def demo_password(monkeypatch: Any) -> None:
    monkeypatch.setenv("DEMO_PASSWORD", "demo12345")


def test_it_has_units_of_known_kinds_for_every_profile() -> None:
    for name in PROFILES:
        rows = demo_rows(name)
        assert len(rows) >= 5, name
        assert {r["kind"] for r in rows} <= set(UnitKind.values), name
        assert {"fire_engine", "ambulance"} <= {r["kind"] for r in rows}, name
        agencies = {a[1] for a in PROFILES[name].agencies}
        assert {r["agency"] for r in rows} <= agencies, name


@pytest.mark.django_db
@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_it_seeds_the_units_of_each_profile_with_seed_demo(profile: str) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("seed_demo", profile=profile, verbosity=0)
    assert Unit.objects.count() == len(demo_rows(profile))
    engine = Unit.objects.filter(kind="fire_engine").first()
    assert engine is not None and engine.status == "available"
    assert engine.station_lat and engine.station_lon


@pytest.mark.django_db
def test_it_seeds_twice_without_duplicates_and_keeps_a_status() -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("seed_demo", profile="bitung", verbosity=0)
    Unit.objects.filter(call_sign="DAMKAR-BTG-01").update(status="out_of_service")
    call_command("seed_units", profile="bitung", verbosity=0)
    assert Unit.objects.count() == len(demo_rows("bitung"))
    assert Unit.objects.get(call_sign="DAMKAR-BTG-01").status == "out_of_service"


@pytest.mark.django_db
def test_it_refuses_units_whose_agencies_are_not_seeded() -> None:
    with pytest.raises(ValueError, match="no agency"):
        units_seed_demo(profile="banyuasin")
    assert not Unit.objects.exists()
