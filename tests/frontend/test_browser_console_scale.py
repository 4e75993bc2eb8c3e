"""The dispatcher console with thousands of incidents, and with no tile server."""

from __future__ import annotations

from typing import Any

import pytest

from tests.frontend.live import WatchedPage

pytestmark = pytest.mark.browser

# A snapshot of `count` made-up incidents in parts of 500, as the server sends a
# large one, handed to the page's LiveState as if it came over the socket. The
# position stays where it is, so the next heartbeat does not ask for a resume.
FAKE_SNAPSHOT = """(count) => {
  const live = window.dispatchConsole.live;
  const categories = ['fire', 'medical', 'crime', 'traffic_accident', 'other'];
  const statuses = ['new', 'claimed', 'en_route', 'on_scene', 'resolved'];
  const made = new Date(Date.now() - 600000).toISOString();
  const incidents = [];
  for (let i = 0; i < count; i += 1) {
    const id = 900000 + i;
    incidents.push({
      id, version: 1, category: categories[i % 5], priority: `P${2 + (i % 3)}`,
      status: statuses[i % 5],
      lat: -5.49 + (i % 100) * 0.0013,
      lon: 105.19 + Math.floor(i / 100) * 0.0013,
      created_at: made, claim_deadline: null, resolve_deadline: null, report_count: 1,
      lead_agency: null, agencies: [], region_code: '18.71',
    });
  }
  const drawn = [];
  const started = performance.now();
  for (let start = 0; start < count; start += 500) {
    const part = incidents.slice(start, start + 500);
    const more = start + 500 < count;
    if (start === 0) {
      live.handle({type: 'snapshot', incidents: part, last_event_id: live.position, more});
    } else {
      live.handle({type: 'snapshot_more', incidents: part, more});
    }
    drawn.push(window.dispatchConsole.ui.markers.size);
  }
  return {drawn, ms: performance.now() - started};
}"""

MOVE = """([id, lat, lon]) => {
  const live = window.dispatchConsole.live;
  const before = window.dispatchConsole.ui.markers.get(id).marker;
  const incident = {...live.incidents.get(id), version: 2, lat, lon};
  live.applyOne({event: 'incident.located', incident, at: new Date().toISOString()});
  const after = window.dispatchConsole.ui.markers.get(id).marker;
  return {same: before === after, at: [after.getLatLng().lat, after.getLatLng().lng]};
}"""


def test_it_draws_a_snapshot_in_parts_once_and_updates_markers_in_place(open_page: Any) -> None:
    console = open_page("dispatcher")
    console.wait_live()
    shown = console.page.evaluate("() => window.dispatchConsole.ui.markers.size")
    result = console.page.evaluate(FAKE_SNAPSHOT, 10_000)
    # The markers shown stay while parts are still coming; all are drawn after the last.
    assert result["drawn"][:-1] == [shown] * 19
    assert result["drawn"][-1] == 10_000
    assert result["ms"] < 2000, result["ms"]
    assert console.page.get_attribute("body", "data-incidents") == "10000"
    assert console.page.locator("#queue-count").inner_text() == "(10000)"
    assert 0 < console.page.locator(".queue-row").count() <= 300
    # A live event moves the incident's marker; the marker itself stays.
    moved = console.page.evaluate(MOVE, [900001, -5.4, 105.25])
    assert moved == {"same": True, "at": [-5.4, 105.25]}


# --- no tile server (the no_tiles_url stack of conftest.py) ------------------------


def test_the_console_goes_live_without_a_tile_server(browser: Any, no_tiles_url: str) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="id-ID")
    try:
        console = WatchedPage(context.new_page(), no_tiles_url)
        console.login("dispatcher")
        console.wait_live()
        console.page.wait_for_selector(".inc-disc, .marker-cluster")
        assert console.page.locator("#map-notice").is_visible()
        # The map zooms as far as a tile layer would have let it.
        zoom = console.page.evaluate("() => window.dispatchConsole.map.getMaxZoom()")
        assert zoom == 19
        assert console.problems == []
    finally:
        context.close()
