"""Script in what people write never runs, on any page.

The words, address and name of a report carry classic payloads. Every page that
shows them is opened; the `open_page` fixture fails the test on any dialog
(alert), script error or console error (CSP violations included).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.frontend.live import FIRE, PLACES, get_json, post_json
from tests.frontend.test_browser_console import center_on, expect

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "${alert(2)}",
    "`${alert(3)}`",
    "</script><script>alert(4)</script>",
    '"><svg onload=alert(5)>',
    "'-alert(6)-'",
    "{{constructor.constructor('alert(7)')()}}",
]
TEXT = f"{FIRE} " + " ".join(PAYLOADS)
ADDRESS = "<img src=x onerror=alert(8)> </script> ${alert(9)} `x`"
NAME = "<svg/onload=alert(10)>`${x}`"


@pytest.fixture(scope="module")
def poisoned(live_url: str) -> dict[str, Any]:
    lat, lon = PLACES["xss"]
    created = post_json(
        f"{live_url}/api/reports/",
        {
            "text": TEXT,
            "address": ADDRESS,
            "reporter_name": NAME,
            "reporter_phone": "081200001111",
            "lat": lat,
            "lon": lon,
        },
    )
    return get_json(f"{live_url}{created['status_url']}")


def no_injected_nodes(page: Any) -> None:
    injected = page.evaluate(
        "() => document.querySelectorAll('img[src=\"x\"], svg[onload], [onerror]').length"
    )
    assert injected == 0


def test_the_console_shows_the_payloads_as_text(open_page: Any, poisoned: dict) -> None:
    incident_id = poisoned["incident"]["id"]
    console = open_page("dispatcher")
    console.wait_live()
    console.page.click(f'.queue-row[data-id="{incident_id}"]')
    expect(console.page.locator(".report-text")).to_have_text(TEXT)
    expect(console.page.locator(".report-address")).to_have_text(ADDRESS)
    expect(console.page.locator(".report-head")).to_contain_text(NAME)
    marker = console.page.locator(f'.inc-disc[data-id="{incident_id}"]')
    marker.hover()
    # The call-taker form, with the payloads typed in, previews without running them;
    # a point clicked where the poisoned incident is lists it as a likely duplicate.
    console.page.click("#tab-intake")
    console.page.fill("textarea[name=text]", TEXT)
    console.page.fill("input[name=address]", ADDRESS)
    console.page.fill("input[name=reporter_name]", NAME)
    center_on(console.page, *PLACES["xss"])
    # Beside the incident's own marker (a click on it would open its detail).
    box = console.page.locator("#map").bounding_box()
    console.page.click("#map", position={"x": box["width"] / 2 + 40, "y": box["height"] / 2 + 40})
    expect(console.page.locator("#preview-body .badge")).to_be_visible(timeout=5000)
    expect(console.page.locator("#preview-dups")).to_contain_text(f"#{incident_id}")
    no_injected_nodes(console.page)
    console.screenshot("xss-console")


def test_the_agency_board_shows_the_payloads_as_text(open_page: Any, poisoned: dict) -> None:
    incident_id = poisoned["incident"]["id"]
    board = open_page("damkar", phone=True)
    board.wait_live()
    card = board.page.locator(f'.inc-card[data-id="{incident_id}"]')
    card.get_by_role("button", name="Rincian").click()
    expect(card.locator(".report-text")).to_have_text(TEXT)
    expect(card.locator(".report-address")).to_have_text(ADDRESS)
    no_injected_nodes(board.page)


def test_the_public_and_tracking_pages_run_nothing(open_page: Any, poisoned: dict) -> None:
    public = open_page()
    public.goto("/publik/")
    public.wait_live()
    no_injected_nodes(public.page)
    public.goto(f"/lacak/{poisoned['tracking_code']}/")
    expect(public.page.locator("h2")).to_contain_text(poisoned["tracking_code"])
    no_injected_nodes(public.page)


def test_the_statistics_and_daily_report_run_nothing(open_page: Any, poisoned: dict) -> None:
    supervisor = open_page("supervisor")
    supervisor.goto("/statistik/")
    no_injected_nodes(supervisor.page)
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date().isoformat()
    supervisor.goto(f"/statistik/harian/?date={today}")
    expect(supervisor.page.locator("#daily-reports")).to_contain_text(PAYLOADS[0])
    no_injected_nodes(supervisor.page)


def test_the_report_form_sends_the_payloads_as_plain_words(open_page: Any) -> None:
    public = open_page()
    public.goto("/lapor/")
    public.page.fill("#r-text", "Lampu jalan mati " + " ".join(PAYLOADS))
    public.page.fill("#r-address", ADDRESS)
    public.page.fill("#r-name", NAME)
    public.page.check("#r-consent")
    public.page.click("#report button[type=submit]")
    code = public.page.locator("#r-code")
    expect(code).to_have_text(re.compile(r"[2-9A-Z]{10}"))
    tracking_code = code.inner_text()
    public.page.click("#r-track")
    expect(public.page.locator("h2")).to_contain_text(tracking_code)
    no_injected_nodes(public.page)
