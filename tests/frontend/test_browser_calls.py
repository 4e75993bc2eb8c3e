"""A call answered at the dispatcher's extension pops the phone intake with the
caller's number, their history and the handset's AML accuracy circle; the report
saved from it shows the circle on its incident (the Caller issue). The phone system
is the fake PBX of tests/calls/fake_pbx.py, over HTTP to the live server."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.calls.fake_pbx import FakePbx
from tests.frontend.live import DEMO_PASSWORD, report

pytestmark = pytest.mark.browser

# In Kota Bandar Lampung (Pinang Jaya, Kemiling), over 3 km from the other tests' places.
HANDSET = (-5.3950, 105.1950)
NUMBER = "+6281277700061"


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def test_an_answered_call_pops_the_intake_with_history_and_the_circle(
    open_page: Any, live_url: str
) -> None:
    lat, lon = HANDSET
    earlier = report(
        live_url,
        text="Pohon tumbang menutup jalan di depan rumah",
        reporter_phone="0812-7770-0061",
        lat=lat + 0.001,
        lon=lon,
    )
    console = open_page("dispatcher")
    console.wait_live()
    pbx = FakePbx(live_url, "pbx", DEMO_PASSWORD)
    assert pbx.event("ring", "asterisk-1733380000.61", "081277700061")[0] == 202
    status, _ = pbx.aml(
        device_number=NUMBER,
        location_latitude=str(lat),
        location_longitude=str(lon),
        location_accuracy="40",
    )
    assert status == 200
    assert pbx.event("answer", "asterisk-1733380000.61", "081277700061", "201")[0] == 202

    page = console.page
    box = page.locator("#intake-call")
    expect(box).to_be_visible(timeout=10_000)
    expect(page.locator("#panel-intake")).to_be_visible()
    expect(page.locator("#intake-call-title")).to_contain_text(NUMBER)
    expect(page.locator("#intake-call-meta")).to_contain_text("201")
    expect(page.locator("input[name=reporter_phone]")).to_have_value(NUMBER)
    expect(page.locator("#intake-call-reports")).to_contain_text("Pohon tumbang menutup jalan")
    incident_id = earlier["incident"]["id"]
    expect(page.locator(f'#intake-call-nearby li[data-incident="{incident_id}"]')).to_be_visible()
    expect(page.locator("#intake-call-fix")).to_contain_text("±40 m")
    circle = page.locator("path.call-accuracy")
    expect(circle).to_have_count(1)
    expect(page.locator("#intake-point")).to_contain_text(f"{lat:.5f}")
    page.wait_for_timeout(800)  # the map's zoom to the circle, for the picture
    console.screenshot("call-popped")

    page.fill("textarea[name=text]", "Kebakaran rumah, api besar, warga panik")
    page.click("#intake button[type=submit]")
    expect(page.locator("#intake-done .tracking")).to_be_visible(timeout=10_000)
    code = page.locator("#intake-done .tracking").inner_text()
    expect(box).to_be_hidden()  # the call is done with: linked to its report
    expect(circle).to_have_count(0)
    assert pbx.event("hangup", "asterisk-1733380000.61", "081277700061")[0] == 202
    new_incident = console.fetch_json(f"/api/track/{code}/")["incident"]["id"]

    # The incident of that report carries the handset's circle in its detail.
    page.click("#tab-detail")
    row = page.locator(f'.queue-row[data-id="{new_incident}"]')
    row.click()
    expect(page.locator("#d-handset")).to_contain_text(re.compile(r"±40 m"))
    expect(page.locator("path.incident-accuracy")).to_have_count(1)
    console.screenshot("incident-handset")


def test_a_dropped_call_waits_on_the_call_back_list_until_called_back(
    open_page: Any, live_url: str
) -> None:
    pbx = FakePbx(live_url, "pbx", DEMO_PASSWORD)
    # At an extension of nobody's: this test's console pops no intake.
    calls = pbx.call("asterisk-1733380000.62", "081277700062", extension="299", talk_s=5)
    assert calls == [202, 202, 202]
    console = open_page("dispatcher")
    console.wait_live()
    page = console.page
    expect(page.locator("#callbacks-count")).not_to_have_text("0", timeout=10_000)
    page.click("#callbacks summary")
    row = page.locator('#callbacks-list li[data-call="asterisk-1733380000.62"]')
    expect(row).to_contain_text("+6281277700062")
    expect(row).to_contain_text("Terputus")  # dropped
    expect(row.locator("a")).to_have_attribute("href", "tel:+6281277700062")
    row.locator("button").click()
    expect(row).to_have_count(0)
