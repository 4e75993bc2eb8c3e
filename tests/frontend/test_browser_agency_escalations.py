"""The agency board's escalation alerts (issue 19, "Alerts to people"): a P1 routed
to Damkar raises an alert whose chain climbs while nobody acts; the board lists it
with the step reached, and "Terima" stops it, logged as acknowledged on the board."""

from __future__ import annotations

from typing import Any

import pytest

from tests.frontend.live import FIRE, PLACES, report
from tests.frontend.test_browser_console import expect

pytestmark = pytest.mark.browser


def test_it_lists_an_open_alert_and_acknowledges_it(open_page: Any, live_url: str) -> None:
    lat, lon = PLACES["escalation"]
    incident = report(live_url, text=FIRE, lat=lat, lon=lon, address="Jl. Cendana No. 9")
    incident_id = incident["incident"]["id"]
    assert incident["incident"]["priority"] == "P1"
    board = open_page("damkar", phone=True)
    board.wait_live()
    row = board.page.locator(".escalation").filter(has_text=f"#{incident_id} ")
    expect(row).to_be_visible()
    expect(row).to_contain_text("P1 dialihkan ke kami")
    expect(row).to_contain_text("petugas piket")
    row.get_by_role("button", name="Terima").click()
    expect(row).to_have_count(0)
    alerts = board.fetch_json("/api/alerts/")
    assert all(a["incident_id"] != incident_id for a in alerts)
    detail = board.fetch_json(f"/api/incidents/{incident_id}/")
    acknowledged = [e for e in detail["events"] if e["event"] == "alert.acknowledged"]
    assert acknowledged and acknowledged[-1]["data"]["alert"]["state"] == "acknowledged"
