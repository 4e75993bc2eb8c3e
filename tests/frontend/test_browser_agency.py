"""The agency board on a phone-sized browser, and the dispatcher's map following it live."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.frontend.live import DEMO_PASSWORD, FIRE, PLACES, report
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


def test_a_tap_survives_an_event_that_arrives_under_the_finger(
    open_page: Any, live_url: str
) -> None:
    board = open_page("damkar", phone=True)
    board.wait_live()
    lat, lon = PLACES["tap"]
    incident_id = report(live_url, text=FIRE, lat=lat, lon=lon)["incident"]["id"]
    card = board.page.locator(f'.inc-card[data-id="{incident_id}"]')
    card.locator('[data-action="claim"]').click()
    expect(card).to_have_attribute("data-status", "claimed", timeout=5000)
    expect(card).not_to_have_class(re.compile(r"\bpending\b"), timeout=5000)

    # The crew presses "Dalam perjalanan"; before the finger lifts, another fire
    # comes in and the board is drawn again.
    box = _settled_box(board.page, card.locator('[data-action="en_route"]'))
    board.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    board.page.mouse.down()
    lat, lon = PLACES["tap_other"]
    other = report(live_url, text=FIRE, lat=lat, lon=lon)["incident"]["id"]
    board.page.wait_for_function(f"window.agencyBoard.live.incidents.has({other})", timeout=5000)
    board.page.mouse.up()
    expect(card).to_have_attribute("data-status", "en_route", timeout=5000)
    # Drawn once the finger lifted: the banner of the new fire, and its count.
    expect(board.page.locator(f'.board-alert[data-id="{other}"]')).to_be_visible()


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


WORDS = "Kebakaran gudang kayu di belakang pasar, asap tebal, dua orang masih di dalam"
ADDRESS = "Jl. Pangeran Antasari Gg. Mawar 12"
PHONE = "081277774321"


def test_the_board_keeps_the_details_after_each_action(open_page: Any, live_url: str) -> None:
    board = open_page("damkar", phone=True)
    board.wait_live()
    lat, lon = PLACES["field"]
    incident_id = report(
        live_url, text=WORDS, lat=lat, lon=lon, address=ADDRESS, reporter_phone=PHONE
    )["incident"]["id"]
    card = board.page.locator(f'.inc-card[data-id="{incident_id}"]')
    # Where and what, without a tap: the place names, the address typed, the words.
    expect(card.locator(".card-area")).not_to_be_empty(timeout=5000)
    expect(card.locator(".card-address")).to_have_text(ADDRESS)
    expect(card.locator(".card-quote")).to_contain_text("Kebakaran gudang kayu")

    card.get_by_role("button", name="Rincian").click()
    words = card.locator(".card-detail .report-text")
    expect(words).to_have_text(WORDS)
    # The masked number is not a link that dials nothing; no call back before a claim.
    expect(card.locator('a[href^="tel:"]')).to_have_count(0)
    expect(card.locator('[data-action="callback"]')).to_have_count(0)

    for action, status in [
        ("claim", "claimed"),
        ("en_route", "en_route"),
        ("on_scene", "on_scene"),
    ]:
        card.locator(f'[data-action="{action}"]').click()
        expect(card).to_have_attribute("data-status", status, timeout=5000)
        expect(card).not_to_have_class(re.compile(r"\bpending\b"), timeout=5000)
        # The event and the answer have both come: the words are still there.
        board.page.wait_for_timeout(300)
        expect(words).to_have_text(WORDS)
        expect(card.locator(".card-detail.muted")).to_have_count(0)
        expect(card.locator(".card-quote")).to_contain_text("Kebakaran gudang kayu")
    board.screenshot("agency-details-kept")

    # The crew holding it may call the reporter back: the full number, audited.
    card.locator('[data-action="callback"]').click()
    dial = card.locator('a[href="tel:+6281277774321"]')
    expect(dial).to_be_visible()
    expect(card.locator(".callback")).to_contain_text("log audit")
    board.screenshot("agency-callback")

    # The audit log, as the Django admin shows it (the superuser has no console).
    admin = open_page()
    admin.goto(
        "/accounts/login/?next=/admin/dispatch/auditentry/%3Faction__exact%3Dcontact.callback"
    )
    admin.page.fill("#id_username", "admin")
    admin.page.fill("#id_password", DEMO_PASSWORD)
    with admin.page.expect_navigation():
        admin.page.click("form.card button[type=submit]")
    row = admin.page.locator("#result_list tbody tr", has_text="damkar")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(f"#{incident_id}")


def test_a_new_p1_raises_a_banner_on_the_board(open_page: Any, live_url: str) -> None:
    board = open_page("damkar", phone=True)
    board.wait_live()
    sound = board.page.locator("#sound-toggle")
    # A browser plays no sound before the page is touched: the switch says so.
    expect(sound).to_have_text("Suara mati: klik untuk menyalakan")
    sound.click()
    expect(sound).to_have_text("Suara menyala")
    board.page.click("#tab-ours")  # the crew is looking elsewhere
    lat, lon = PLACES["p1alert"]
    incident_id = report(live_url, text=FIRE, lat=lat, lon=lon)["incident"]["id"]
    banner = board.page.locator(f'.board-alert[data-id="{incident_id}"]')
    expect(banner).to_be_visible(timeout=5000)
    expect(banner).to_contain_text("P1")
    expect(banner).to_contain_text(f"#{incident_id}")
    announced = board.page.evaluate("window.agencyBoard.alerts.stats")
    assert incident_id in announced["announced"] and announced["beeps"] >= 1
    board.screenshot("agency-p1-banner")

    banner.get_by_role("button", name="Tampilkan").click()
    expect(board.page.locator("#tab-incoming")).to_have_attribute("aria-selected", "true")
    card = board.page.locator(f'.inc-card[data-id="{incident_id}"]')
    expect(card).to_be_in_viewport()
    card.locator('[data-action="claim"]').click()
    expect(banner).to_have_count(0, timeout=5000)


def test_the_board_shows_who_of_the_agency_is_on_duty(open_page: Any) -> None:
    board = open_page("damkar", phone=True)
    board.wait_live()
    roster = board.page.locator("#duty")
    expect(roster).to_contain_text("Bertugas (1)")
    expect(roster.locator(".duty-name")).to_have_text(["damkar"])
    other = open_page("dinkes", phone=True)
    other.wait_live()
    # Another agency's board is not on this roster, even after a fresh heartbeat.
    board.page.evaluate("window.agencyBoard.duty.beat()")
    expect(roster.locator(".duty-name")).to_have_text(["damkar"])
    expect(other.page.locator("#duty .duty-name")).to_have_text(["dinkes"])


def test_details_that_could_not_be_read_say_so_and_can_be_asked_again(
    open_page: Any, live_url: str
) -> None:
    board = open_page("damkar", phone=True)
    board.wait_live()
    lat, lon = PLACES["field"]
    blocked: list[str] = []

    def refuse(route: Any) -> None:
        blocked.append(route.request.url)
        route.abort("internetdisconnected")

    # The detail of this incident cannot be read (a dead spot), the live socket can.
    board.page.route(re.compile(r"/api/incidents/\d+/$"), refuse)
    incident_id = report(live_url, text=WORDS, lat=lat + 0.02, lon=lon)["incident"]["id"]
    card = board.page.locator(f'.inc-card[data-id="{incident_id}"]')
    expect(card).to_be_visible(timeout=5000)
    card.get_by_role("button", name="Rincian").click()
    failed = card.locator(".card-detail.card-error")
    expect(failed).to_contain_text("Rincian tidak dapat dimuat")
    assert blocked
    board.page.unroute(re.compile(r"/api/incidents/\d+/$"))
    failed.get_by_role("button", name="Coba lagi").click()
    expect(card.locator(".card-detail .report-text")).to_have_text(WORDS)
    expect(card.locator(".card-quote")).to_contain_text("Kebakaran gudang kayu")
    board.forgive("ERR_INTERNET_DISCONNECTED")


def _settled_box(page: Any, locator: Any) -> dict[str, float]:
    """Where the button rests once the board has stopped moving. With the suite's
    earlier incidents on the board, cards above fill in their words and addresses
    after the claim and push this one down; the finger must land where the crew sees
    the button, not where it was a moment before."""
    box = locator.bounding_box()
    for _ in range(20):
        page.wait_for_timeout(250)
        again = locator.bounding_box()
        if again == box:
            break
        box = again
    assert box is not None
    return box
