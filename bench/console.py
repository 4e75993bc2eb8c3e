"""The dispatcher console under load, in headless Chromium (Playwright).

With the database holding `count` live incidents, a dispatcher opens the
console: render time is from navigation start until every incident is in the
page's state, the connection says live and a frame has been painted. Then the
server moves incidents at `rate` per second through the real service (and its
events, publish and fan-out), and the page reports whether it kept up: events
applied, how late (event time to applied), long tasks and the longest gap
between animation frames (a frozen page paints nothing).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

from bench import fleet
from bench.stack import ROOT

CHROMIUM = Path("/usr/bin/chromium")
# The units on the map move as in the units phase: a POST every 10 s with 5 fixes.
UNIT_INTERVAL_S = 10.0
UNIT_FIXES = 5
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

READY = """([count, units]) => Number(document.body.dataset.incidents || 0) >= count
  && Number(document.body.dataset.units || 0) >= units
  && document.querySelector('#conn')?.dataset.status === 'live'"""
PAINTED = """() => new Promise((done) =>
  requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now()))))"""
# Counts what the page does with live events, and how smoothly it paints meanwhile.
WATCH = """() => {
  const w = window.__bench = {applied: 0, lags: [], longtasks: [], gaps: [], last: null};
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) w.longtasks.push(entry.duration);
  }).observe({type: 'longtask'});
  const tick = (t) => {
    if (w.last !== null) w.gaps.push(t - w.last);
    w.last = t;
    if (!w.stopped) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const live = window.dispatchConsole.live;
  const apply = live.applyOne.bind(live);
  live.applyOne = (message) => {
    apply(message);
    if (message.event === 'incident.located') {
      w.applied += 1;
      w.lags.push(Date.now() - Date.parse(message.at));
    }
  };
}"""
STATE = """() => ({incidents: document.body.dataset.incidents, units: document.body.dataset.units,
  status: document.querySelector('#conn')?.dataset.status, url: location.href})"""
# Installed before the page's scripts: when each snapshot part arrives, to split
# the render time into the server's answer and the page's work on it.
FRAMES = """(() => {
  window.__frames = [];
  const Native = window.WebSocket;
  window.WebSocket = function (...args) {
    const socket = new Native(...args);
    socket.addEventListener('message', (event) => {
      const head = String(event.data).slice(0, 40);
      const kind = (head.match(/"type":"([a-z_]+)"/) || [])[1];
      window.__frames.push([performance.now(), kind, String(event.data).length]);
    });
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, Native);
})();"""
COLLECT = """() => { const w = window.__bench; w.stopped = true; return w; }"""


TILE_HOST = "https://tile.openstreetmap.org/"


def blank_tile() -> bytes:
    """A 1x1 grey PNG: map tiles come from here, so nothing leaves the machine."""
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xe2\xe8\xec"))
        + chunk(b"IEND", b"")
    )


async def _offline(route: Any, base_url: str) -> None:
    url = route.request.url
    if url.startswith(base_url):
        await route.continue_()
    elif url.startswith(TILE_HOST):
        await route.fulfill(status=200, content_type="image/png", body=blank_tile())
    else:
        await route.abort()


def unavailable() -> str | None:
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM}"
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    return None


def js_hotspots(profile: dict[str, Any], top: int = 12) -> list[list[Any]]:
    """Self time by function (ms) from a V8 CPU profile (CDP Profiler)."""
    nodes = {node["id"]: node for node in profile.get("nodes", [])}
    deltas = profile.get("timeDeltas", [])
    spent: dict[str, float] = {}
    for node_id, delta in zip(profile.get("samples", []), deltas, strict=False):
        frame = nodes[node_id]["callFrame"]
        if frame["functionName"] in ("(idle)", "(program)", "(root)"):
            continue
        name = f"{frame['functionName'] or '(anonymous)'} {frame['url'].rsplit('/', 1)[-1]}"
        name += f":{frame['lineNumber'] + 1}"
        spent[name] = spent.get(name, 0.0) + delta / 1000
    ranked = sorted(spent.items(), key=lambda item: -item[1])[:top]
    return [[name, round(ms)] for name, ms in ranked]


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))], 1)


async def _drive_updates(env: dict[str, str], rate: float, seconds: float) -> dict[str, Any]:
    import json

    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.dbtools",
        "updates",
        "--rate",
        str(rate),
        "--seconds",
        str(seconds),
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await process.communicate()
    return json.loads(out) if out else {"error": f"exit {process.returncode}"}


async def measure(
    base_url: str,
    session_key: str,
    env: dict[str, str],
    count: int,
    rate: float,
    seconds: float,
    units: list[list[Any]],
    profile_updates: bool = False,
) -> dict[str, Any]:
    """`units` ([unit id, token], bench.dbtools fleet) are on the map when it is
    rendered, and each POSTs its position every UNIT_INTERVAL_S during the updates.
    `profile_updates` samples the page's JavaScript during the updates too (BENCH_PROFILE:
    the sampling costs the page time, so not in measured runs)."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        context = await browser.new_context(viewport={"width": 1440, "height": 900})
        await context.route("**/*", lambda route: _offline(route, base_url))
        await context.add_cookies(
            [{"name": "sessionid", "value": session_key, "url": base_url, "httpOnly": True}]
        )
        await context.add_init_script(FRAMES)
        page = await context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)[:200]))
        cdp = await context.new_cdp_session(page)
        await cdp.send("Profiler.enable")
        await cdp.send("Profiler.setSamplingInterval", {"interval": 1000})
        await cdp.send("Profiler.start")
        await page.goto(base_url + "/", wait_until="commit")
        try:
            await page.wait_for_function(
                READY, arg=[count, len(units)], polling="raf", timeout=60_000
            )
        except Exception as exc:
            state = await page.evaluate(STATE)
            await browser.close()
            raise RuntimeError(
                f"the console never showed {count} incidents: {state} {errors}"
            ) from exc
        render_ms = await page.evaluate(PAINTED)
        js_profile = (await cdp.send("Profiler.stop"))["profile"]
        frames = await page.evaluate("() => window.__frames")
        markers = await page.evaluate("() => window.dispatchConsole.ui.markers.size")
        await page.evaluate(WATCH)
        if profile_updates:
            await cdp.send("Profiler.start")
        port = int(base_url.rsplit(":", 1)[1])
        drove, moved = await asyncio.gather(
            _drive_updates(env, rate, seconds),
            fleet.send_positions(port, units, UNIT_INTERVAL_S, seconds, UNIT_FIXES),
        )
        await asyncio.sleep(1.0)  # the last events are on their way
        watched = await page.evaluate(COLLECT)
        updates_top = (
            js_hotspots((await cdp.send("Profiler.stop"))["profile"]) if profile_updates else None
        )
        await browser.close()
    gaps, lags = watched["gaps"], watched["lags"]
    snapshot = [f for f in frames if f[1] in ("snapshot", "snapshot_more")]
    sent = drove.get("updates", 0)
    return {
        "incidents": count,
        "units": len(units),
        "render_ms": round(render_ms),
        # navigation -> first snapshot part (server: page, socket, resume, query)
        "snapshot_first_ms": round(snapshot[0][0]) if snapshot else None,
        "snapshot_last_ms": round(snapshot[-1][0]) if snapshot else None,
        "snapshot_parts": len(snapshot),
        "snapshot_mb": round(sum(f[2] for f in snapshot) / 2**20, 2),
        "render_js_top": js_hotspots(js_profile),
        "updates_js_top": updates_top,
        "markers": markers,
        "updates_per_s": rate,
        "updates_sent": sent,
        "updates_driven_s": drove.get("seconds"),
        "updates_applied": watched["applied"],
        "unit_positions": fleet.request_summary(moved),
        "applied_ratio": round(watched["applied"] / sent, 4) if sent else None,
        "apply_lag_p50_ms": _percentile(lags, 50),
        "apply_lag_p99_ms": _percentile(lags, 99),
        "apply_lag_max_ms": round(max(lags)) if lags else None,
        "longtasks": len(watched["longtasks"]),
        "longest_task_ms": round(max(watched["longtasks"])) if watched["longtasks"] else 0,
        "frame_gap_p99_ms": _percentile(gaps, 99),
        "frame_gap_max_ms": round(max(gaps)) if gaps else None,
        "frames_painted": len(gaps),
        "page_errors": errors[:5],
    }
