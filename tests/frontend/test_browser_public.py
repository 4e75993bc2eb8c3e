"""The public live map never shows a report's words, a name or a phone number."""

from __future__ import annotations

from typing import Any

import pytest

from tests.frontend.live import PLACES, report
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
