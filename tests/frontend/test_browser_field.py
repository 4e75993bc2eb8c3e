"""The field app (/lapangan/) on a phone-sized Chromium: the crew's status steps, an
offline queue replayed once and in order, positions on duty, conflicts, and the
page opened from the service worker's cache in a dead zone."""

from __future__ import annotations

import json
import sqlite3
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from tests.frontend.live import DEMO_PASSWORD, FIRE, report
from tests.frontend.test_browser_console import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
# Incidents of these tests: in Kota Bandar Lampung, apart from live.PLACES and
# from each other, so triage never merges them.
FIELD_PLACES = {
    "page": (-5.3550, 105.2350),
    "queue": (-5.3550, 105.2650),
    "conflict": (-5.3850, 105.3050),
}
# The browser answers when the network is cut or a request refused on purpose.
FORGIVEN = ("ERR_INTERNET_DISCONNECTED", "WebSocket", "409", "ERR_CONNECTION_RESET", "ERR_FAILED")


class Desk:
    """A dispatcher's API session (token), to set the scene the crew works in."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.token = self.call(
            "POST", "/api/auth/token/", {"username": "dispatcher", "password": DEMO_PASSWORD}
        )[1]["token"]

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        headers = {"Accept": "application/json", "Content-Type": "application/json"}
        if getattr(self, "token", None):
            headers["Authorization"] = f"Token {self.token}"
        data = None if body is None else json.dumps(body).encode()
        url = self.base + path
        request = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 (loopback)
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def unit(self, call_sign: str) -> dict[str, Any]:
        code, units = self.call("GET", "/api/units/")
        assert code == 200
        return next(u for u in units if u["call_sign"] == call_sign)

    def send(self, call_sign: str, place: str) -> tuple[dict[str, Any], int]:
        """A fire at the place, and the unit sent to it (made available first)."""
        unit = self.unit(call_sign)
        if unit["status"] != "available":
            assert (
                self.call("POST", f"/api/units/{unit['id']}/status/", {"status": "available"})[0]
                == 200
            )
        lat, lon = FIELD_PLACES[place]
        incident_id = report(self.base, text=FIRE, lat=lat, lon=lon, address="Jl. Teratai No. 5")[
            "incident"
        ]["id"]
        body = {"unit_id": unit["id"], "reason": "browser test"}
        code, answer = self.call("POST", f"/api/incidents/{incident_id}/units/", body)
        assert code == 201, answer
        return answer["unit"], incident_id


@pytest.fixture(scope="module")
def desk(live_url: str) -> Desk:
    return Desk(live_url)


@pytest.fixture(scope="module")
def live_db(live_url: str, tmp_path_factory: Any) -> Iterator[Any]:
    """Read-only queries on the live stack's SQLite file (the rows the API does not list)."""
    found = sorted(Path(tmp_path_factory.getbasetemp()).glob("frontend-stack*/browser.sqlite3"))
    assert found, "the live stack's database was not found"

    def query(sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with closing(sqlite3.connect(f"file:{found[0]}?mode=ro", uri=True)) as db:
            return db.execute(sql, params).fetchall()

    yield query


def eventually(page: Any, read: Callable[[], Any], done: Callable[[Any], bool]) -> Any:
    """Read until `done` holds (what the page sends in the background has arrived).

    Waits through the page: the sync Playwright API runs the route handlers of
    open_page (every request of the page passes one) only while a call of it waits.
    """
    deadline = time.monotonic() + 10
    while True:
        value = read()
        if done(value) or time.monotonic() > deadline:
            return value
        page.wait_for_timeout(200)


def transitions(live_db: Any, unit_id: int) -> list[str]:
    rows = live_db(
        "SELECT to_status FROM units_unitstatuschange WHERE unit_id = ? ORDER BY at, id", unit_id
    )
    return [row[0] for row in rows]


def crew_page(open_page: Any, unit_id: int, **options: Any) -> Any:
    """The damkar crew's phone on /lapangan/ with the unit picked."""
    crew = open_page("damkar", phone=True, **options)
    crew.page.set_viewport_size(PHONE)
    crew.goto("/lapangan/")
    crew.page.select_option("#unit-pick", str(unit_id))
    return crew


def step(crew: Any, name: str) -> Any:
    return crew.page.locator(f'[data-step="{name}"]')


def expect_steps(crew: Any, enabled: set[str]) -> None:
    for name in ["en_route", "on_scene", "transporting", "returning", "available"]:
        if name in enabled:
            expect(step(crew, name)).to_be_enabled()
        else:
            expect(step(crew, name)).to_be_disabled()


def outbox(crew: Any) -> list[dict[str, Any]]:
    """The entries waiting in the page's IndexedDB outbox."""
    return crew.page.evaluate(
        """() => new Promise((resolve, reject) => {
            const open = indexedDB.open("lapangan", 1);
            open.onsuccess = () => {
              const all = open.result.transaction("outbox").objectStore("outbox").getAll();
              all.onsuccess = () => resolve(all.result);
              all.onerror = () => reject(all.error);
            };
            open.onerror = () => reject(open.error);
        })"""
    )


def test_it_shows_the_unit_its_incident_and_only_the_valid_steps(
    open_page: Any, desk: Desk
) -> None:
    unit, incident_id = desk.send("DAMKAR-01", "page")
    crew = crew_page(open_page, unit["id"])
    expect(crew.page.locator("#unit-status")).to_have_attribute("data-status", "assigned")
    expect(crew.page.locator("#unit-status")).to_have_text("Ditugaskan")
    expect(crew.page.locator("#unit-name")).to_contain_text("DAMKAR-01")
    expect_steps(crew, {"en_route", "available"})
    expect(step(crew, "en_route")).to_have_text("Berangkat")
    expect(step(crew, "on_scene")).to_have_text("Tiba")
    expect(step(crew, "transporting")).to_have_text("Membawa pasien")

    incident = crew.page.locator("#incident")
    expect(incident).to_have_attribute("data-id", str(incident_id))
    expect(crew.page.locator("#incident-category")).to_contain_text("Kebakaran")
    expect(crew.page.locator("#incident-words")).to_contain_text("Kebakaran rumah, api besar")
    expect(crew.page.locator("#incident-address")).to_have_text("Jl. Teratai No. 5")
    expect(crew.page.locator("#incident-place")).to_have_text(
        "Rajabasa Raya, Rajabasa, Kota Bandar Lampung"
    )
    href = crew.page.locator("#incident-map").get_attribute("href")
    assert href == "geo:-5.355,105.235?q=-5.355,105.235"

    # A phone in the hand: nothing wider than the screen, buttons a thumb can hit.
    assert crew.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = step(crew, "en_route").bounding_box()
    assert box["height"] >= 56 and box["width"] >= 150
    crew.screenshot("field-assigned")

    step(crew, "en_route").click()
    expect(crew.page.locator("#unit-status")).to_have_attribute("data-status", "en_route")
    expect_steps(crew, {"on_scene", "available"})
    expect(crew.page.locator("#queue-bar")).to_be_hidden(timeout=5000)
    assert desk.unit("DAMKAR-01")["status"] == "en_route"
    # The choice of unit stays on the phone.
    crew.page.reload()
    expect(crew.page.locator("#unit-pick")).to_have_value(str(unit["id"]))
    expect(crew.page.locator("#unit-status")).to_have_attribute("data-status", "en_route")


def test_it_queues_steps_offline_and_applies_them_once_in_order(
    open_page: Any, desk: Desk, live_db: Any
) -> None:
    unit, _ = desk.send("DAMKAR-02", "queue")
    crew = crew_page(open_page, unit["id"])
    expect(crew.page.locator("#unit-status")).to_have_attribute("data-status", "assigned")
    before = transitions(live_db, unit["id"])

    context = crew.page.context
    context.set_offline(True)
    step(crew, "en_route").click()
    expect(step(crew, "on_scene")).to_be_enabled()  # the waiting step counts on the phone
    step(crew, "on_scene").click()
    bar = crew.page.locator("#queue-bar")
    expect(bar).to_have_attribute("data-count", "2")
    expect(bar).to_have_text("Offline — 2 tindakan menunggu")
    expect(crew.page.locator("#unit-status")).to_have_attribute("data-status", "on_scene")
    expect(crew.page.locator("#unit-pending")).to_have_text("(belum terkirim)")
    crew.screenshot("field-offline-queue")
    waiting = outbox(crew)
    assert [e["body"] for e in waiting] == [{"status": "en_route"}, {"status": "on_scene"}]
    assert len({e["key"] for e in waiting}) == 2
    assert desk.unit("DAMKAR-02")["status"] == "assigned"

    # The signal returns, but the answer to the first step is lost on the way back:
    # the server applied it, the phone does not know and sends it again.
    lost: list[str] = []

    def lose_first_answer(route: Any) -> None:
        if lost:
            route.fallback()
            return
        route.fetch()
        lost.append(route.request.headers["idempotency-key"])
        route.abort("connectionreset")

    context.route("**/api/units/*/status/", lose_first_answer)
    context.set_offline(False)
    expect(bar).to_be_hidden(timeout=15000)
    assert lost == [waiting[0]["key"]]
    assert transitions(live_db, unit["id"]) == [*before, "en_route", "on_scene"]
    assert desk.unit("DAMKAR-02")["status"] == "on_scene"
    assert outbox(crew) == []
    expect(crew.page.locator("#unit-status")).to_have_attribute("data-status", "on_scene")
    expect(crew.page.locator("#unit-pending")).to_have_text("")

    # Sending the stored requests once more (a second phone restoring a backup, a
    # reload racing the answer) changes nothing: the server answers from its record.
    replies = crew.page.evaluate(
        """async (entries) => {
            const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
            const out = [];
            for (const e of entries) {
              const r = await fetch(e.url, {method: "POST", body: JSON.stringify(e.body),
                headers: {"Content-Type": "application/json", "X-CSRFToken": token,
                          "Idempotency-Key": e.key}});
              out.push([r.status, r.headers.get("Idempotent-Replayed")]);
            }
            return out;
        }""",
        waiting,
    )
    assert replies == [[200, "true"], [200, "true"]]
    assert transitions(live_db, unit["id"]) == [*before, "en_route", "on_scene"]
    crew.forgive(*FORGIVEN)


def test_it_shows_a_conflict_and_drops_the_step(open_page: Any, desk: Desk, live_db: Any) -> None:
    unit, _ = desk.send("DAMKAR-03", "conflict")
    crew = crew_page(open_page, unit["id"])
    expect(crew.page.locator("#unit-status")).to_have_attribute("data-status", "assigned")
    crew.page.context.set_offline(True)
    step(crew, "en_route").click()
    expect(crew.page.locator("#queue-bar")).to_have_attribute("data-count", "1")
    # Meanwhile the desk stands the unit down: "Berangkat" is no longer a valid step.
    assert desk.call("POST", f"/api/units/{unit['id']}/status/", {"status": "available"})[0] == 200

    crew.page.context.set_offline(False)
    conflict = crew.page.locator('.notice[data-kind="conflict"]')
    expect(conflict).to_be_visible(timeout=10000)
    expect(conflict).to_contain_text("Tidak diterapkan: Berangkat")
    expect(crew.page.locator("#queue-bar")).to_be_hidden()
    assert outbox(crew) == []
    expect(crew.page.locator("#unit-status")).to_have_attribute("data-status", "available")
    assert transitions(live_db, unit["id"])[-2:] == ["assigned", "available"]
    crew.screenshot("field-conflict")
    conflict.get_by_role("button").click()
    expect(conflict).to_have_count(0)
    crew.forgive(*FORGIVEN)


def test_it_shares_the_position_while_on_duty(open_page: Any, desk: Desk, live_db: Any) -> None:
    unit = desk.unit("DAMKAR-T1")
    crew = crew_page(
        open_page,
        unit["id"],
        permissions=["geolocation"],
        geolocation={"latitude": -5.3871, "longitude": 105.2779, "accuracy": 12},
    )
    before = live_db("SELECT count(*) FROM units_unitposition WHERE unit_id = ?", unit["id"])[0][0]
    crew.page.click("#duty")
    expect(crew.page.locator("#duty")).to_be_checked()
    expect(crew.page.locator("#duty-state")).to_contain_text("Bertugas")
    expect(crew.page.locator("#duty-state")).to_contain_text("-5.38710")
    # The first fix goes at once (the next batch would wait UNIT_POSITION_INTERVAL_S).
    eventually(crew.page, lambda: desk.unit("DAMKAR-T1"), lambda seen: seen["lat"] == -5.3871)
    rows = live_db(
        "SELECT lat, lon, accuracy_m FROM units_unitposition WHERE unit_id = ? ORDER BY id",
        unit["id"],
    )
    assert len(rows) == before + 1
    assert rows[-1] == (-5.3871, 105.2779, 12.0)
    seen = desk.unit("DAMKAR-T1")
    assert (seen["lat"], seen["lon"]) == (-5.3871, 105.2779)

    # On duty is remembered on the device: after a reload the phone goes on sharing.
    crew.page.context.set_geolocation({"latitude": -5.3900, "longitude": 105.2700, "accuracy": 8})
    crew.page.reload()
    expect(crew.page.locator("#duty")).to_be_checked()
    expect(crew.page.locator("#duty-state")).to_contain_text("-5.39000")
    moved = eventually(crew.page, lambda: desk.unit("DAMKAR-T1"), lambda u: u["lat"] == -5.39)
    assert (moved["lat"], moved["lon"]) == (-5.39, 105.27)
    crew.page.click("#duty")
    expect(crew.page.locator("#duty")).not_to_be_checked()


def test_it_opens_from_the_service_worker_cache_offline(open_page: Any, desk: Desk) -> None:
    unit = desk.unit("DAMKAR-01")
    crew = crew_page(open_page, unit["id"])
    crew.page.evaluate("navigator.serviceWorker.ready")
    crew.page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=10000)
    crew.page.context.set_offline(True)
    response = crew.page.reload()
    assert response.from_service_worker
    assert response.headers.get("x-served-from") == "lapangan-cache"
    expect(crew.page.locator("#unit-pick")).to_have_value(str(unit["id"]))
    expect(crew.page.locator("#unit-name")).to_contain_text("DAMKAR-01")
    expect(crew.page.locator("#queue-bar")).to_have_attribute("data-state", "offline")
    expect(step(crew, "available")).to_be_visible()
    crew.screenshot("field-offline-from-cache")
    crew.page.context.set_offline(False)
    crew.forgive(*FORGIVEN)


