"""Landmarks on the console's map: a dispatcher adds one with a right-click, and
the next report naming it is placed there."""

from __future__ import annotations

from typing import Any

import pytest

from tests.frontend.live import report
from tests.frontend.test_browser_console import center_on, expect

pytestmark = pytest.mark.browser

POINT = (-5.3960, 105.2310)


def test_it_adds_a_landmark_from_the_map(open_page: Any, live_url: str) -> None:
    console = open_page("dispatcher")
    console.wait_live()
    center_on(console.page, *POINT)
    console.page.click("#map", button="right")
    editor = console.page.locator("#place-editor")
    expect(editor).to_be_visible()
    editor.locator("input[name=name]").fill("Warung Pecel Bu Tini")
    editor.locator("select[name=kind]").select_option("other")
    editor.locator("button[type=submit]").click()
    expect(editor).to_be_hidden()
    created = report(live_url, text="Kebakaran di dekat Warung Pecel Bu Tini, api besar")
    incident = console.fetch_json(f"/api/incidents/{created['incident']['id']}/")
    assert incident["location_state"] == "known"
    assert incident["location_detail"]["level"] == "landmark"
    assert abs(incident["lat"] - POINT[0]) < 0.001
    console.screenshot("console-landmark-added")
