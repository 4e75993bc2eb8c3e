"""Script in staff notes (release, resolution) and landmark names never runs either."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest

from tests.frontend.live import DEMO_PASSWORD, FIRE, post_json
from tests.frontend.test_browser_console import expect
from tests.frontend.test_browser_xss import PAYLOADS, no_injected_nodes

pytestmark = pytest.mark.browser

NOTE = "Api padam " + " ".join(PAYLOADS)
RELEASE_NOTE = "<img src=x onerror=alert(20)> ${alert(21)} </script>"


def staff_post(base: str, token: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(  # noqa: S310 (the live test server on loopback)
        f"{base}{path}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Token {token}"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.loads(response.read())


@pytest.fixture(scope="module")
def resolved(live_url: str) -> dict[str, Any]:
    created = post_json(f"{live_url}/api/reports/", {"text": FIRE, "lat": -5.3950, "lon": 105.3300})
    token = post_json(
        f"{live_url}/api/auth/token/", {"username": "damkar", "password": DEMO_PASSWORD}
    )["token"]
    tracked = json.loads(
        urllib.request.urlopen(f"{live_url}{created['status_url']}", timeout=30).read()  # noqa: S310
    )
    incident_id = tracked["incident"]["id"]
    staff_post(live_url, token, f"/api/incidents/{incident_id}/claim/", {})
    staff_post(live_url, token, f"/api/incidents/{incident_id}/release/", {"note": RELEASE_NOTE})
    staff_post(live_url, token, f"/api/incidents/{incident_id}/claim/", {})
    staff_post(
        live_url,
        token,
        f"/api/incidents/{incident_id}/status/",
        {"status": "resolved", "note": NOTE},
    )
    return {"id": incident_id, "tracking_code": tracked["tracking_code"]}


def test_it_shows_notes_as_text_on_the_console(open_page: Any, resolved: dict) -> None:
    console = open_page("dispatcher")
    console.wait_live()
    console.page.click(f'.queue-row[data-id="{resolved["id"]}"]')
    expect(console.page.locator("#d-resolution")).to_have_text(NOTE)
    expect(console.page.locator("#detail")).to_contain_text(RELEASE_NOTE)
    no_injected_nodes(console.page)


def test_it_shows_notes_as_text_on_the_agency_board(open_page: Any, resolved: dict) -> None:
    board = open_page("damkar", phone=True)
    board.wait_live()
    no_injected_nodes(board.page)
    tracking = open_page()
    tracking.goto(f"/lacak/{resolved['tracking_code']}/")
    expect(tracking.page.locator("h2")).to_contain_text(resolved["tracking_code"])
    # The reporter's timeline never shows staff notes at all.
    assert "Api padam" not in tracking.page.content()
    no_injected_nodes(tracking.page)
