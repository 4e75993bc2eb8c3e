"""The recommendation: available units of the kinds the category needs, by ETA
(distance x the profile's road factor / the kind's speed), then by workload."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django.utils.translation import override

from dispatch.profiles import PROFILES
from priority.duplicates import haversine_m
from tests.conftest import open_incident
from units.models import Unit, UnitAssignment
from units.recommend import CATEGORY_UNIT_KINDS, recommendations
from units.services import unit_assign


def ranked(incident: Any) -> list[Any]:
    return recommendations(incident=incident, units=Unit.objects.all(), now=timezone.now())


def test_it_maps_only_known_categories_and_kinds() -> None:
    from dispatch.models import Category
    from units.models import UnitKind

    assert set(CATEGORY_UNIT_KINDS) <= set(Category.values)
    for kinds in CATEGORY_UNIT_KINDS.values():
        assert set(kinds) <= set(UnitKind.values)


@pytest.mark.django_db
def test_it_ranks_the_units_a_fire_needs_nearest_first(units: Any, cast: Any) -> None:
    fire = open_incident(lat=-5.42, lon=105.26)
    found = ranked(fire)
    # The ambulance is nearest but a fire needs engines and tankers.
    assert [r.unit.call_sign for r in found] == ["DAMKAR-01", "DAMKAR-T1", "DAMKAR-02"]
    assert [r.eta_min for r in found] == sorted(r.eta_min for r in found)
    first = found[0]
    expected_km = haversine_m(-5.41, 105.26, -5.42, 105.26) / 1000
    assert first.distance_km == pytest.approx(expected_km, abs=0.01)
    profile = PROFILES["bandar-lampung"]
    assert first.eta_min == pytest.approx(expected_km * 1.5 / 35 * 60, abs=0.1)
    assert profile.road_factor == 1.5


@pytest.mark.django_db
def test_it_uses_the_speeds_and_road_factor_of_the_profile(
    units: Any, cast: Any, settings: Any
) -> None:
    settings.PROFILE = "banyuasin"
    fire = open_incident(lat=-5.42, lon=105.26)
    first = ranked(fire)[0]
    assert first.eta_min == pytest.approx(first.distance_km * 1.6 / 40 * 60, abs=0.1)


@pytest.mark.django_db
def test_it_leaves_out_busy_and_retired_units(units: Any, cast: Any) -> None:
    fire = open_incident(lat=-5.42, lon=105.26)
    unit_assign(unit=units["engine_near"], incident=fire, user=cast["dispatcher"], reason="uji")
    Unit.objects.filter(pk=units["tanker"].pk).update(active=False)
    assert [r.unit.call_sign for r in ranked(fire)] == ["DAMKAR-02"]


@pytest.mark.django_db
def test_it_counts_from_a_fresh_position_else_from_the_station(units: Any, cast: Any) -> None:
    fire = open_incident(lat=-5.42, lon=105.26)
    now = timezone.now()
    # The far engine drove right by the fire; the near one's position is old news.
    Unit.objects.filter(pk=units["engine_far"].pk).update(
        lat=-5.4201, lon=105.2601, position_at=now - timedelta(minutes=2)
    )
    Unit.objects.filter(pk=units["engine_near"].pk).update(
        lat=-5.0, lon=105.0, position_at=now - timedelta(hours=2)
    )
    found = ranked(fire)
    assert found[0].unit.call_sign == "DAMKAR-02"
    assert found[0].distance_km < 0.1
    assert "its last position" in found[0].reasons[1]
    near = next(r for r in found if r.unit.call_sign == "DAMKAR-01")
    assert "Pos DAMKAR-01" in near.reasons[1]


@pytest.mark.django_db
def test_it_breaks_ties_by_workload(units: Any, cast: Any, city_agencies: Any) -> None:
    from tests.units.conftest import make_unit

    twin = make_unit(city_agencies["damkar"], "DAMKAR-01B", "fire_engine", -5.41, 105.26)
    UnitAssignment.objects.create(
        unit=units["engine_near"], incident=open_incident(), cleared_at=timezone.now()
    )
    found = ranked(open_incident(lat=-5.42, lon=105.26))
    assert [r.unit.pk for r in found[:2]] == [twin.pk, units["engine_near"].pk]
    assert found[1].workload == 1
    assert "1 assignment in the last 24 hours" in found[1].reasons


@pytest.mark.django_db
def test_it_ranks_by_workload_where_the_incident_has_no_place(units: Any, cast: Any) -> None:
    lost = open_incident(lat=None, lon=None, category="medical", kinds=("dinkes",))
    found = ranked(lost)
    assert [r.unit.call_sign for r in found] == ["PSC119-01"]
    assert found[0].distance_km is None and found[0].eta_min is None
    assert "location is unknown" in found[0].reasons[1]


@pytest.mark.django_db
def test_it_gives_its_reasons_in_indonesian(units: Any, cast: Any) -> None:
    fire = open_incident(lat=-5.42, lon=105.26)
    with override("id"):
        reasons = ranked(fire)[0].reasons
    assert reasons[0] == "Mobil pemadam, dibutuhkan untuk kebakaran"
    assert reasons[1].startswith("1.1 km dari Pos DAMKAR-01, sekitar")
    assert reasons[2] == "Belum ada penugasan dalam 24 jam terakhir"
