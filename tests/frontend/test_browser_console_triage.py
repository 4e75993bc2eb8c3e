"""The console as a stressed dispatcher uses it (issue 16): the queue and the alert
bar tell which P1 nobody claimed, where it is and what the caller said, with no
click; the detail puts the caller first; the console speaks the deployment's
language whatever the browser's; it shows who is on duty."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from geo.gazetteer import get_gazetteer
from tests.frontend.live import DEMO_PASSWORD, FIRE, post_json, report
from tests.frontend.test_browser_console import center_on
from tests.frontend.test_browser_xss_notes import staff_post

pytestmark = pytest.mark.browser

# In Kota Bandar Lampung, over 2 km from the demo incidents, from the places of
# the other browser tests (tests/frontend/live.py PLACES) and from each other.
PLACES = {
    "row": (-5.3600, 105.2200),
    "overdue": (-5.3600, 105.3000),
    "detail": (-5.3400, 105.2600),
    "claimed": (-5.3100, 105.2800),
    "lone": (-5.3000, 105.3200),
}
# Four fires far enough apart that triage never merges them.
MANY = [(-5.3300, 105.2200), (-5.3300, 105.2600), (-5.3300, 105.3000), (-5.3100, 105.2400)]
SHOTS = Path("/tmp")


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def village_at(lat: float, lon: float) -> str:
    return get_gazetteer().reverse((lat, lon)).raw["village"]


def test_a_queue_row_shows_the_kelurahan_and_the_callers_words(
    open_page: Any, live_url: str
) -> None:
    lat, lon = PLACES["row"]
    words = "Kebakaran gudang kayu, api besar, asap hitam tebal sampai ke jalan raya"
    incident_id = report(live_url, text=words, lat=lat, lon=lon)["incident"]["id"]
    console = open_page("dispatcher")
    console.wait_live()
    row = console.page.locator(f'.queue-row[data-id="{incident_id}"]')
    expect(row.locator(".row-place")).to_contain_text(village_at(lat, lon))
    expect(row.locator(".row-quote")).to_contain_text("Kebakaran gudang kayu, api besar")
    expect(row.locator(".reports-n")).to_have_text("1 laporan")
    expect(row.locator(".countdown")).to_contain_text("batas klaim")
    # The alert bar carries the same: place and words, no click needed.
    banner = console.page.locator(f'.alert-p1[data-id="{incident_id}"]')
    expect(banner.locator(".alert-place")).to_contain_text(village_at(lat, lon))
    expect(banner.locator(".alert-quote")).to_contain_text("Kebakaran gudang kayu")
    # And so does the marker's tooltip: "which fire is this one?" needs no click.
    center_on(console.page, lat, lon, 16)
    console.page.hover(f'.leaflet-marker-icon:has(.inc-disc[data-id="{incident_id}"])')
    tip = console.page.locator(".leaflet-tooltip")
    expect(tip.locator(".tip-place")).to_contain_text(village_at(lat, lon))
    expect(tip.locator(".tip-quote")).to_contain_text("Kebakaran gudang kayu")


def test_an_unlocated_p1_stands_out_at_the_top_of_the_queue(open_page: Any, live_url: str) -> None:
    # No place at all, and of a kind no other test opens: with one gas leak open
    # triage would merge it there (priority.same_event.lone_candidate).
    leak = "Bau gas elpiji menyengat dari dapur, tabungnya bocor, tolong cepat"
    incident_id = report(live_url, text=leak)["incident"]["id"]
    console = open_page("dispatcher")
    console.wait_live()
    row = console.page.locator(f'.queue-row[data-id="{incident_id}"]')
    expect(row).to_have_class(re.compile(r"\bunlocated\b"))
    expect(row.locator(".row-unlocated")).to_contain_text("TANPA LOKASI")
    # Only unlocated P1s (older ones) may come before it.
    rows = console.page.locator(".queue-row")
    first = rows.first
    expect(first).to_have_class(re.compile(r"\bp-p1\b.*\bunlocated\b"))
    ids = rows.evaluate_all("rows => rows.map(r => [r.dataset.id, r.className])")
    before = ids[: [i for i, _ in ids].index(str(incident_id))]
    assert all("unlocated" in cls and "p-p1" in cls for _, cls in before), before


def test_an_overdue_unclaimed_p1_stays_in_the_alert_bar_after_acknowledgement(
    open_page: Any, live_url: str
) -> None:
    lat, lon = PLACES["overdue"]
    incident_id = report(live_url, text=FIRE, lat=lat, lon=lon)["incident"]["id"]
    console = open_page()
    console.page.clock.install()  # the page's clock, moved on below
    console.login("dispatcher")
    console.wait_live()
    banner = console.page.locator(f'.alert-p1[data-id="{incident_id}"]')
    expect(banner).to_have_count(1)
    if console.page.locator("#alerts-more").is_visible():
        console.page.click("#alerts-more")  # "+N more": older ones come first
    banner.locator("button.ack").click()  # "OK, seen"
    expect(banner).to_have_class(re.compile(r"\backed\b"))
    # The claim deadline (2 minutes for a P1) passes: still unclaimed, still there.
    console.page.clock.fast_forward("05:00")
    expect(banner).to_have_count(1)
    expect(banner.locator(".countdown")).to_contain_text("batas klaim lewat")
    # Overdue first: every banner before it is at least as overdue.
    deadlines = console.page.locator(".alert-p1").evaluate_all(
        "nodes => nodes.map(n => Date.parse(n.querySelector('.countdown').dataset.deadline))"
    )
    assert deadlines == sorted(deadlines)
    # The acknowledgement outlives a reload; the alert does too.
    console.page.reload()
    console.wait_live()
    expect(banner).to_have_count(1)
    expect(banner).to_have_class(re.compile(r"\backed\b"))
    console.forgive("WebSocket")  # the jump in time may drop the socket once


def test_the_alerts_past_the_first_three_open_from_their_count(
    open_page: Any, live_url: str
) -> None:
    for lat, lon in MANY:
        report(live_url, text=FIRE, lat=lat, lon=lon)
    console = open_page("dispatcher")
    console.wait_live()
    more = console.page.locator("#alerts-more")
    expect(more).to_have_text(re.compile(r"^\+\d+ P1 lain belum diklaim"))
    rest = int(re.findall(r"\d+", more.inner_text())[0])
    banners = console.page.locator(".alert-p1")
    assert banners.count() == rest + 3
    expect(console.page.locator(".alert-p1:visible")).to_have_count(3)
    more.click()
    expect(console.page.locator(".alert-p1:visible")).to_have_count(rest + 3)
    more.click()
    expect(console.page.locator(".alert-p1:visible")).to_have_count(3)


def test_a_claimed_p1_sits_below_every_unclaimed_incident(open_page: Any, live_url: str) -> None:
    lat, lon = PLACES["claimed"]
    claimed = report(live_url, text=FIRE, lat=lat, lon=lon)["incident"]["id"]
    login = {"username": "damkar", "password": DEMO_PASSWORD}
    token = post_json(f"{live_url}/api/auth/token/", login)["token"]
    staff_post(live_url, token, f"/api/incidents/{claimed}/claim/", {})
    console = open_page("dispatcher")
    console.wait_live()
    row = console.page.locator(f'.queue-row[data-id="{claimed}"]')
    expect(row).to_have_class(re.compile(r"\bst-claimed\b"))
    rows = console.page.locator(".queue-row").evaluate_all(
        "rows => rows.map(r => [r.dataset.id, r.className])"
    )
    index = [i for i, _ in rows].index(str(claimed))
    assert not any("st-new" in cls for _, cls in rows[index + 1 :]), rows
    assert any("st-new" in cls for _, cls in rows[:index])


def test_an_en_us_browser_gets_the_indonesian_console(open_page: Any) -> None:
    console = open_page("dispatcher", locale="en-US")
    console.wait_live()
    assert console.page.get_attribute("html", "lang") == "id"
    expect(console.page.locator("#queue-title")).to_contain_text("Antrean")
    expect(console.page.locator("#tab-intake")).to_have_text("Laporan telepon baru")
    # The operator's own choice is kept, and the browser's language still is not it.
    console.page.click('.lang button[value="en"]')
    console.wait_live()
    assert console.page.get_attribute("html", "lang") == "en"
    console.page.reload()
    assert console.page.get_attribute("html", "lang") == "en"
    console.page.click('.lang button[value="id"]')
    assert console.page.get_attribute("html", "lang") == "id"


def test_it_shows_which_agencies_are_on_duty(open_page: Any) -> None:
    board = open_page("damkar")
    board.goto("/agency/")
    board.wait_live()
    agency = board.page.evaluate(
        "JSON.parse(document.getElementById('page-data').textContent).agency"
    )
    console = open_page("dispatcher")
    console.wait_live()
    line = console.page.locator(f'#presence li[data-agency="{agency["id"]}"]')
    expect(line).to_have_class(re.compile(r"\bon\b"), timeout=8000)
    expect(line).to_contain_text(agency["name"])
    expect(line.locator(".n")).to_contain_text("daring")
    expect(console.page.locator("#presence li.off").first).to_contain_text("tidak ada yang daring")


def test_the_detail_shows_the_caller_first_and_locates_by_name(
    open_page: Any, live_url: str
) -> None:
    words = "Ada orang pingsan di pinggir jalan, tidak sadar, tolong kirim ambulans"
    track = report(
        live_url, text=words, reporter_name="Siti Aminah", reporter_phone="0812-3450-0099"
    )
    incident_id = track["incident"]["id"]
    console = open_page("dispatcher")
    console.wait_live()
    console.page.click(f'.queue-row[data-id="{incident_id}"]')
    expect(console.page.locator("#d-words")).to_have_text(words)
    expect(console.page.locator("#d-contact")).to_contain_text("Siti Aminah")
    expect(console.page.locator("#d-caller")).not_to_contain_text("null")
    expect(console.page.locator("#d-contact a")).to_have_attribute("href", "tel:+6281234500099")
    caller = console.page.locator("#d-caller").bounding_box()
    actions = console.page.locator("#f-assign").bounding_box()
    assert caller and actions and caller["y"] < actions["y"]
    assert caller["y"] + caller["height"] < 900  # in view at 1440x900
    expect(console.page.locator("#d-danger")).not_to_have_attribute("open", "")
    # Locating by name: the gazetteer's kelurahan, picked from what is typed.
    console.page.fill("#d-locate-q", "Sidodadi")
    choice = console.page.locator("#d-locate-results button", has_text="Kedaton").first
    expect(choice).to_be_visible()
    expect(console.page.locator("#d-locate-results")).not_to_contain_text("null")
    console.page.screenshot(path=str(SHOTS / "console-locate-1440x900.png"))
    choice.click()
    expect(console.page.locator("#d-move")).to_contain_text("Sidodadi, Kedaton")
    console.page.click("#d-move-save")
    expect(console.page.locator("#d-location")).to_contain_text("Sidodadi", timeout=5000)
    located = console.fetch_json(f"/api/incidents/{incident_id}/")
    assert located["lat"] is not None and located["place"]["village"] == "Sidodadi"


def test_screenshots_of_the_console_at_desk_and_phone_size(open_page: Any) -> None:
    """For a person to look at: the P1 nobody claimed, its place and words in view."""
    desk = open_page("dispatcher")
    desk.wait_live()
    desk.page.wait_for_selector(".queue-row")
    desk.page.screenshot(path=str(SHOTS / "console-1440x900.png"))
    phone = open_page("dispatcher", phone=True)
    phone.page.set_viewport_size({"width": 390, "height": 844})
    phone.wait_live()
    phone.page.wait_for_selector(".queue-row")
    phone.page.screenshot(path=str(SHOTS / "console-390x844.png"))
    unclaimed = desk.page.locator(".alert-p1").first
    expect(unclaimed).to_be_in_viewport()
    expect(unclaimed.locator(".alert-place, .alert-unlocated")).to_be_in_viewport()
    unclaimed.get_by_role("button").first.click()  # "Buka": the detail, caller first
    expect(desk.page.locator("#d-words")).not_to_be_empty()
    desk.page.screenshot(path=str(SHOTS / "console-detail-1440x900.png"))
    expect(desk.page.locator("#d-words")).to_be_in_viewport()


def test_the_preview_gives_the_engines_reasons_in_indonesian(open_page: Any) -> None:
    console = open_page("dispatcher")
    console.wait_live()
    console.page.click("#tab-intake")
    console.page.fill("#intake textarea[name=text]", "Kebakaran rumah, ada orang terjebak")
    reasons = console.page.locator("#preview-body .reasons").first
    expect(reasons).to_contain_text("kata kunci “kebakaran rumah” → Kebakaran", timeout=5000)
    expect(reasons).to_contain_text("ancaman nyawa: terjebak: “terjebak”")
    expect(reasons).to_contain_text("skor 100 → P1")
    for english in ("keyword", "topic", "life threat", "support", "score"):
        expect(reasons).not_to_contain_text(english)


def test_the_preview_places_a_pasted_location_and_says_so(open_page: Any) -> None:
    console = open_page("dispatcher")
    console.wait_live()
    console.page.click("#tab-intake")
    text = "Pohon tumbang timpa motor. Lokasi dari WA: -5.4294, 105.2610"
    console.page.fill("#intake textarea[name=text]", text)
    body = console.page.locator("#preview-body")
    expect(body).to_contain_text(
        "Koordinat yang diketik dalam laporan: -5.4294, 105.2610", timeout=5000
    )
    body.scroll_into_view_if_needed()
    body.screenshot(path=str(SHOTS / "console-preview-typed-location.png"))
    # The map shows where the words put it; a click takes that point for the report.
    ring = console.page.locator("path.preview-place")
    expect(ring).to_have_count(1)
    center_on(console.page, -5.4294, 105.2610, 16)
    console.page.screenshot(path=str(SHOTS / "console-preview-place-1440x900.png"))
    ring.click()
    expect(console.page.locator("#intake-point")).to_contain_text("-5.42940, 105.26100")
    expect(ring).to_have_count(0)
    expect(console.page.locator("#intake-clear")).to_be_visible()


def _matcher_reasons() -> list[str]:
    """Every part of every reason the duplicate matcher gives on the labelled pairs
    (tools.eval_duplicates), the numbers aside: the shapes the console must say."""
    from tools import eval_duplicates, eval_placement
    from tools.evaluate import TUNING_SPLITS

    landmarks = eval_placement.shipped_landmarks()
    parts: dict[str, str] = {}
    for split in TUNING_SPLITS:
        for outcome in eval_duplicates.run(landmarks, split):
            for reason in outcome.decision.reasons:
                for part in reason.split("; "):
                    parts.setdefault(re.sub(r"\d+(\.\d+)?", "N", part), part)
    return sorted(parts.values())


def test_every_reason_of_the_duplicate_matcher_is_said_in_indonesian(open_page: Any) -> None:
    parts = _matcher_reasons()
    assert len(parts) > 30
    console = open_page("dispatcher")
    console.wait_live()
    said = console.page.evaluate(
        """async (parts) => {
            const main = document.querySelector('script[type=module]').src;
            const { sameEventText } = await import(new URL('./judgement.js', main));
            const { S, labels } = await import(new URL('./state.js', main));
            return parts.map((part) => sameEventText(part, S, labels));
        }""",
        parts,
    )
    assert [part for part, text in zip(parts, said, strict=True) if text == part] == []


def test_a_caller_merged_without_a_place_is_flagged_and_can_be_split_off(
    open_page: Any, live_url: str
) -> None:
    # A kind no other test and no demo call opens: the only one open, so triage
    # merges the caller who says nothing of where (priority.same_event.lone_candidate).
    lat, lon = PLACES["lone"]
    text = "Kabel listrik PLN putus menjuntai ke jalan, masih ada percikan api, bahaya"
    incident_id = report(live_url, text=text, lat=lat, lon=lon)["incident"]["id"]
    nowhere = report(live_url, text="tolong pln, kabel listrik putus di jalan, percikan api")
    assert nowhere["incident"]["id"] == incident_id
    console = open_page("dispatcher")
    console.wait_live()
    console.page.click(f'.queue-row[data-id="{incident_id}"]')
    # Said at the top, with no scrolling: one caller never said where.
    chip = console.page.locator("#d-flags .chip", has_text="digabung tanpa lokasi")
    expect(chip).to_have_text("1 pelapor digabung tanpa lokasi: pastikan tempatnya")
    assert (chip.bounding_box() or {"y": 900})["y"] < 900
    unplaced = console.page.locator("#d-reports .report", has_text="tolong pln")
    expect(unplaced.locator(".report-unplaced")).to_contain_text("tidak menyebut tempat")
    console.page.screenshot(path=str(SHOTS / "console-unplaced-caller-1440x900.png"))
    unplaced.scroll_into_view_if_needed()
    console.page.screenshot(path=str(SHOTS / "console-unplaced-report-1440x900.png"))
    # Split off in two presses: a new incident of its own, selected.
    split = unplaced.locator("button.split")
    split.click()
    expect(split).to_have_text("Klik lagi: laporan ini jadi kejadian tersendiri")
    split.click()
    expect(console.page.locator("#d-title")).not_to_contain_text(f"#{incident_id}")
    expect(console.page.locator("#d-words")).to_have_text(
        "tolong pln, kabel listrik putus di jalan, percikan api"
    )
    expect(console.page.locator(f'.queue-row[data-id="{incident_id}"] .reports-n')).to_have_text(
        "1 laporan"
    )
