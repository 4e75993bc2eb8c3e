"""geo.services.locate: the pipeline's entry point never raises and never hangs."""

from __future__ import annotations

import time

import pytest

from geo.services import NOT_FOUND, LocateResult, locate

pytestmark = pytest.mark.django_db

REGION_KEYS = {"code", "village", "district", "regency", "province"}


def test_it_reverse_geocodes_coordinates() -> None:
    result = locate(lat=-5.3834, lon=105.2635)
    assert (result.lat, result.lon) == (-5.3834, 105.2635)  # the caller's point, not a centroid
    assert result.region["code"] == "18.71.01.1003"
    assert set(result.region) == REGION_KEYS
    assert result.provider == "coordinates"
    assert result.level == "village"
    assert result.confidence >= 0.9
    assert not result.low_confidence


def test_it_prefers_coordinates_over_the_address() -> None:
    result = locate(lat=-2.976, lon=104.754, address="Kedaton, Bandar Lampung")
    assert result.region["code"].startswith("16.71.05")


def test_it_geocodes_the_address() -> None:
    result = locate(address="Kel. Rajabasa, Kec. Rajabasa, Bandar Lampung")
    assert result.provider == "gazetteer"
    assert result.region["code"] == "18.71.10.1001"
    assert result.level == "village"
    assert result.confidence >= 0.9


def test_it_falls_back_to_place_names_in_the_text() -> None:
    result = locate(text="kebakaran di kel. rajabasa kec rajabasa, api sudah besar")
    assert result.region["code"] == "18.71.10.1001"


def test_it_uses_the_text_when_the_address_says_little() -> None:
    result = locate(address="depan warung", text="kecelakaan di Kel. Way Kandis, Tanjung Senang")
    assert result.region["code"] == "18.71.11.1002"


def test_it_uses_the_address_when_coordinates_are_outside_indonesia() -> None:
    # A phone reporting 0,0 has no fix; the address is better than nothing.
    result = locate(lat=0.0, lon=0.0, address="Kedaton, Bandar Lampung")
    assert result.region["code"] == "18.71.01.1003"


def test_it_places_nothing_at_coordinates_outside_indonesia() -> None:
    # A broken GPS (Sydney, 0,0): no point on the map, and the operator is told why.
    result = locate(lat=-33.8688, lon=151.2093)
    assert (result.lat, result.lon) == (None, None)
    assert result.state == "unknown"
    assert result.region is None
    assert result.low_confidence
    assert [r["code"] for r in result.reasons] == ["device_outside", "nothing_named"]


def test_it_flags_what_is_not_a_known_point() -> None:
    assert locate(address="Sidomulyo").low_confidence  # many villages, none in the area
    district = locate(address="Kedaton, Bandar Lampung")
    assert (district.state, district.low_confidence) == ("approximate", True)
    village = locate(address="Sukamenanti, Kedaton, Bandar Lampung")
    assert (village.state, village.low_confidence) == ("known", False)


def test_it_reads_the_low_confidence_threshold_from_settings(settings) -> None:
    settings.GEOCODE_LOW_CONFIDENCE = 0.95
    assert locate(address="Kedaton, Bandar Lampung").low_confidence


def test_it_serializes_to_the_cli_shape() -> None:
    data = locate(address="Kedaton, Bandar Lampung").as_dict()
    assert set(data) == {"lat", "lon", "confidence", "provider", "region"}
    assert data["region"]["code"] == "18.71.01.1003"
    assert NOT_FOUND.as_dict() == {
        "lat": None,
        "lon": None,
        "confidence": 0.0,
        "provider": "none",
        "region": None,
    }


BAD_INPUTS = [
    {},
    {"address": ""},
    {"address": "   \n\t  "},
    {"text": ""},
    {"address": "x" * 10_000},
    {"text": "kebakaran " * 1_000},
    {"address": "a, " * 5_000},
    {"text": "🔥🔥🚒 tolong!!! 😱😱"},
    {"address": "<script>alert('x')</script><b>Kedaton</b>"},
    {"address": "'; DROP TABLE geo_place; --"},
    {"address": "\x00\x01\x02 null bytes \ufffd"},
    {"address": "١٢٣ عنوان"},
    {"address": "Kec. " * 400},
    {"address": "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17"},
    {"lat": 91.0, "lon": 0.0},
    {"lat": -91.0, "lon": 105.0},
    {"lat": 0.0, "lon": 181.0},
    {"lat": float("nan"), "lon": 105.0},
    {"lat": float("inf"), "lon": 105.0},
    {"lat": -5.38, "lon": None},
    {"lat": None, "lon": 105.26},
    {"lat": "abc", "lon": "def"},
    {"lat": True, "lon": False},
    {"lat": 10**400, "lon": 1},
    {"address": None},
    {"address": 12345},
    {"address": ["Kedaton"]},
    {"text": {"nested": "dict"}},
]


@pytest.mark.parametrize("kwargs", BAD_INPUTS, ids=[repr(k)[:40] for k in BAD_INPUTS])
def test_it_never_raises_and_never_hangs(kwargs: dict[str, object]) -> None:
    started = time.perf_counter()
    result = locate(**kwargs)  # type: ignore[arg-type]
    assert time.perf_counter() - started < 1.0
    assert isinstance(result, LocateResult)
    assert 0.0 <= result.confidence <= 1.0
    if result.lat is None:
        assert result.lon is None and result.region is None and result.confidence == 0.0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"lat": 91.0, "lon": 0.0},
        {"address": ""},
        {"address": "zzzz qqqq"},
        {"lat": "abc", "lon": 1},
    ],
)
def test_it_answers_not_found(kwargs: dict[str, object]) -> None:
    assert locate(**kwargs) == NOT_FOUND  # type: ignore[arg-type]


def test_it_bounds_the_work_on_huge_text() -> None:
    text = "kebakaran di kel. rajabasa kec rajabasa " + "bla bla " * 20_000
    started = time.perf_counter()
    result = locate(text=text)
    assert time.perf_counter() - started < 0.5
    assert result.region["code"] == "18.71.10.1001"  # the first 500 characters count
