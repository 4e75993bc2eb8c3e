"""docs/console.png: the dispatcher console as `make run` shows it, for the README.

    python -m tools.screenshot                 # a fresh demo stack of its own
    python -m tools.screenshot --url http://127.0.0.1:8000 --password demo12345

Without --url it starts `manage.py runstack` (what `make run` runs) on a new SQLite
file in a temporary directory, embedded and with the demo data of PROFILE, waits
for /health/, signs in as `dispatcher` in headless Chromium (Debian's
/usr/bin/chromium through Playwright: `make install-dev`) at 1440x900, waits for the
console to be live, saves the picture and stops the stack. MAP_TILES_URL is empty
there, so the picture is the same with or without internet: the offline base map.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "docs" / "console.png"
CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1440, "height": 900}
PASSWORD = "demo12345"  # noqa: S105 (the demo users' default, as in README)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health/", timeout=2) as response:  # noqa: S310
            return response.status == 200
    except Exception:
        return False


@contextmanager
def demo_stack(password: str) -> Iterator[str]:
    """`manage.py runstack` on a fresh SQLite file; yields its base URL."""
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="screenshot-") as workdir:
        env = {
            **os.environ,
            "DATABASE_URL": "",
            "REDIS_URL": "",
            "SQLITE_PATH": str(Path(workdir) / "demo.sqlite3"),
            "DEBUG": "1",
            "DEMO_PASSWORD": password,
            "MAP_TILES_URL": "",
        }
        log = (Path(workdir) / "runstack.log").open("w")
        process = subprocess.Popen(  # noqa: S603 (our own command line)
            [sys.executable, "manage.py", "runstack", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its web server is a child: stop the whole group
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 180
            while not _healthy(url):
                if process.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    tail = (Path(workdir) / "runstack.log").read_text()[-3000:]
                    raise SystemExit(f"the demo stack did not start:\n{tail}")
                time.sleep(0.5)
            yield url
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
            log.close()


def capture(url: str, password: str, output: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport=VIEWPORT, locale="id-ID", timezone_id="Asia/Jakarta")
            page.goto(f"{url}/accounts/login/")
            page.fill("#id_username", "dispatcher")
            page.fill("#id_password", password)
            with page.expect_navigation():
                page.click("form.card button[type=submit]")
            page.wait_for_selector('#conn[data-status="live"]', timeout=30_000)
            # Leaflet's own class: the incidents are on the map once a marker is.
            page.wait_for_selector(".leaflet-marker-icon", timeout=30_000)
            page.wait_for_timeout(2500)  # the base map's outlines and names come in
            output.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(output))
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server with demo data (default: start one)")
    parser.add_argument("--password", default=os.environ.get("DEMO_PASSWORD", PASSWORD))
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    if args.url:
        capture(args.url.rstrip("/"), args.password, args.output)
    else:
        with demo_stack(args.password) as url:
            capture(url, args.password, args.output)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
