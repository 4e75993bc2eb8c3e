"""The units on the dispatcher console (issue 19): every unit on the live map in
its status colour, changed live by `unit.*` events; a new fire's nearest engines
in the incident detail, ranked by ETA with distance and reasons; the first sent
in one click, another only with a reason."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.frontend.live import FIRE, report
from tests.frontend.test_browser_console import center_on, expect
from tests.frontend.test_browser_field import Desk

pytestmark = pytest.mark.browser

# Fires of these tests: in Kota Bandar Lampung, apart from live.PLACES, from the
# other browser tests' places and from each other, so triage never merges them.
UNIT_PLACES = {
    "first": (-5.4000, 105.2700),
    "second": (-5.4200, 105.2850),
    "taken": (-5.4400, 105.2700),
}
SHOTS = Path("/tmp")


@pytest.fixture(scope="module")
def desk(live_url: str) -> Desk:
    return Desk(live_url)


def make_available(desk: Desk, call_sign: str) -> dict[str, Any]:
    unit = desk.unit(call_sign)
    if unit["status"] != "available":
        code, unit = desk.call("POST", f"/api/units/{unit['id']}/status/", {"status": "available"})
        assert code == 200, unit
    return unit


def free_fire_units(desk: Desk) -> None:
    """Earlier tests may have sent the fire brigade's units: all of them back."""
    for call_sign in ("DAMKAR-01", "DAMKAR-02", "DAMKAR-03", "DAMKAR-T1", "DAMKAR-R1"):
        make_available(desk, call_sign)


def unit_box(console: Any, unit_id: int) -> Any:
    return console.page.locator(f'.unit-box[data-unit-id="{unit_id}"]')


def open_fire(open_page: Any, live_url: str, place: str) -> tuple[Any, int]:
    lat, lon = UNIT_PLACES[place]
    incident_id = report(live_url, text=FIRE, lat=lat, lon=lon)["incident"]["id"]
    console = open_page("dispatcher")
    console.wait_live()
    console.page.click(f'.queue-row[data-id="{incident_id}"]')
    expect(console.page.locator("#d-units .rec").first).to_be_visible()
    return console, incident_id


def test_it_shows_every_unit_on_the_map_in_its_status_colour_live(
    open_page: Any, desk: Desk
) -> None:
    unit = make_available(desk, "SATPOL-01")
    console = open_page("dispatcher")
    console.wait_live()
    box = unit_box(console, unit["id"])
    expect(box).to_have_class(re.compile(r"\bu-available\b"))
    expect(box).to_contain_text("SATPOL-01")
    # Every unit of the desk is drawn, none twice.
    units = console.fetch_json("/api/units/")
    expect(console.page.locator(".unit-box")).to_have_count(len(units))
    # The legend tells the colours apart, in Indonesian.
    console.page.click("#legend summary")
    expect(console.page.locator(".unit-legend .u-out_of_service").locator("..")).to_contain_text(
        "Tidak beroperasi"
    )
    center_on(console.page, unit["station"]["lat"], unit["station"]["lon"], 14)
    console.page.screenshot(path=str(SHOTS / "console-units-legend.png"))
    # A unit.status_changed event recolours it with no reload.
    path = f"/api/units/{unit['id']}/status/"
    assert desk.call("POST", path, {"status": "out_of_service"})[0] == 200
    expect(box).to_have_class(re.compile(r"\bu-out_of_service\b"))
    assert desk.call("POST", path, {"status": "available"})[0] == 200
    expect(box).to_have_class(re.compile(r"\bu-available\b"))


def test_it_draws_a_unit_with_an_old_position_at_its_station_greyed(
    open_page: Any, desk: Desk
) -> None:
    unit = desk.unit("PSC119-03")
    console = open_page("dispatcher")
    console.wait_live()
    box = unit_box(console, unit["id"])
    expect(box).not_to_have_class(re.compile(r"\bstale\b"))
    old = (datetime.now(UTC) - timedelta(minutes=40)).isoformat()
    fix = {"lat": unit["station"]["lat"] + 0.02, "lon": unit["station"]["lon"], "at": old}
    code, answer = desk.call("POST", f"/api/units/{unit['id']}/positions/", {"positions": [fix]})
    assert code == 202, answer
    expect(box).to_have_class(re.compile(r"\bstale\b"))
    center_on(console.page, unit["station"]["lat"], unit["station"]["lon"], 15)
    box.hover()
    expect(console.page.locator(".leaflet-tooltip .tip-stale")).to_contain_text("posisi lama")
    expect(console.page.locator(".leaflet-tooltip .tip-stale")).to_contain_text(
        unit["station"]["name"]
    )


