"""The gazetteer data and the geopy Geocoder interface."""

from __future__ import annotations

import pytest
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from geo.build_gazetteer import EXPECTED_COUNTS
from geo.gazetteer import Gazetteer, get_gazetteer
from geo.regions import (
    DATA_FILE,
    DISTRICT,
    PROVINCE,
    REGENCY,
    VILLAGE,
    dotted,
    get_regions,
)

RAW_KEYS = {
    "code",
    "village",
    "district",
    "regency",
    "province",
    "postal_code",
    "confidence",
    "level",
}


def test_it_has_every_region_of_indonesia() -> None:
    regions = get_regions()
    counts = {
        "province": regions.count(PROVINCE),
        "regency": regions.count(REGENCY),
        "district": regions.count(DISTRICT),
        "village": regions.count(VILLAGE),
    }
    assert counts == {"province": 38, "regency": 514, "district": 7285, "village": 83762}
    assert counts == EXPECTED_COUNTS


def test_it_keeps_the_data_file_small() -> None:
    assert DATA_FILE.stat().st_size < 3 * 1024 * 1024


def test_it_is_a_geopy_geocoder() -> None:
    assert isinstance(get_gazetteer(), Geocoder)
    assert get_gazetteer() is get_gazetteer()


def test_it_formats_kemendagri_codes() -> None:
    assert dotted("1871011003") == "18.71.01.1003"
    assert dotted("187101") == "18.71.01"
    assert dotted("18") == "18"


def test_it_geocodes_to_a_location_with_region_raw() -> None:
    location = Gazetteer(home_region="18.71").geocode("Kel. Kedaton, Kec. Kedaton, Bandar Lampung")
    assert isinstance(location, Location)
    assert set(location.raw) >= RAW_KEYS
    assert location.raw["code"] == "18.71.01.1003"
    assert location.raw["village"] == "Kedaton"
    assert location.raw["district"] == "Kedaton"
    assert location.raw["regency"] == "Kota Bandar Lampung"
    assert location.raw["province"] == "Lampung"
    assert location.raw["postal_code"] == "35141"
    assert location.raw["level"] == "village"
    assert 0.8 <= location.raw["confidence"] <= 1.0
    assert "Kedaton" in location.address


def test_it_answers_the_design_example() -> None:
    location = Gazetteer(home_region="18.71").geocode("Kedaton, Bandar Lampung")
    assert location.raw["code"] == "18.71.01.1003"


def test_it_returns_several_locations_unless_exactly_one() -> None:
    locations = Gazetteer(home_region="18.71").geocode("Sidomulyo", exactly_one=False, limit=3)
    assert isinstance(locations, list)
    assert 1 < len(locations) <= 3
    assert len({loc.raw["code"] for loc in locations}) == len(locations)


def test_it_returns_none_when_nothing_matches() -> None:
    assert Gazetteer().geocode("xyzzy qwertyuiop") is None
    assert Gazetteer().geocode("") is None


def test_it_accepts_a_structured_query() -> None:
    location = Gazetteer(home_region="18.71").geocode(
        {"district": "Kedaton", "city": "Bandar Lampung"}
    )
    assert location.raw["code"].startswith("18.71.01")


@pytest.mark.parametrize(
    ("address", "prefix"),
    [
        ("Sukarame", "18.71.02"),  # also in Palembang (Sukarami), Tasikmalaya, ...
        ("Kedaton", "18.71.01"),
        ("Sukabumi", "18.71.12"),  # not the city in West Java
        ("Rajabasa", "18.71.10"),  # also a district of Lampung Selatan
    ],
)
def test_it_prefers_home_region_for_shared_names(address: str, prefix: str) -> None:
    location = Gazetteer(home_region="18.71").geocode(address)
    assert location.raw["code"].startswith(prefix)


def test_it_follows_another_home_region() -> None:
    location = Gazetteer(home_region="32.06").geocode("Sukarame")  # Kabupaten Tasikmalaya
    assert location.raw["code"].startswith("32.06")


def test_it_lets_village_with_district_beat_a_home_name() -> None:
    location = Gazetteer(home_region="18.71").geocode("Sukarame, Kec. Sukarame, Tasikmalaya")
    assert location.raw["code"].startswith("32.06")


def test_it_reads_home_region_from_settings(settings) -> None:
    settings.HOME_REGION = "32.06"
    assert Gazetteer().home == "32.06"
    assert Gazetteer().geocode("Sukarame").raw["code"].startswith("32.06")


def test_it_flags_a_lone_ambiguous_name_as_low_confidence() -> None:
    location = Gazetteer(home_region="18.71").geocode("Sidomulyo")
    assert location.raw["confidence"] < 0.6


def test_it_gives_coarse_levels_low_confidence() -> None:
    gazetteer = Gazetteer(home_region="18.71")
    assert gazetteer.geocode("Provinsi Lampung").raw["level"] == "province"
    assert gazetteer.geocode("Provinsi Lampung").raw["confidence"] <= 0.3
    assert gazetteer.geocode("Kota Bandar Lampung").raw["level"] == "regency"
    assert gazetteer.geocode("Kota Bandar Lampung").raw["confidence"] <= 0.55


def test_it_finds_place_names_in_free_text() -> None:
    gazetteer = Gazetteer(home_region="18.71")
    location = gazetteer.geocode("kebakaran di kel. rajabasa kec rajabasa", free_text=True)
    assert location.raw["code"] == "18.71.10.1001"
    location = gazetteer.geocode(
        "tolong ada kecelakaan motor di simpang dekat Way Halim, korban luka", free_text=True
    )
    assert location.raw["code"].startswith("18.71.15")


def test_it_ignores_common_words_in_free_text() -> None:
    text = "tolong ada kebakaran rumah warga, api besar, segera kirim bantuan"
    assert Gazetteer(home_region="18.71").geocode(text, free_text=True) is None


def test_it_caches_answers_per_process() -> None:
    gazetteer = Gazetteer(home_region="18.71")
    first = gazetteer.match("Kedaton, Bandar Lampung")
    assert gazetteer.match("Kedaton, Bandar Lampung") is first
