"""Reverse geocoding: a point to the village it lies in."""

from __future__ import annotations

import random
import time

import pytest

from geo.gazetteer import Gazetteer
from geo.regions import VILLAGE, get_regions


@pytest.mark.parametrize(
    ("lat", "lon", "code"),
    [
        (-5.3834, 105.2635, "18.71.01.1003"),  # Kedaton
        (-5.3700, 105.2420, "18.71.10.1002"),  # Gedong Meneng, Rajabasa
        (-2.9760, 104.7540, "16.71.05"),  # Ilir Timur I, Palembang
        (1.4870, 124.8400, "71.71"),  # Manado
        (1.4450, 125.1800, "71.72"),  # Bitung
        (-6.1754, 106.8272, "31.71.01"),  # Monas, Gambir
        (-8.6500, 115.2170, "51.71"),  # Denpasar
        (-2.5330, 140.7100, "91.71"),  # Jayapura
    ],
)
def test_it_finds_the_village_at_a_point(lat: float, lon: float, code: str) -> None:
    location = Gazetteer().reverse((lat, lon))
    assert location is not None
    assert location.raw["code"].startswith(code)
    assert location.raw["level"] == "village"
    assert location.raw["village"] and location.raw["district"]
    assert location.raw["regency"] and location.raw["province"]
    assert 0.5 <= location.raw["confidence"] <= 1.0


@pytest.mark.parametrize(
    ("lat", "lon", "where"),
    [
        (0.0, 0.0, "Null Island"),
        (-33.8688, 151.2093, "Sydney"),
        (3.1390, 101.6869, "Kuala Lumpur"),
        (1.2903, 103.8519, "Singapore, 20 km from Batam"),
        (-8.5569, 125.5603, "Dili, Timor-Leste"),
        (-2.6800, 141.3000, "Vanimo, Papua New Guinea"),
        (14.5995, 120.9842, "Manila"),
        (-4.0, 107.5, "Java Sea, far from any coast"),
    ],
)
def test_it_has_no_region_outside_indonesia(lat: float, lon: float, where: str) -> None:
    assert Gazetteer().reverse((lat, lon)) is None, where


@pytest.mark.parametrize("query", [(91, 0), (0, 181), ("abc", 1), (float("nan"), 100.0)])
def test_it_rejects_what_is_no_coordinate(query: tuple[object, object]) -> None:
    with pytest.raises(ValueError):
        Gazetteer().reverse(query)


def test_it_accepts_geopy_point_forms() -> None:
    assert Gazetteer().reverse("-5.3834, 105.2635").raw["code"] == "18.71.01.1003"
    assert (
        Gazetteer().reverse((-5.3834, 105.2635), exactly_one=False)[0].raw["code"]
        == "18.71.01.1003"
    )


def test_it_agrees_with_brute_force() -> None:
    regions = get_regions()
    villages = [
        i for i, level in enumerate(regions.levels) if level == VILLAGE and regions.reach_km[i]
    ]
    rng = random.Random(112)
    for _ in range(300):
        vid = rng.choice(villages)
        lat = regions.lats[vid] + rng.uniform(-0.01, 0.01)
        lon = regions.lons[vid] + rng.uniform(-0.01, 0.01)
        found = regions.nearest_village(lat, lon)
        assert found is not None
        best = min(
            (
                i
                for i in villages
                if abs(regions.lats[i] - lat) < 0.2 and abs(regions.lons[i] - lon) < 0.2
            ),
            key=lambda i: (regions.lats[i] - lat) ** 2 + ((regions.lons[i] - lon) * 0.99) ** 2,
        )
        # Equal up to the cos(latitude) approximation of a tie.
        assert found[0] == best or abs(found[1] - _km(regions, best, lat, lon)) < 0.05


def _km(regions, vid: int, lat: float, lon: float) -> float:
    from geopy.distance import distance

    return distance((lat, lon), (regions.lats[vid], regions.lons[vid])).km


def test_it_is_fast() -> None:
    regions = get_regions()
    rng = random.Random(7)
    points = [(rng.uniform(-8, 3), rng.uniform(98, 125)) for _ in range(5000)]
    started = time.perf_counter()
    for lat, lon in points:
        regions.nearest_village(lat, lon)
    rate = len(points) / (time.perf_counter() - started)
    assert rate > 5000, f"{rate:.0f} reverse/s"
