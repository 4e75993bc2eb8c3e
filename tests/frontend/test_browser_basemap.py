"""The offline base map in a real browser: with no tile server the maps still show
land and sea, borders and names (frontend/basemap.py, static/frontend/basemap.js).

The screenshots (tests/frontend/artifacts/basemap-*.png) are compared, pixel by
pixel, with a render of the same view with the base map hidden: the blank map the
pages showed before, one grey with markers on it.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.frontend.live import ARTIFACTS, WatchedPage

pytestmark = pytest.mark.browser

# Colours of static/frontend/basemap.js and app.css (canvas fills are exact).
SEA = (168, 200, 223)
LAND = (243, 240, 232)

OFFLINE_PANES = ".leaflet-offlineLand-pane, .leaflet-offlineLines-pane, .leaflet-offlineLabels-pane"

# Decodes two PNGs (base64) in the page and compares them: the share of pixels of
# each colour asked for in the first, of its most common colour, and the share of
# pixels that differ between the two.
COMPARE = """async ([first, second, colours]) => {
  const pixels = async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext("2d");
    context.drawImage(bitmap, 0, 0);
    return context.getImageData(0, 0, bitmap.width, bitmap.height).data;
  };
  const a = await pixels(first);
  const b = second ? await pixels(second) : null;
  const total = a.length / 4;
  const near = (i, [r, g, bl]) =>
    Math.abs(a[i] - r) <= 3 && Math.abs(a[i + 1] - g) <= 3 && Math.abs(a[i + 2] - bl) <= 3;
  const shares = colours.map(() => 0);
  const counts = new Map();
  let differ = 0;
  for (let i = 0; i < a.length; i += 4) {
    const key = (a[i] << 16) | (a[i + 1] << 8) | a[i + 2];
    counts.set(key, (counts.get(key) || 0) + 1);
    colours.forEach((colour, k) => { if (near(i, colour)) shares[k] += 1; });
    if (b && (Math.abs(a[i] - b[i]) > 12 || Math.abs(a[i + 1] - b[i + 1]) > 12 ||
              Math.abs(a[i + 2] - b[i + 2]) > 12)) differ += 1;
  }
  const top = Math.max(...counts.values());
  return { shares: shares.map((n) => n / total), differ: differ / total, top: top / total };
}"""

SET_VIEW = (
    "([lat, lon, zoom]) => window.dispatchConsole.map.setView([lat, lon], zoom, {animate: false})"
)

HIDE_BASE = f"""(hide) => {{
  for (const pane of document.querySelectorAll("{OFFLINE_PANES}")) {{
    pane.style.visibility = hide ? "hidden" : "";
  }}
  document.getElementById("map").classList.toggle("offline-base", !hide);
}}"""

# What is on top at the centre of each incident marker in the map's box (not under
# the notice): the marker, never a canvas of the base map. (Names take no pointer
# events, so a click on a marker under a name still reaches the marker.)
MARKERS_ON_TOP = """() => {
  const map = document.getElementById("map").getBoundingClientRect();
  const notice = document.getElementById("map-notice").getBoundingClientRect();
  const inside = (x, y, r) => x > r.left && x < r.right && y > r.top && y < r.bottom;
  const out = [];
  for (const disc of document.querySelectorAll(".inc-disc")) {
    const box = disc.getBoundingClientRect();
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    if (!inside(x, y, map) || inside(x, y, notice)) continue;
    const top = document.elementFromPoint(x, y);
    out.push(Boolean(top && top.closest(".inc-marker")));
  }
  const label = document.querySelector(".base-label");
  return { markers: out, labelEvents: label ? getComputedStyle(label).pointerEvents : null };
}"""


@pytest.fixture
def offline_page(browser: Any, no_tiles_url: str) -> Iterator[Any]:
    """Pages on the stack with MAP_TILES_URL empty; any request elsewhere fails the test."""
    contexts: list[Any] = []
    pages: list[WatchedPage] = []

    def make(viewport: tuple[int, int]) -> WatchedPage:
        width, height = viewport
        context = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID")
        contexts.append(context)
        watched = WatchedPage(context.new_page(), no_tiles_url)

        def route(request_route: Any) -> None:
            url = request_route.request.url
            if url.startswith(no_tiles_url):
                request_route.continue_()
            else:
                watched.problems.append(f"request to an outside host: {url}")
                request_route.abort()

        context.route("**/*", route)
        pages.append(watched)
        return watched

    yield make
    problems = [p for page in pages for p in page.problems]
    for context in contexts:
        context.close()
    assert problems == [], problems


def wait_ready(page: Any) -> None:
    page.wait_for_selector('#map[data-offline-base="ready"]', timeout=20_000)
    # A name is a 0x0 anchor with its text around it: attached, not "visible".
    page.wait_for_selector(".base-label", state="attached", timeout=10_000)
    time.sleep(0.4)  # the canvas draws on the next animation frame


def names(page: Any, level: str) -> list[str]:
    """The names shown at a level, as written (districts are shown in capitals)."""
    return page.eval_on_selector_all(f".base-label-{level}", "els => els.map(e => e.textContent)")


def compare(page: Any, name: str) -> dict[str, Any]:
    """Screenshot the map with and without the base map; compare the two."""
    ARTIFACTS.mkdir(exist_ok=True)
    shown = page.locator("#map").screenshot(path=str(ARTIFACTS / f"basemap-{name}.png"))
    page.evaluate(HIDE_BASE, True)
    blank = page.locator("#map").screenshot(path=str(ARTIFACTS / f"basemap-{name}-blank.png"))
    page.evaluate(HIDE_BASE, False)
    colours = [list(SEA), list(LAND)]
    args = [base64.b64encode(shown).decode(), base64.b64encode(blank).decode(), colours]
    with_base = page.evaluate(COMPARE, args)
    without = page.evaluate(COMPARE, [args[1], None, colours])
    return {
        "sea": with_base["shares"][0],
        "land": with_base["shares"][1],
        "differ": with_base["differ"],
        # The blank map of old: one grey (Leaflet's background) and the markers.
        "blank_grey": without["top"],
    }


def test_the_console_without_tiles_shows_land_sea_borders_and_names(offline_page: Any) -> None:
    console = offline_page((1440, 900))
    console.login("dispatcher")
    console.wait_live()
    page = console.page
    page.wait_for_selector(".inc-disc, .marker-cluster")
    wait_ready(page)
    # The notice still says the online map is out, and what is shown instead.
    assert page.locator("#map-notice").is_visible()
    assert "luring" in page.locator("#map-notice").inner_text()

    # Kota Bandar Lampung at the profile's zoom (12): the city's districts and the bay.
    assert page.evaluate("() => window.dispatchConsole.map.getZoom()") == 12
    seen = compare(page, "console-1440")
    # The blank map of old is one grey: what the base map is measured against.
    assert seen["blank_grey"] > 0.8, seen
    assert seen["differ"] > 0.8, seen  # nearly every pixel changed
    assert seen["land"] > 0.4, seen
    assert seen["sea"] > 0.03, seen  # Teluk Lampung
    districts = names(page, "district")
    # Names that overlap are left out (which depends on the fonts): most are shown.
    city = {"Kedaton", "Kemiling", "Panjang", "Sukarame", "Rajabasa", "Sukabumi", "Enggal"}
    assert len(city & set(districts)) >= 4 and len(districts) >= 8, districts

    # Close in: village names (desa/kelurahan), districts still named.
    page.evaluate(SET_VIEW, [-5.425, 105.262, 14])
    wait_ready(page)
    page.wait_for_selector(".base-label-village", state="attached")
    villages = names(page, "village")
    assert len(villages) >= 10, villages
    assert "Kupang Kota" in villages or "Enggal" in villages, villages
    assert page.locator(".base-label-district").count() >= 1
    close = compare(page, "console-1440-z14")
    assert close["differ"] > 0.8 and close["land"] > 0.5, close
    # Names never cover an incident: markers are drawn above them.
    on_top = page.evaluate(MARKERS_ON_TOP)
    assert on_top["markers"] and all(on_top["markers"]), on_top
    assert on_top["labelEvents"] == "none"

    # The province and its neighbours (the Lampung deployment's zoom): regency names.
    page.evaluate(SET_VIEW, [-4.9, 105.0, 8])
    wait_ready(page)
    regencies = names(page, "regency")
    assert "Kota Bandar Lampung" in regencies and "Kab. Lampung Selatan" in regencies, regencies
    wide = compare(page, "console-1440-z8")
    assert wide["land"] > 0.3 and wide["sea"] > 0.2, wide  # Sumatra, Java, their seas


def test_the_public_map_on_a_phone_without_tiles(offline_page: Any) -> None:
    public = offline_page((390, 844))
    public.goto("/publik/")
    page = public.page
    wait_ready(page)
    seen = compare(page, "public-390")
    # A small map (the counts are under it): the notice and credits take a quarter.
    assert seen["blank_grey"] > 0.6, seen
    assert seen["differ"] > 0.6 and seen["land"] > 0.4 and seen["sea"] > 0.03, seen
    assert page.locator(".base-label-district").count() >= 3
    # The files come from this server, gzipped, cached by the browser for a year.
    answer = page.evaluate(
        """async () => {
          const config = JSON.parse(document.getElementById("page-data").textContent).map;
          const response = await fetch(config.basemap.files.replace("{name}", "land.json.gz"));
          return {cache: response.headers.get("cache-control"), ok: response.ok};
        }"""
    )
    assert answer == {"cache": "public, max-age=31536000, immutable", "ok": True}


def test_tiles_that_load_keep_the_base_map_away(open_page: Any) -> None:
    console = open_page("dispatcher")  # tiles answered (a plain tile)
    requests: list[str] = []
    console.page.on("request", lambda request: requests.append(request.url))
    console.wait_live()
    time.sleep(5)  # past the 4 s that the first tile may take
    assert console.page.get_attribute("#map", "data-offline-base") is None
    assert not [url for url in requests if "/peta/" in url]
    assert console.page.locator(".base-label").count() == 0


def test_tiles_that_fail_bring_the_base_map_under_them(open_page: Any) -> None:
    console = open_page("dispatcher", tiles=False)  # the tile host is unreachable
    console.wait_live()
    page = console.page
    wait_ready(page)
    assert page.locator("#map-notice").is_visible()
    assert page.locator(".base-label-district").count() >= 3
    # Under the tile pane: a tile that does load covers it.
    z_index = page.evaluate(
        """() => ['tile', 'offlineLand', 'offlineLines', 'offlineLabels', 'marker'].map(
             (name) => Number(getComputedStyle(
               document.querySelector(`.leaflet-${name}-pane`)).zIndex))"""
    )
    assert z_index[0] > max(z_index[1:4]) and z_index[4] > z_index[0], z_index
    console.forgive("ERR_INTERNET_DISCONNECTED")
