"""Coordinates typed into a report's words place it like the caller's device."""

from __future__ import annotations

import pytest

from geo.services import locate
from geo.typed import typed_point

pytestmark = pytest.mark.django_db


def test_it_reads_the_pairs_phones_and_map_links_give() -> None:
    assert typed_point("lokasi: -5.4294, 105.2610.") == (-5.4294, 105.261, "-5.4294, 105.2610")
    assert typed_point("https://maps.google.com/?q=1.4405,125.1218")[:2] == (1.4405, 125.1218)
    assert typed_point("lat -5.4294 long: 105.2610")[:2] == (-5.4294, 105.261)


def test_it_takes_no_number_that_is_not_a_place_in_indonesia() -> None:
    for text in (
        "harga Rp 1.500.000, 2.500.000",
        "telp 0812.3456.7890",
        "-5.4 105.2",  # a reading this coarse is kilometres off
        "48.8584, 2.2945",  # Paris
        "",
    ):
        assert typed_point(text) is None, text


def test_it_places_a_report_by_the_coordinates_in_its_words(settings) -> None:  # type: ignore[no-untyped-def]
    settings.HOME_REGION = "18.71"
    result = locate(text="PL kirim share loc -5.4294, 105.2610, pohon tumbang timpa motor")
    assert (result.state, result.lat, result.lon) == ("known", -5.4294, 105.261)
    assert [r["code"] for r in result.reasons] == ["typed_coordinates"]
    assert result.region["code"].startswith("18.71.")


def test_the_device_point_comes_before_typed_words(settings) -> None:  # type: ignore[no-untyped-def]
    settings.HOME_REGION = "18.71"
    result = locate(lat=-5.3867, lon=105.2620, text="lokasi -5.4294, 105.2610")
    assert (result.lat, result.lon) == (-5.3867, 105.2620)
    assert result.reasons[0]["code"] == "device"
