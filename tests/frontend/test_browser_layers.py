"""The console's facility layers: "Pos & markas" and "Rumah sakit & puskesmas"
toggled in the legend show and hide their markers, under the incident markers,
without map tiles; the choice survives a reload."""

from __future__ import annotations

from typing import Any

import pytest

from tests.frontend.test_browser_console import expect

pytestmark = pytest.mark.browser

PANE = ".leaflet-facilities-pane"


def markers(page: Any, layer: str) -> Any:
    return page.locator(f"{PANE} .fac-marker.fac-{layer}")


def open_legend(page: Any) -> None:
    page.click("#legend summary")
    expect(page.locator(".map-layers")).to_be_visible()


def test_it_toggles_the_facility_layers_and_remembers_them(open_page: Any) -> None:
    console = open_page("dispatcher", tiles=False)
    page = console.page
    console.wait_live()
    facilities = console.fetch_json("/api/facilities/")
    stations = [f for f in facilities if f["layer"] == "stations"]
    health = [f for f in facilities if f["layer"] == "health"]
    assert len(stations) >= 5 and len(health) >= 3
    open_legend(page)
    expect(page.locator(".map-layers")).to_contain_text("Pos & markas")
    expect(page.locator(".map-layers")).to_contain_text("Rumah sakit & puskesmas")
    # Off until chosen.
    assert markers(page, "stations").count() == 0 and markers(page, "health").count() == 0

    page.check('input[data-layer="stations"]')
    expect(markers(page, "stations")).to_have_count(len(stations))
    assert markers(page, "health").count() == 0
    page.check('input[data-layer="health"]')
    expect(markers(page, "health")).to_have_count(len(health))
    # Under the incident markers: their pane lies below Leaflet's marker pane.
    z = page.evaluate(
        """() => [document.querySelector('.leaflet-facilities-pane').style.zIndex,
                  getComputedStyle(document.querySelector('.leaflet-marker-pane')).zIndex]"""
    )
    assert int(z[0]) < int(z[1])
    # A facility says what it is when hovered.
    page.click("#legend summary")  # the legend folded away: the map is seen whole
    hospital = next(f for f in health if f["kind"] == "hospital")
    page.evaluate(
        "([lat, lon]) => window.dispatchConsole.map.setView([lat, lon], 13, {animate: false})",
        [hospital["lat"], hospital["lon"]],
    )
    page.locator(f'{PANE} .fac-marker[title="{hospital["name"]}"]').hover()
    expect(page.locator(".leaflet-tooltip")).to_contain_text(hospital["name"])
    expect(page.locator(".leaflet-tooltip")).to_contain_text("Rumah sakit")
    page.screenshot(path="/tmp/console-layers.png")

    open_legend(page)
    page.uncheck('input[data-layer="health"]')
    expect(markers(page, "health")).to_have_count(0)

    page.reload()
    console.wait_live()
    expect(markers(page, "stations")).to_have_count(len(stations))
    assert markers(page, "health").count() == 0
    assert page.is_checked('input[data-layer="stations"]')
    assert not page.is_checked('input[data-layer="health"]')

    open_legend(page)
    page.uncheck('input[data-layer="stations"]')
    expect(markers(page, "stations")).to_have_count(0)
    page.reload()
    console.wait_live()
    assert markers(page, "stations").count() == 0
    assert not page.is_checked('input[data-layer="stations"]')
    console.forgive("ERR_INTERNET_DISCONNECTED")
