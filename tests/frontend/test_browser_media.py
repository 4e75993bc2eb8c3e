"""Photos in a real browser: sent with the public form (/lapor/), shown as a
thumbnail in the console's incident detail, opened without its metadata."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.frontend.live import FIRE, PLACES, get_json
from tests.mediafiles import gps_of, jpeg_with_gps

pytestmark = pytest.mark.browser


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def test_it_shows_a_photo_sent_with_the_form_in_the_console_detail(
    open_page: Any, live_url: str
) -> None:
    lat, lon = PLACES["photo"]
    public = open_page(
        phone=True, geolocation={"latitude": lat, "longitude": lon}, permissions=["geolocation"]
    )
    public.goto("/lapor/")
    form = public.page
    form.fill("#r-text", FIRE)
    form.click("#r-locate")
    expect(form.locator("#r-point")).to_contain_text(f"{lat:.5f}")
    photo = {"name": "api.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}
    form.set_input_files("#r-photo", [photo])
    form.click("#report button[type=submit]")
    code_box = form.locator("#r-code")
    # Upload and triage on a loaded machine: more than the default 5 s is allowed.
    expect(code_box).to_have_text(re.compile(r"^[2-9A-Z]{10}$"), timeout=30_000)
    track = get_json(f"{live_url}/api/track/{code_box.inner_text()}/")
    incident_id = track["incident"]["id"]

    console = open_page("dispatcher")
    console.wait_live()
    console.page.click(f'.queue-row[data-id="{incident_id}"]')
    thumb = console.page.locator("#d-reports .media-thumb")
    expect(thumb).to_have_count(1)
    expect(thumb).to_be_visible()
    # The image really loaded (an authenticated GET of the thumbnail).
    console.page.wait_for_function(
        "() => { const i = document.querySelector('#d-reports .media-thumb');"
        " return i && i.complete && i.naturalWidth > 0; }"
    )
    link = console.page.locator("#d-reports .media-item a").first
    href = link.get_attribute("href")
    assert href and href.endswith("/rendition/")
    original = console.page.locator("#d-reports .media-item a.small")
    expect(original).to_have_attribute("href", re.compile(r"/original/$"))
    # Click to open: a new tab with the photo, without its GPS.
    with console.page.context.expect_page() as opened:
        link.click()
    tab = opened.value
    tab.wait_for_load_state()
    assert tab.url.endswith("/rendition/")
    body = console.page.request.get(f"{live_url}{href}").body()
    assert gps_of(body) == {}
    console.screenshot("console-photo")
