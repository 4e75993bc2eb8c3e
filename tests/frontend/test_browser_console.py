"""The dispatcher console in a real browser, on a real server."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from tests.frontend.live import FIRE, PLACES, report

pytestmark = pytest.mark.browser

TRACKING_CODE = re.compile(r"[2-9A-Z]{10}")


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def center_on(page: Any, lat: float, lon: float, zoom: int = 16) -> None:
    page.evaluate(
        "([lat, lon, zoom]) => window.dispatchConsole.map"
        ".setView([lat, lon], zoom, {animate: false})",
        [lat, lon, zoom],
    )


def test_it_shows_a_reported_p1_within_two_seconds_and_alerts(
    open_page: Any, live_url: str
) -> None:
    console = open_page("dispatcher")
    console.wait_live()
    console.screenshot("console")
    # One click on the page: browsers allow sound only after a gesture.
    console.page.click("#sound")
    expect(console.page.locator("#sound")).to_have_attribute("aria-pressed", "true")
    lat, lon = PLACES["live"]
    started = time.monotonic()
    track = report(live_url, text=FIRE, lat=lat, lon=lon, address="Jl. Uji Langsung 1")
    incident_id = track["incident"]["id"]
    console.page.wait_for_selector(f'.inc-disc[data-id="{incident_id}"]', timeout=2000)
    assert time.monotonic() - started < 2.0
    assert track["incident"]["priority"] == "P1"

    banner = console.page.locator(f'.alert-p1[data-id="{incident_id}"]')
    expect(banner).to_have_count(1)
    # Older unclaimed P1s come first: the newest may sit behind "+N more".
    if console.page.locator("#alerts-more").is_visible():
        console.page.click("#alerts-more")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(f"#{incident_id}")
    marker = console.page.locator(f'.leaflet-marker-icon:has(.inc-disc[data-id="{incident_id}"])')
    expect(marker).to_have_class(re.compile(r"\bflash\b"))
    assert int(console.page.get_attribute("#alerts", "data-beeps") or 0) >= 1
    row = console.page.locator(f'.queue-row[data-id="{incident_id}"]')
    countdown = re.compile(r"^batas klaim \d+ mnt \d\d dtk lagi$")
    expect(row.locator(".countdown")).to_have_text(countdown)
    assert console.page.title().startswith("(")  # the tab shows the pending alert
    console.screenshot("console-p1-alert")

    # "Open" acknowledges: the banner stays (nobody claimed it) but calms down, the
    # marker stops flashing, the detail opens.
    banner.get_by_role("button").first.click()
    expect(banner).to_have_class(re.compile(r"\backed\b"))
    expect(marker).not_to_have_class(re.compile(r"\bflash\b"))
    expect(console.page.locator("#d-title")).to_contain_text(f"#{incident_id}")


def test_it_alerts_for_a_p1_already_waiting_when_it_opens(open_page: Any, live_url: str) -> None:
    lat, lon = PLACES["waiting"]
    incident_id = report(live_url, text=FIRE, lat=lat, lon=lon)["incident"]["id"]
    console = open_page("dispatcher")
    console.wait_live()
    banner = console.page.locator(f'.alert-p1[data-id="{incident_id}"]')
    expect(banner).to_have_count(1)  # hidden behind "+N more" at most, never dropped
    # Sound needs a gesture first: the page asks for one instead of staying silent.
    expect(console.page.locator("#sound")).to_have_class(re.compile(r"\battention\b"))


def test_it_opens_the_detail_assigns_and_cancels(open_page: Any, live_url: str) -> None:
    lat, lon = PLACES["detail"]
    text = "Pohon tumbang menutup jalan, tidak ada korban"
    track = report(
        live_url,
        text=text,
        lat=lat,
        lon=lon,
        address="Jl. Uji Rincian 2",
        reporter_name="Budi Santoso",
        reporter_phone="0812-3450-0001",
    )
    incident_id = track["incident"]["id"]
    console = open_page("dispatcher")
    console.wait_live()
    console.page.click(f'.queue-row[data-id="{incident_id}"]')
    expect(console.page.locator("#d-title")).to_contain_text(f"#{incident_id}")
    expect(console.page.locator(".report-text")).to_have_text(text)
    expect(console.page.locator(".report-address")).to_have_text("Jl. Uji Rincian 2")
    expect(console.page.locator(".report-head")).to_contain_text("Budi Santoso")
    expect(console.page.locator(".report-head")).to_contain_text("+6281234500001")
    expect(console.page.locator("#d-events li")).not_to_have_count(0)
    # No flag, no caller merged without a place: nothing is written there ("null").
    expect(console.page.locator("#d-flags")).to_have_text("")

    form = console.page.locator("#f-assign")
    form.locator("select[name=agency_id]").select_option(label="Dinas Sosial Kota Bandar Lampung")
    form.locator("select[name=role]").select_option("support")
    form.locator("button").click()
    expect(console.page.locator("#d-agencies")).to_contain_text("Dinas Sosial Kota Bandar Lampung")
    console.screenshot("console-detail")

    cancel = console.page.locator("#f-cancel")
    expect(cancel).to_be_hidden()  # behind "Merge or cancel…"
    console.page.click("#d-danger summary")
    # No reason is chosen for the operator: the form is refused until one is.
    expect(cancel.locator("select[name=reason]")).to_have_value("")
    cancel.locator("button").click()
    expect(cancel.locator("button")).not_to_contain_text(f"#{incident_id}")
    cancel.locator("select[name=reason]").select_option("invalid")
    cancel.locator("input[name=note]").fill("bukan kejadian")
    cancel.locator("button").click()  # arms it
    expect(cancel.locator("button")).to_contain_text(f"#{incident_id}")
    cancel.locator("button").click()  # confirms
    expect(console.page.locator(f'.queue-row[data-id="{incident_id}"]')).to_have_count(0)
    detail = console.fetch_json(f"/api/incidents/{incident_id}/")
    assert detail["status"] == "cancelled" and detail["cancel_reason"] == "invalid"
    assert any(a["name"] == "Dinas Sosial Kota Bandar Lampung" for a in detail["agencies"])


def grab_pin(console: Any, incident_id: int, lat: float, lon: float) -> tuple[float, float]:
    """Centres the map on the selected incident and presses the mouse on its pin."""
    center_on(console.page, lat, lon, 16)
    marker = console.page.locator(f'.leaflet-marker-icon:has(.inc-disc[data-id="{incident_id}"])')
    expect(marker).to_have_class(re.compile(r"\bselected\b"))
    # The map redraws its markers as it settles on the new centre: a marker
    # drawn anew has no box for a moment (CI met it once).
    box = marker.bounding_box()
    for _ in range(50):
        if box is not None:
            break
        console.page.wait_for_timeout(100)
        box = marker.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    console.page.mouse.move(x, y)
    console.page.mouse.down()
    return x, y


def test_it_moves_the_pin_by_dragging(open_page: Any, live_url: str) -> None:
    lat, lon = PLACES["drag"]
    track = report(live_url, text="Ibu hamil pendarahan butuh ambulans", lat=lat, lon=lon)
    incident_id = track["incident"]["id"]
    console = open_page("dispatcher")
    console.wait_live()
    console.page.click(f'.queue-row[data-id="{incident_id}"]')
    expect(console.page.locator("#d-pin-hint")).not_to_be_empty()
    x, y = grab_pin(console, incident_id, lat, lon)
    mouse = console.page.mouse
    mouse.move(x + 60, y + 60, steps=12)
    mouse.up()
    expect(console.page.locator("#d-move")).to_be_visible()
    console.page.click("#d-move-save")
    expect(console.page.locator("#d-move")).to_be_hidden()
    expect(console.page.locator("#d-events")).to_contain_text("Lokasi dipindah")
    moved = console.fetch_json(f"/api/incidents/{incident_id}/")
    assert moved["lat"] < lat - 0.001 and moved["lon"] > lon + 0.001  # south-east, ~60 px


def test_it_keeps_a_drag_when_the_incident_changes_meanwhile(open_page: Any, live_url: str) -> None:
    # A second call about the incident comes while the dispatcher drags its pin:
    # the live update must not drop the pin from under the pointer.
    lat, lon = PLACES["drag_update"]
    text = "Kebakaran gudang, asap hitam tebal"
    track = report(live_url, text=text, lat=lat, lon=lon)
    incident_id = track["incident"]["id"]
    console = open_page("dispatcher")
    console.wait_live()
    console.page.click(f'.queue-row[data-id="{incident_id}"]')
    x, y = grab_pin(console, incident_id, lat, lon)
    mouse = console.page.mouse
    mouse.move(x + 30, y + 30, steps=6)
    again = report(live_url, text=text, lat=lat, lon=lon)
    assert again["incident"]["id"] == incident_id
    expect(console.page.locator("#d-count")).to_have_text("2")  # the call reached the console
    mouse.move(x + 60, y + 60, steps=6)
    mouse.up()
    expect(console.page.locator("#d-move")).to_be_visible()


def test_it_merges_a_duplicate_chosen_from_the_nearby_list(open_page: Any, live_url: str) -> None:
    lat, lon = PLACES["merge"]
    # Callers described one event differently: triage could not tell it is one.
    kept = report(live_url, text="Pencurian motor di depan warung", lat=lat, lon=lon)
    other = report(live_url, text="Jalan berlubang besar", lat=lat + 0.0004, lon=lon)
    kept_id, other_id = kept["incident"]["id"], other["incident"]["id"]
    assert kept_id != other_id
    console = open_page("dispatcher")
    console.wait_live()
    console.page.click(f'.queue-row[data-id="{kept_id}"]')
    console.page.click("#d-danger summary")
    chip = console.page.locator("#merge-nearby .chip-btn", has_text=f"#{other_id} ")
    chip.click()
    expect(console.page.locator("#f-merge input[name=other_id]")).to_have_value(str(other_id))
    merge = console.page.locator("#f-merge button[type=submit]")
    merge.click()  # arms it: the button names both incidents
    expect(merge).to_contain_text(f"#{other_id}")
    expect(console.page.locator(f'.queue-row[data-id="{other_id}"]')).to_have_count(1)
    merge.click()
    expect(console.page.locator(f'.queue-row[data-id="{other_id}"]')).to_have_count(0)
    expect(console.page.locator("#d-count")).to_have_text("2")
    expect(console.page.locator("#d-events")).to_contain_text("Digabung")
    assert console.fetch_json(f"/api/incidents/{other_id}/")["merged_into"] == kept_id


def test_it_warns_of_another_incident_that_may_be_the_same_event(
    open_page: Any, live_url: str
) -> None:
    lat, lon = PLACES["possible"]
    # Two fires a kilometre apart: triage keeps them apart.
    first = report(live_url, text="Kebakaran rumah makan, api besar", lat=lat, lon=lon)
    second = report(live_url, text="rumah makan terbakar, asap hitam", lat=lat, lon=lon + 0.009)
    first_id, second_id = first["incident"]["id"], second["incident"]["id"]
    assert first_id != second_id
    console = open_page("dispatcher")
    console.wait_live()
    # The first caller's GPS was off: the desk moves its pin next to the second fire.
    moved = console.page.evaluate(
        """async ([id, lat, lon]) => {
          const token = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
          const response = await fetch(`/api/incidents/${id}/locate/`, {
            method: "POST",
            headers: {"Content-Type": "application/json", "X-CSRFToken": token.split("=")[1]},
            body: JSON.stringify({lat, lon}),
          });
          return response.status;
        }""",
        [first_id, lat, lon + 0.0089],
    )
    assert moved == 200
    console.page.click(f'.queue-row[data-id="{second_id}"]')
    panel = console.page.locator("#d-dups")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("Mungkin kejadian yang sama dengan")
    item = panel.locator("li", has_text=f"#{first_id} ")
    expect(item).to_contain_text("kemungkinan kejadian yang sama")
    console.screenshot("console-possible-duplicate")
    item.get_by_role("button", name="Gabungkan…").click()
    expect(console.page.locator("#f-merge input[name=other_id]")).to_have_value(str(first_id))
    expect(console.page.locator("#d-danger")).to_have_attribute("open", "")
    # The first incident's own detail names the second.
    console.page.click(f'.queue-row[data-id="{first_id}"]')
    expect(panel.locator("li", has_text=f"#{second_id} ")).to_have_count(1)


def test_it_previews_a_phone_report_and_saves_it(open_page: Any, live_url: str) -> None:
    lat, lon = PLACES["intake"]
    existing = report(live_url, text=FIRE, lat=lat, lon=lon)["incident"]["id"]
    console = open_page("dispatcher")
    console.wait_live()
    console.page.click("#tab-intake")
    intake = console.page.locator("#intake")
    intake.locator("input[name=reporter_phone]").fill("0812 3456 7001")
    intake.locator("textarea[name=text]").fill("Kebakaran rumah, api besar, tolong cepat")
    center_on(console.page, lat, lon, 16)
    box = console.page.locator("#map").bounding_box()
    assert box is not None
    # 40 px east of the incident: about 100 m, and not on its marker.
    console.page.mouse.click(box["x"] + box["width"] / 2 + 40, box["y"] + box["height"] / 2)
    point = console.page.locator("#intake-point")
    expect(point).to_contain_text("Lokasi ditetapkan")
    shown_lat, shown_lon = (float(v) for v in re.findall(r"-?\d+\.\d+", point.inner_text()))
    assert abs(shown_lat - lat) < 0.0005 and 0.0002 < shown_lon - lon < 0.001
    duplicate = console.page.locator("#preview-dups .dup.likely")
    expect(duplicate).to_contain_text(f"#{existing}", timeout=5000)
    # Why, in the operator's language, part by part.
    expect(duplicate).to_contain_text("jenis sama:")
    expect(duplicate).to_contain_text("berjarak")
    expect(duplicate).not_to_contain_text("same kind")
    expect(duplicate).not_to_contain_text("apart")
    expect(console.page.locator("#preview-body")).to_contain_text("Kebakaran")
    expect(console.page.locator("#preview-body .badge")).to_have_text("P1")
    console.screenshot("console-intake")

    intake.locator("button[type=submit]").click()
    done = console.page.locator("#intake-done")
    expect(done).to_be_visible()
    code = TRACKING_CODE.search(done.locator("code").inner_text())
    assert code
    expect(intake.locator("textarea[name=text]")).to_have_value("")
    # Saved as a phone report by the signed-in dispatcher, attached to the same fire.
    tracked = console.fetch_json(f"/api/track/{code.group(0)}/")
    assert tracked["incident"]["id"] == existing
    detail = console.fetch_json(f"/api/incidents/{existing}/")
    assert detail["report_count"] == 2
    assert detail["reports"][-1]["channel"] == "phone"
    assert detail["reports"][-1]["reporter_phone"] == "+6281234567001"
    # The incident's log says why the call was attached, in Indonesian too.
    console.page.click("#tab-detail")
    console.page.click(f'.queue-row[data-id="{existing}"]')
    expect(console.page.locator("#d-events")).to_contain_text("jenis sama:", timeout=5000)


ALL_ROWS_MATCH = """(needle) => {
  const rows = [...document.querySelectorAll('.queue-row')];
  return rows.length > 0 && rows.every((row) => row.textContent.includes(needle));
}"""


def test_it_filters_the_queue_and_the_map(open_page: Any) -> None:
    console = open_page("dispatcher")
    console.wait_live()
    everything = console.page.locator(".queue-row").count()
    console.page.locator("#filters select[name=priority]").select_option("P1")
    console.page.wait_for_function(ALL_ROWS_MATCH, arg="P1")
    console.page.locator("#filters select[name=priority]").select_option("")
    console.page.locator("#filters select[name=category]").select_option("infrastructure")
    console.page.wait_for_function(ALL_ROWS_MATCH, arg="Infrastruktur")
    shown = console.page.locator(".queue-row").count()
    assert 0 < shown < everything
    # The map follows the filters: only markers of the shown incidents remain.
    ids = console.page.evaluate("() => [...window.dispatchConsole.ui.markers.keys()]")
    categories = console.page.evaluate(
        "(ids) => ids.map((id) => window.dispatchConsole.live.incidents.get(id).category)", ids
    )
    assert set(categories) == {"infrastructure"}


def test_it_shows_the_connection_state(open_page: Any) -> None:
    console = open_page("dispatcher")
    console.wait_live()
    expect(console.page.locator("#conn")).to_have_text("Langsung")
    console.page.evaluate("window.dispatchConsole.live.socket.close()")
    expect(console.page.locator("#conn")).to_have_attribute(
        "data-status", re.compile("reconnecting|resyncing")
    )
    console.wait_live()
    expect(console.page.locator("#conn")).to_have_text("Langsung")


def test_it_works_without_map_tiles(open_page: Any, live_url: str) -> None:
    console = open_page("dispatcher", tiles=False)
    console.wait_live()
    expect(console.page.locator("#map-notice")).to_contain_text("Peta daring tidak dapat dimuat")
    expect(console.page.locator(".inc-disc").first).to_be_visible()
    lat, lon = PLACES["offline"]
    track = report(live_url, text="Pohon tumbang di jalan", lat=lat + 0.02, lon=lon)
    row = console.page.locator(f'.queue-row[data-id="{track["incident"]["id"]}"]')
    expect(row).to_be_visible()
    console.screenshot("console-no-tiles")
    console.forgive("ERR_INTERNET_DISCONNECTED")
