"""Frontend tests: page clients for the cast, and a real browser on a real server.

Browser tests (`@pytest.mark.browser`) drive Debian's headless Chromium through
Playwright against a daphne process. They are skipped, with the reason, when
/usr/bin/chromium or the playwright package is missing.

The server of the browser tests runs the embedded mode on its own SQLite file
(migrated and seeded with `seed_demo` once per session), whatever DATABASE_URL
and REDIS_URL say: triage then runs in the request (eager Celery), so a report
POSTed to it is an incident on the screens at once, and the test process needs
no database of its own. The tests talk to it over HTTP and through the browser
only, so they run the same locally and in CI.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client

from tests.frontend.live import (
    BLANK_TILE,
    CHROMIUM,
    CHROMIUM_ARGS,
    TILE_HOST,
    WatchedPage,
    manage,
    stack_env,
)
from tests.servers import daphne


def browser_unavailable() -> str | None:
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -r requirements-dev.txt)"
    return None


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    reason = browser_unavailable()
    if reason is None:
        return
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


# --- server-side page clients ------------------------------------------------------------


@pytest.fixture
def page_client(cast: dict[str, Any]) -> Callable[[str], Client]:
    """A Django test client signed in (with a session) as one of the cast."""

    def make(name: str) -> Client:
        client = Client()
        if cast.get(name) is not None:
            client.force_login(cast[name])
        return client

    return make


# --- the live stack ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def live_url(tmp_path_factory: Any) -> Iterator[str]:
    """A daphne process on its own seeded SQLite database (see the module docstring)."""
    reason = browser_unavailable()
    if reason:
        pytest.skip(reason)
    workdir = tmp_path_factory.mktemp("frontend-stack")
    env = stack_env(workdir)
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "seed_demo")
    with daphne(env, workdir / "daphne.log") as port:
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def no_tiles_url(tmp_path_factory: Any) -> Iterator[str]:
    """A server of its own with MAP_TILES_URL empty: maps without any tile layer."""
    reason = browser_unavailable()
    if reason:
        pytest.skip(reason)
    workdir = tmp_path_factory.mktemp("no-tiles-stack")
    env = stack_env(workdir)
    env["MAP_TILES_URL"] = ""
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "seed_demo")
    with daphne(env, workdir / "daphne.log") as port:
        yield f"http://127.0.0.1:{port}"


# --- the browser ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser: Any, live_url: str) -> Iterator[Callable[..., WatchedPage]]:
    """Pages in fresh browser contexts; each must end with no error and no dialog."""
    opened: list[WatchedPage] = []
    contexts: list[Any] = []

    def make(
        user: str | None = None,
        *,
        phone: bool = False,
        locale: str = "id-ID",
        tiles: bool = True,
        **context_options: Any,
    ) -> WatchedPage:
        viewport = {"width": 412, "height": 860} if phone else {"width": 1440, "height": 900}
        context = browser.new_context(viewport=viewport, locale=locale, **context_options)
        contexts.append(context)
        watched: WatchedPage

        def route(request_route: Any) -> None:
            url = request_route.request.url
            if url.startswith(live_url):
                request_route.continue_()
            elif url.startswith(TILE_HOST) and tiles:
                request_route.fulfill(status=200, content_type="image/png", body=BLANK_TILE)
            elif url.startswith(TILE_HOST):
                request_route.abort("internetdisconnected")  # a network with no internet
            else:
                watched.problems.append(f"request to an outside host: {url}")
                request_route.abort()

        context.route("**/*", route)
        watched = WatchedPage(context.new_page(), live_url)
        opened.append(watched)
        if user:
            watched.login(user)
        return watched

    yield make
    problems = [p for page in opened for p in page.problems]
    for context in contexts:
        context.close()
    assert problems == [], problems