def test_it_drops_a_refused_batch_and_says_so(open_page: Any, desk: Desk, live_db: Any) -> None:
    """A broken GPS (a fix in Paris) is refused by the server: shown once, not retried."""
    unit = desk.unit("DAMKAR-T1")
    crew = crew_page(
        open_page,
        unit["id"],
        permissions=["geolocation"],
        geolocation={"latitude": 48.8566, "longitude": 2.3522, "accuracy": 5},
    )
    crew.page.click("#duty")
    refused = crew.page.locator('.notice[data-kind="refused"]')
    expect(refused).to_be_visible(timeout=10000)
    expect(refused).to_contain_text("Ditolak: posisi. ")
    expect(refused).to_contain_text("di luar Indonesia")
    expect(crew.page.locator("#queue-bar")).to_be_hidden()
    assert outbox(crew) == []
    assert live_db("SELECT count(*) FROM units_unitposition WHERE lat > 40")[0][0] == 0
    crew.page.click("#duty")
    crew.forgive("400")


def test_it_keeps_positions_taken_offline_and_sends_them_later(
    open_page: Any, desk: Desk, live_db: Any
) -> None:
    unit = desk.unit("DAMKAR-R1")
    crew = crew_page(
        open_page,
        unit["id"],
        permissions=["geolocation"],
        geolocation={"latitude": -5.4012, "longitude": 105.2561, "accuracy": 20},
    )
    expect(crew.page.locator("#unit-status")).to_have_attribute("data-status", unit["status"])
    crew.page.context.set_offline(True)
    crew.page.click("#duty")
    bar = crew.page.locator("#queue-bar")
    expect(bar).to_have_attribute("data-positions", "1")
    expect(bar).to_have_text("Offline · 1 kiriman posisi menunggu")
    assert desk.unit("DAMKAR-R1")["position_at"] == unit["position_at"]

    crew.page.context.set_offline(False)
    expect(bar).to_be_hidden(timeout=10000)
    # Accepted, then written within a second with every unit's (position_writes).
    rows = eventually(
        crew.page,
        lambda: live_db("SELECT lat, lon FROM units_unitposition WHERE unit_id = ?", unit["id"]),
        bool,
    )
    assert rows[-1] == (-5.4012, 105.2561)
    crew.page.click("#duty")
    crew.forgive(*FORGIVEN)