def test_it_ranks_a_new_fires_nearest_engines_and_sends_the_first_in_one_click(
    open_page: Any, live_url: str, desk: Desk
) -> None:
    free_fire_units(desk)
    console, incident_id = open_fire(open_page, live_url, "first")
    recommended = console.fetch_json(f"/api/incidents/{incident_id}/recommendations/")
    etas = [r["eta_min"] for r in recommended]
    assert len(recommended) >= 2 and etas == sorted(etas)
    rows = console.page.locator("#d-units .rec")
    expect(rows).to_have_count(len(recommended))
    # Shown in the server's order, ETA first: call sign, kind, distance, time, why.
    shown = rows.evaluate_all("rows => rows.map(r => r.querySelector('.rec-call').textContent)")
    assert shown == [r["unit"]["call_sign"] for r in recommended]
    first = rows.first
    expect(first.locator(".rec-where")).to_contain_text("km")
    expect(first.locator(".rec-where")).to_contain_text("menit")
    expect(first.locator(".rec-reasons")).to_contain_text("dibutuhkan")
    expect(console.page.locator("#d-units h3").first).to_have_text("Unit terdekat")
    console.page.screenshot(path=str(SHOTS / "console-units.png"))
    # One click sends the first: no reason asked.
    first.locator(".rec-send").click()
    unit_id = recommended[0]["unit"]["id"]
    expect(console.page.locator(f'#d-units .sent-unit[data-unit-id="{unit_id}"]')).to_contain_text(
        "Ditugaskan"
    )
    expect(console.page.locator("#d-units .rec-notice")).to_contain_text("dikirim")
    sent = console.fetch_json(f"/api/incidents/{incident_id}/units/")
    assert [(s["unit"]["id"], s["recommended_rank"], s["override_reason"]) for s in sent] == [
        (unit_id, 1, "")
    ]
    # The map recolours the unit, and the list no longer offers it.
    expect(unit_box(console, unit_id)).to_have_class(re.compile(r"\bu-assigned\b"))
    expect(console.page.locator(f'#d-units .rec[data-unit-id="{unit_id}"]')).to_have_count(0)
    # On another console, a click on the unit opens the incident it works.
    other = open_page("supervisor")
    other.wait_live()
    expect(other.page.locator("#d-title")).not_to_contain_text(f"#{incident_id}")
    unit_box(other, unit_id).dispatch_event("click")
    expect(other.page.locator("#d-title")).to_contain_text(f"#{incident_id}")
    free_fire_units(desk)


def test_it_asks_a_reason_before_sending_another_unit_than_the_first(
    open_page: Any, live_url: str, desk: Desk
) -> None:
    free_fire_units(desk)
    console, incident_id = open_fire(open_page, live_url, "second")
    second = console.page.locator('#d-units .rec[data-rank="2"]')
    unit_id = int(second.get_attribute("data-unit-id"))
    second.locator(".rec-send").click()
    reason = second.locator(".rec-reason input")
    expect(reason).to_be_visible()
    expect(reason).to_be_focused()
    # No reason: refused on the page, nothing sent.
    second.locator(".rec-reason button[type=submit]").click()
    expect(second.locator(".rec-reason .rec-notice.error")).to_contain_text("Tulis alasan")
    assert console.fetch_json(f"/api/incidents/{incident_id}/units/") == []
    reason.fill("Unit pertama sedang isi air")
    console.page.screenshot(path=str(SHOTS / "console-units-reason.png"))
    second.locator(".rec-reason button[type=submit]").click()
    expect(console.page.locator(f'#d-units .sent-unit[data-unit-id="{unit_id}"]')).to_be_visible()
    sent = console.fetch_json(f"/api/incidents/{incident_id}/units/")
    assert [(s["unit"]["id"], s["recommended_rank"], s["override_reason"]) for s in sent] == [
        (unit_id, 2, "Unit pertama sedang isi air")
    ]
    free_fire_units(desk)


def test_it_shows_the_servers_refusal_when_the_unit_went_out_of_service_meanwhile(
    open_page: Any, live_url: str, desk: Desk
) -> None:
    free_fire_units(desk)
    console, _ = open_fire(open_page, live_url, "taken")
    second = console.page.locator('#d-units .rec[data-rank="2"]')
    unit_id = int(second.get_attribute("data-unit-id"))
    # The page stops hearing events: it still offers the unit when the crew reports
    # it out of service.
    console.page.evaluate("window.dispatchConsole.live.socket.onmessage = null")
    path = f"/api/units/{unit_id}/status/"
    assert desk.call("POST", path, {"status": "out_of_service"})[0] == 200
    second.locator(".rec-send").click()
    second.locator(".rec-reason input").fill("Lebih dekat ke hidran")
    second.locator(".rec-reason button[type=submit]").click()
    # The 409 in the server's words; the list, loaded again, no longer offers it.
    notice = console.page.locator("#d-units .rec-notice.error")
    expect(notice).to_contain_text("hanya unit yang tersedia dapat dikirim")
    expect(console.page.locator(f'#d-units .rec[data-unit-id="{unit_id}"]')).to_have_count(0)
    console.forgive("409")
    free_fire_units(desk)
