"""The agency board on a phone-sized browser, and the dispatcher's map following it live."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.frontend.live import FIRE, PLACES, report
from tests.frontend.test_browser_console import center_on, expect

pytestmark = pytest.mark.browser


def test_a_claim_on_the_board_changes_the_dispatchers_map_live(
    open_page: Any, live_url: str
) -> None:
    console = open_page("dispatcher")
    console.wait_live()
    board = open_page("damkar", phone=True)
    board.wait_live()
    lat, lon = PLACES["claim"]
    incident_id = report(live_url, text=FIRE, lat=lat, lon=lon)["incident"]["id"]

    card = board.page.locator(f'.inc-card[data-id="{incident_id}"]')
    expect(card).to_be_visible(timeout=5000)
    expect(card).to_have_attribute("data-status", "new")
    board.screenshot("agency-incoming")

    # Street level: no cluster hides the marker once it is claimed.
    center_on(console.page, lat, lon, 18)
    marker = console.page.locator(f'.leaflet-marker-icon:has(.inc-disc[data-id="{incident_id}"])')
    expect(marker).to_have_class(re.compile(r"\bst-new\b"))
    expect(console.page.locator(f'.alert-p1[data-id="{incident_id}"]')).to_have_count(1)

    card.locator('[data-action="claim"]').click()
    # Optimistic: the card shows the claim at once, before the server answers.
    expect(card).to_have_attribute("data-status", "claimed", timeout=1000)
    expect(marker).to_have_class(re.compile(r"\bst-claimed\b"), timeout=3000)
    # A claimed P1 no longer calls for attention on the console.
    expect(console.page.locator(f'.alert-p1[data-id="{incident_id}"]')).to_have_count(0)
    expect(board.page.locator("#tab-ours")).to_have_attribute("aria-selected", "true")

    card.locator('[data-action="en_route"]').click()
    expect(marker).to_have_class(re.compile(r"\bst-en_route\b"), timeout=3000)
    card.locator('[data-action="on_scene"]').click()
    expect(card).to_have_attribute("data-status", "on_scene")
    board.screenshot("agency-ours")
    card.locator('[data-action="resolve"]').click()
    note = card.locator("textarea[name=note]")
    expect(note).to_be_focused()
    card.locator("button[type=submit]").click()  # a resolution needs a note
    expect(card.locator(".card-error")).to_be_visible()
    note.fill("Api padam pukul 03.20, satu korban dibawa ke RSUD")
    card.locator("button[type=submit]").click()
    expect(marker).to_have_class(re.compile(r"\bst-resolved\b"), timeout=3000)
    board.page.click("#tab-done")
    expect(card).to_have_attribute("data-status", "resolved")
    board.screenshot("agency-done")
    detail = console.fetch_json(f"/api/incidents/{incident_id}/")
    assert detail["status"] == "resolved"
    assert detail["lead_agency"]["kind"] == "damkar"

    # The desk reads the resolution and closes the incident: it leaves the screens.
    console.page.click(f'.queue-row[data-id="{incident_id}"]')
    expect(console.page.locator("#d-resolution")).to_contain_text("Api padam pukul 03.20")
    console.page.click("#d-close")
    expect(console.page.locator(f'.queue-row[data-id="{incident_id}"]')).to_have_count(0)
    expect(marker).to_have_count(0)
    expect(card).to_have_count(0, timeout=3000)
    assert console.fetch_json(f"/api/incidents/{incident_id}/")["status"] == "closed"


def test_it_says_clearly_when_an_action_did_not_reach_the_server(
    open_page: Any, live_url: str
) -> None:
    board = open_page("damkar", phone=True)
    board.wait_live()
    lat, lon = PLACES["offline"]
    incident_id = report(live_url, text=FIRE, lat=lat, lon=lon)["incident"]["id"]
    card = board.page.locator(f'.inc-card[data-id="{incident_id}"]')
    expect(card).to_be_visible(timeout=5000)

    board.page.context.set_offline(True)
    card.locator('[data-action="claim"]').click()
    error = card.locator(".card-error")
    expect(error).to_contain_text("Tidak terkirim")
    expect(card).to_have_attribute("data-status", "new")  # the optimistic claim is undone
    expect(board.page.locator("#board-error")).to_contain_text(f"#{incident_id}")
    board.screenshot("agency-offline")

    board.page.context.set_offline(False)
    error.get_by_role("button").click()  # try again
    claimed = board.page.locator(f'.inc-card[data-id="{incident_id}"][data-status="claimed"]')
    expect(claimed).to_be_visible(timeout=5000)
    expect(claimed.locator(".card-error")).to_have_count(0)
    # Going offline on purpose makes the browser log failed requests and sockets.
    board.forgive("ERR_INTERNET_DISCONNECTED", "WebSocket")


def test_it_shows_a_refusal_from_the_server(open_page: Any, live_url: str) -> None:
    board = open_page("damkar", phone=True)
    board.wait_live()
    dispatcher = open_page("dispatcher")
    lat, lon = PLACES["claim"]
    # Another fire, next to the resolved one of the first test but a different event.
    incident_id = report(live_url, text=FIRE, lat=lat + 0.03, lon=lon)["incident"]["id"]
    card = board.page.locator(f'.inc-card[data-id="{incident_id}"]')
    expect(card).to_be_visible(timeout=5000)
    # The desk hands it to the health office before the fire brigade taps "Claim".
    # Freeze the board's live updates for a moment so the tap races the change.
    board.page.evaluate("window.agencyBoard.live.socket.onmessage = null")
    dinkes = next(
        a["id"]
        for a in dispatcher.fetch_json(f"/api/incidents/{incident_id}/")["agencies"]
        if a["kind"] == "dinkes"
    )
    status = dispatcher.page.evaluate(
        """async ([id, agency]) => {
            const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
            const r = await fetch(`/api/incidents/${id}/claim/`, {method: 'POST',
              headers: {'Content-Type': 'application/json', 'X-CSRFToken': token},
              body: JSON.stringify({agency_id: agency})});
            return r.status;
        }""",
        [incident_id, dinkes],
    )
    assert status == 200
    card.locator('[data-action="claim"]').click()
    expect(card.locator(".card-error")).to_contain_text("sudah diterima instansi lain")
    expect(card.locator(".card-error button")).to_have_count(0)  # no point in repeating it
    board.screenshot("agency-refused")
    board.forgive("409")


def test_it_offers_no_claim_to_a_supporting_agency(open_page: Any, live_url: str) -> None:
    # Issue 17: the server refuses a support agency's claim; the board must not offer it.
    board = open_page("dinkes", phone=True)
    board.wait_live()
    lat, lon = PLACES["claim"]
    # In the city, where the city's health office supports the fire brigade.
    incident_id = report(live_url, text=FIRE, lat=lat + 0.01, lon=lon + 0.05)["incident"]["id"]
    card = board.page.locator(f'.inc-card[data-id="{incident_id}"]')
    expect(card).to_be_visible(timeout=5000)
    expect(card).to_have_attribute("data-status", "new")
    expect(card.locator(".chip", has_text="Pendukung")).to_have_count(1)
    expect(card.locator('[data-action="claim"]')).to_have_count(0)
