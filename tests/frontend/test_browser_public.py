"""The public live map never shows a report's words, a name or a phone number."""

from __future__ import annotations

from typing import Any

import pytest

from tests.frontend.live import FIRE, PLACES, report
from tests.frontend.test_browser_console import expect

pytestmark = pytest.mark.browser

SECRETS = {
    "text": "Kebakaran dapur, tolong RAHASIA-7731 di rumah",
    "reporter_name": "Budi Rahasiawan",
    "reporter_phone": "0812-9999-7731",
    "address": "Jl. Rahasia Nomor 7731",
}
NEEDLES = ["RAHASIA", "Rahasia", "Budi", "9999", "7731"]


def test_it_never_shows_text_names_or_phones(open_page: Any, live_url: str) -> None:
    public = open_page()
    frames: list[str] = []
    public.page.on(
        "websocket",
        lambda socket: socket.on("framereceived", lambda payload: frames.append(str(payload))),
    )
    public.goto("/publik/")
    public.wait_live()
    lat, lon = PLACES["public"]
    track = report(live_url, lat=lat, lon=lon, **SECRETS)
    incident_id = track["incident"]["id"]
    # Public frames are coalesced to one a second.
    public.page.wait_for_function(
        "(id) => window.publicMap.live.incidents.has(id)", arg=incident_id, timeout=5000
    )
    shown = public.page.evaluate("(id) => window.publicMap.live.incidents.get(id)", incident_id)
    public.page.evaluate(
        "([lat, lon]) => window.publicMap.map.setView([lat, lon], 17, {animate: false})",
        [shown["lat"], shown["lon"]],
    )
    marker = public.page.locator(f'.inc-disc[data-id="{incident_id}"]')
    expect(marker).to_be_visible()
    marker.click()
    popup = public.page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Kebakaran")
    public.page.wait_for_timeout(400)  # the popup fades in
    public.screenshot("public")

    html = public.page.content()
    seen = "\n".join(frames)
    assert any(f'"id":{incident_id}' in frame for frame in frames)
    for needle in NEEDLES:
        assert needle not in html, needle
        assert needle not in seen, needle
    # The location is snapped to a ~500 m grid, never the exact point.
    assert (shown["lat"], shown["lon"]) != (lat, lon)
    assert abs(shown["lat"] - lat) < 0.005 and abs(shown["lon"] - lon) < 0.005
    assert "reports" not in shown and "agencies" not in shown
    counts = public.page.locator("#counts-body").inner_text()
    assert "Kebakaran" in counts


def test_it_works_in_english_too(open_page: Any) -> None:
    public = open_page(locale="en-US")
    public.goto("/publik/")
    public.wait_live()
    expect(public.page.locator("h1")).to_have_text("Active incidents")
    expect(public.page.locator("#conn")).to_have_text("Live")
    public.page.click('button[name="language"][value="id"]')
    expect(public.page.locator("h1")).to_have_text("Kejadian aktif")
    public.wait_live()


KDRT = "Tolong, KDRT, ibu dipukul suaminya sampai berdarah di rumah"


def test_it_never_shows_a_domestic_violence_case(open_page: Any, live_url: str) -> None:
    public = open_page()
    frames: list[str] = []
    public.page.on(
        "websocket",
        lambda socket: socket.on("framereceived", lambda payload: frames.append(str(payload))),
    )
    public.goto("/publik/")
    public.wait_live()
    lat, lon = PLACES["kdrt"]
    hidden = report(live_url, text=KDRT, lat=lat, lon=lon)["incident"]["id"]
    # A fire reported after it: once the fire is on the map, the case would be too.
    shown = report(live_url, text=FIRE, lat=lat, lon=lon + 0.03)["incident"]["id"]
    has = "(id) => window.publicMap.live.incidents.has(id)"
    public.page.wait_for_function(has, arg=shown, timeout=5000)
    assert not public.page.evaluate(has, hidden)
    assert not any(f'"id":{hidden},' in frame for frame in frames)
    expect(public.page.locator(f'.inc-disc[data-id="{hidden}"]')).to_have_count(0)

    # A fresh page starts from the snapshot: not there either, nor in the counts.
    public.goto("/publik/")
    public.wait_live()
    public.page.wait_for_function(has, arg=shown, timeout=5000)
    assert not public.page.evaluate(has, hidden)
    active = public.page.evaluate(
        """() => [...window.publicMap.live.incidents.values()]
            .filter((i) => ['new', 'claimed', 'en_route', 'on_scene'].includes(i.status)).length"""
    )
    expect(public.page.locator("#counts-total")).to_have_text(str(active))


def test_the_tracking_page_follows_the_report_live(open_page: Any, live_url: str) -> None:
    lat, lon = PLACES["track"]
    tracked = report(live_url, text=FIRE, lat=lat, lon=lon)
    reporter = open_page(phone=True)
    reporter.goto(f"/lacak/{tracked['tracking_code']}/")
    current = reporter.page.locator("#t-current")
    expect(current).to_have_text("Menunggu instansi")
    expect(reporter.page.locator("#t-live")).not_to_contain_text("Muat ulang")

    desk = open_page("dispatcher")
    incident_id = tracked["incident"]["id"]
    damkar = next(
        a["id"]
        for a in desk.fetch_json(f"/api/incidents/{incident_id}/")["agencies"]
        if a["kind"] == "damkar"
    )
    status = desk.page.evaluate(
        """async ([id, agency]) => {
            const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
            const r = await fetch(`/api/incidents/${id}/claim/`, {method: 'POST',
              headers: {'Content-Type': 'application/json', 'X-CSRFToken': token},
              body: JSON.stringify({agency_id: agency})});
            return r.status;
        }""",
        [incident_id, damkar],
    )
    assert status == 200
    # What the page's timer does every 20 s (and at once when the phone wakes the tab).
    reporter.page.evaluate("window.trackPage.poll()")
    expect(current).to_have_text("Diterima instansi")
    expect(reporter.page.locator("#t-steps li")).to_have_count(3)
    expect(reporter.page.locator("#t-live")).to_contain_text("Terakhir diperiksa")
    reporter.screenshot("track-live")
