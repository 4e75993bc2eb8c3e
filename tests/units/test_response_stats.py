"""units.stats.response_intervals on known timestamps: exact counts, medians and 90th
percentiles per agency and per unit kind."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from dispatch.models import Incident, Report
from tests.conftest import open_incident
from tests.units.conftest import make_unit
from units.models import Unit, UnitAssignment, UnitStatusChange
from units.stats import percentile, response_intervals

T0 = timezone.now().replace(microsecond=0) - timedelta(hours=3)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def incident_called_at(lat: float) -> Incident:
    incident = open_incident(lat=lat, lon=105.26)
    Report.objects.filter(incident=incident).update(received_at=T0)
    return incident


def sent(
    unit: Unit,
    incident: Incident,
    assigned: float,
    en_route: float | None = None,
    on_scene: float | None = None,
    cleared: float | None = None,
) -> None:
    """A unit's assignment and transitions at these minutes after the call."""
    UnitAssignment.objects.create(
        unit=unit,
        incident=incident,
        assigned_at=at(assigned),
        cleared_at=at(cleared) if cleared is not None else None,
    )
    steps = [("available", "assigned", assigned), ("assigned", "en_route", en_route)]
    steps += [("en_route", "on_scene", on_scene), ("on_scene", "returning", cleared)]
    for old, new, minutes in steps:
        if minutes is not None:
            UnitStatusChange.objects.create(
                unit=unit, incident=incident, from_status=old, to_status=new, at=at(minutes)
            )


@pytest.fixture
def history(cast: Any, city_agencies: Any) -> None:
    damkar, dinkes = city_agencies["damkar"], city_agencies["dinkes"]
    a, b, c = (incident_called_at(lat) for lat in (-5.40, -5.30, -5.20))
    sent(make_unit(damkar, "DAMKAR-01", "fire_engine", -5.4, 105.2), a, 1, 2, 8, 38)
    sent(make_unit(damkar, "DAMKAR-03", "fire_engine", -5.4, 105.2), b, 2, 4, 14)
    sent(make_unit(damkar, "DAMKAR-04", "fire_engine", -5.4, 105.2), c, 4, 7)
    # A second Damkar unit on A: not Damkar's first (call to dispatch), but the tanker's.
    sent(make_unit(damkar, "DAMKAR-T1", "water_tanker", -5.4, 105.2), a, 5, 10)
    sent(make_unit(dinkes, "PSC119-01", "ambulance", -5.4, 105.2), a, 3)
    # An incident of another period does not count.
    old = incident_called_at(-5.10)
    Incident.objects.filter(pk=old.pk).update(created_at=T0 - timedelta(days=3))
    sent(make_unit(damkar, "DAMKAR-05", "fire_engine", -5.4, 105.2), old, 50, 60)


def cells(row: dict[str, Any]) -> dict[str, tuple[int, float | None, float | None]]:
    return {c["interval"]: (c["count"], c["median"], c["p90"]) for c in row["cells"]}


def period() -> dict[str, datetime]:
    return {"begin": T0 - timedelta(days=1), "end": T0 + timedelta(days=1)}


@pytest.mark.usefixtures("history")
def test_it_measures_each_interval_per_agency() -> None:
    table = {row["label"]: cells(row) for row in response_intervals(**period())["by_agency"]}
    assert table["DAMKAR Kota"] == {
        "call_to_dispatch": (3, 2.0, 3.6),  # 1, 2, 4
        "dispatch_to_en_route": (4, 2.5, 4.4),  # 1, 2, 3, 5
        "en_route_to_on_scene": (2, 8.0, 9.6),  # 6, 10
        "on_scene_to_clear": (1, 30.0, 30.0),
    }
    assert table["DINKES Kota"] == {
        "call_to_dispatch": (1, 3.0, 3.0),
        "dispatch_to_en_route": (0, None, None),
        "en_route_to_on_scene": (0, None, None),
        "on_scene_to_clear": (0, None, None),
    }


@pytest.mark.usefixtures("history")
def test_it_measures_each_interval_per_unit_kind() -> None:
    result = response_intervals(**period())
    table = {row["key"]: cells(row) for row in result["by_kind"]}
    assert set(table) == {"fire_engine", "water_tanker", "ambulance"}
    assert table["fire_engine"]["call_to_dispatch"] == (3, 2.0, 3.6)
    assert table["fire_engine"]["dispatch_to_en_route"] == (3, 2.0, 2.8)  # 1, 2, 3
    assert table["water_tanker"]["call_to_dispatch"] == (1, 5.0, 5.0)
    assert table["water_tanker"]["dispatch_to_en_route"] == (1, 5.0, 5.0)
    labels = {row["key"]: str(row["label"]) for row in result["by_kind"]}
    assert labels["water_tanker"] == "Water tanker"
    assert [i["key"] for i in result["intervals"]] == [
        "call_to_dispatch",
        "dispatch_to_en_route",
        "en_route_to_on_scene",
        "on_scene_to_clear",
    ]


@pytest.mark.usefixtures("history")
def test_it_reads_in_one_query(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(1):
        response_intervals(**period())


def test_it_is_empty_without_units(db: None) -> None:
    result = response_intervals(**period())
    assert result["by_agency"] == [] and result["by_kind"] == []


def test_it_interpolates_percentiles_between_ranks() -> None:
    assert percentile([], 0.5) is None
    assert percentile([7.0], 0.9) == 7.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile([4.0, 1.0, 2.0], 0.9) == pytest.approx(3.6)
