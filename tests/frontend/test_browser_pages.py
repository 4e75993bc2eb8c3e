"""The other pages in a browser: login, the report form, tracking, statistics."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.frontend.live import PLACES
from tests.frontend.test_browser_console import expect

pytestmark = pytest.mark.browser


def test_the_login_page_signs_staff_in(open_page: Any) -> None:
    visitor = open_page()
    visitor.goto("/statistik/")
    assert "/accounts/login/?next=/statistik/" in visitor.page.url
    visitor.screenshot("login")
    visitor.page.fill("#id_username", "dispatcher")
    visitor.page.fill("#id_password", "wrong password")
    visitor.page.click("form.card button[type=submit]")
    expect(visitor.page.locator(".error")).to_contain_text("salah")


def test_a_report_from_the_public_form_can_be_followed(open_page: Any) -> None:
    lat, lon = PLACES["form"]
    citizen = open_page(
        geolocation={"latitude": lat, "longitude": lon}, permissions=["geolocation"]
    )
    citizen.goto("/lapor/")
    citizen.page.click("#report button[type=submit]")
    expect(citizen.page.locator('[data-for="text"]')).to_be_visible()  # nothing sent yet
    citizen.page.fill("#r-text", "Lampu penerangan jalan mati sepanjang 200 meter, rawan begal")
    citizen.page.click("#r-locate")
    expect(citizen.page.locator("#r-point")).to_contain_text(f"{lat:.5f}")
    citizen.page.fill("#r-name", "Siti")
    citizen.page.fill("#r-phone", "0812-1111-2222")
    citizen.page.click("#report button[type=submit]")
    expect(citizen.page.locator('[data-for="consent"]')).to_be_visible()  # consent first
    citizen.screenshot("report-form", full_page=True)
    citizen.page.check("#r-consent")
    citizen.page.click("#report button[type=submit]")
    code = citizen.page.locator("#r-code")
    expect(code).to_have_text(re.compile(r"^[2-9A-Z]{10}$"))
    tracking_code = code.inner_text()
    citizen.screenshot("report-done")

    citizen.page.click("#r-track")
    expect(citizen.page).to_have_url(re.compile(f"/lacak/{tracking_code}/$"))
    steps = citizen.page.locator(".steps li")
    expect(steps.first).to_contain_text("Laporan diterima")
    expect(steps.nth(1)).to_contain_text("Menunggu instansi")
    citizen.screenshot("track")
    # The tracking form takes the code typed in any case.
    citizen.goto("/lacak/")
    citizen.page.fill("#t-code", tracking_code.lower())
    citizen.page.click(".track-form button")
    expect(citizen.page.locator("h2")).to_contain_text(tracking_code)


def test_the_statistics_pages_draw_and_print(open_page: Any) -> None:
    supervisor = open_page("supervisor")
    supervisor.goto("/statistik/")
    expect(supervisor.page.locator("#by-sector .bars rect").first).to_be_visible()
    expect(supervisor.page.locator(".columns rect").first).to_be_attached()
    # The map by kelurahan: the live map's Leaflet with a disc per kelurahan, counts only.
    expect(supervisor.page.locator("#stats-map path.leaflet-interactive").first).to_be_visible()
    expect(supervisor.page.locator(".map-image")).to_be_hidden()  # the printed picture
    supervisor.screenshot("stats", full_page=True)
    supervisor.page.click(".presets a >> nth=1")  # 7 days
    expect(supervisor.page).to_have_url(re.compile(r"from=\d{4}-\d\d-\d\d&to="))
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date().isoformat()
    supervisor.goto(f"/statistik/harian/?date={today}")
    expect(supervisor.page.locator("#daily-incidents tbody tr").first).to_be_visible()
    supervisor.screenshot("daily", full_page=True)
    supervisor.page.emulate_media(media="print")
    expect(supervisor.page.locator(".topbar")).to_be_hidden()
    supervisor.screenshot("daily-print", full_page=True)


def test_the_wrong_role_gets_a_clear_page(open_page: Any) -> None:
    agency = open_page("damkar")
    agency.goto("/statistik/")
    expect(agency.page.locator("h1")).to_have_text("Tidak diizinkan")
    agency.screenshot("forbidden")
    agency.forgive("403")
