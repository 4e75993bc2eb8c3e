"""Helpers of the browser tests: the server stack, HTTP calls to it, watched pages."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
import zlib
from pathlib import Path
from typing import Any

from tests.servers import ROOT, environment

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
DEMO_PASSWORD = "browser-tests-demo"
TILE_HOST = "https://tile.openstreetmap.org/"


def plain_tile(rgb: tuple[int, int, int] = (226, 232, 236)) -> bytes:
    """A 256x256 PNG of one colour: map tiles come from here, so no test needs internet."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    row = b"\x00" + bytes(rgb) * 256
    header = (256).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * 256))
        + chunk(b"IEND", b"")
    )


BLANK_TILE = plain_tile()


def stack_env(workdir: Path) -> dict[str, str]:
    env = environment(
        SQLITE_PATH=str(workdir / "browser.sqlite3"),
        MEDIA_ROOT=str(workdir / "media"),
        DEBUG="1",
        DEMO_PASSWORD=DEMO_PASSWORD,
        PUBLIC_REPORT_RATE="10000/m",
        REALTIME_HEARTBEAT_S="2",
        LOG_LEVEL="WARNING",
    )
    for name in ("DATABASE_URL", "REDIS_URL", "MAP_TILES_URL", "ALLOWED_HOSTS"):
        env.pop(name, None)
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )


def post_json(url: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(  # noqa: S310 (loopback)
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 (loopback)
        return json.loads(response.read())


def get_json(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 (loopback)
        return json.loads(response.read())


def report(base: str, **fields: Any) -> dict[str, Any]:
    """POST /api/reports/ as the public would; returns the track view after triage."""
    created = post_json(f"{base}/api/reports/", {"channel": "web", **fields})
    return get_json(f"{base}{created['status_url']}")


class WatchedPage:
    """A page that records what must never happen: script errors, dialogs, CSP
    violations (they are console errors) and requests to anywhere but our server."""

    def __init__(self, page: Any, base: str) -> None:
        self.page = page
        self.base = base
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("dialog", self._dialog)

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")

    def _dialog(self, dialog: Any) -> None:
        self.problems.append(f"dialog ({dialog.type}): {dialog.message}")
        dialog.dismiss()

    def goto(self, path: str) -> None:
        self.page.goto(self.base + path)

    def login(self, username: str) -> None:
        self.goto("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", DEMO_PASSWORD)
        with self.page.expect_navigation():
            self.page.click("form.card button[type=submit]")
        assert "/accounts/login/" not in self.page.url, "login failed"

    def wait_live(self, timeout: float = 10_000) -> None:
        self.page.wait_for_selector('#conn[data-status="live"]', timeout=timeout)

    def screenshot(self, name: str, full_page: bool = False) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def fetch_json(self, path: str) -> Any:
        """GET a JSON answer with the page's own session (e.g. a staff API)."""
        script = "async (path) => (await fetch(path, {credentials: 'same-origin'})).json()"
        return self.page.evaluate(script, path)

    def forgive(self, *fragments: str) -> None:
        """Drop recorded problems a test caused on purpose (e.g. going offline)."""
        self.problems = [p for p in self.problems if not any(f in p for f in fragments)]


# Places for the incidents of the browser tests: in Kota Bandar Lampung, over 2 km
# from the demo incidents and from each other, so triage never merges them.
PLACES = {
    "live": (-5.4500, 105.2000),
    "detail": (-5.4500, 105.2200),
    "drag": (-5.4500, 105.2400),
    "intake": (-5.4500, 105.3000),
    "claim": (-5.4300, 105.2000),
    "offline": (-5.4100, 105.2000),
    "public": (-5.4300, 105.3000),
    "xss": (-5.4100, 105.3200),
    "form": (-5.4000, 105.2300),
    "merge": (-5.3800, 105.2800),
    "waiting": (-5.4300, 105.2400),
    "kdrt": (-5.3700, 105.2200),
    "photo": (-5.3600, 105.2900),
    "track": (-5.3700, 105.2600),
    "field": (-5.4700, 105.2500),
    "p1alert": (-5.4700, 105.2900),
    "escalation": (-5.3950, 105.2550),
    "tap": (-5.3550, 105.2150),
    "tap_other": (-5.4850, 105.2150),
    "possible": (-5.3650, 105.3100),
    "drag_update": (-5.3900, 105.2000),
}

FIRE = "Kebakaran rumah, api besar, ada warga terjebak di dalam"
