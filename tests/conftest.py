"""The fixed cast of the tests, and switches for the services they need.

Cast: `dispatcher`, `supervisor`, `damkar` (staff of the city fire brigade),
`dinkes` (staff of the city health office), `citizen` (signed in, no role) and the
anonymous public.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory, TestCase
from rest_framework.test import APIClient

from config.celery import app as celery_app
from dispatch import services
from dispatch.models import Agency, Incident, Report, Staff, StaffRole
from geo.services import LocateResult
from priority.engine import Assessment
from units.api import remembered

PASSWORD = "correct-horse-battery"

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
ON_REDIS = bool(settings.REDIS_URL)


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    # Tests that need the production services are skipped on the embedded default;
    # CI (.ci/run) provides PostgreSQL and Redis, so there they all run.
    for item in items:
        if item.nodeid.split("::")[0] in PRODUCTION_CHECKED:
            item.add_marker(pytest.mark.production)
        if "postgres" in item.keywords and not ON_POSTGRES:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL)"))
        if "redis" in item.keywords and not ON_REDIS:
            item.add_marker(pytest.mark.skip(reason="needs Redis (REDIS_URL)"))


# With production settings (DEBUG off: SSL redirect, Secure cookies) requests come
# through a TLS proxy, as they do in production: the environ entry it adds
# ({"HTTP_X_FORWARDED_PROTO": "https"}); empty with DEBUG on. CI runs the tests
# marked `production` this way (.ci/run).
_PROXY_HEADER = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
PROXY_ENVIRON: dict[str, str] = dict([_PROXY_HEADER]) if _PROXY_HEADER else {}
# The Origin a browser sends with a POST to the test server.
BROWSER_ORIGIN = f"{'https' if PROXY_ENVIRON else 'http'}://testserver"

# Test files CI runs a second time with production settings (`pytest -m production`):
# the HTTP surface (every endpoint and role, pages, sign-in, CSRF, the API schema
# fuzzed, static assets, sockets' origins), where DEBUG's settings make a difference.
PRODUCTION_CHECKED = {
    "tests/calls/test_aml_api.py",
    "tests/calls/test_call_events_api.py",
    "tests/dispatch/test_health.py",
    "tests/dispatch/test_middleware_modes.py",
    "tests/dispatch/test_permissions.py",
    "tests/dispatch/test_reports_api.py",
    "tests/dispatch/test_security.py",
    "tests/dispatch/test_track_api.py",
    "tests/frontend/test_console.py",
    "tests/frontend/test_csp.py",
    "tests/frontend/test_login.py",
    "tests/frontend/test_public_map.py",
    "tests/frontend/test_report_form.py",
    "tests/interop/test_cap_feed.py",
    "tests/interop/test_openapi.py",
    "tests/interop/test_schemathesis.py",
    "tests/realtime/test_consumers.py",
}


def through_tls_proxy(app: Any) -> Any:
    """A WSGI app that sees each request as the TLS proxy passes it on."""
    if not PROXY_ENVIRON:
        return app
    return lambda environ, start_response: app({**PROXY_ENVIRON, **environ}, start_response)


@pytest.fixture(autouse=True)
def _through_tls_proxy(monkeypatch: Any) -> None:
    if not PROXY_ENVIRON:
        return
    base_environ = RequestFactory._base_environ

    def environ(self: RequestFactory, **request: Any) -> dict[str, Any]:
        # The browser's Host header, which the proxy passes on (without it Django
        # would take SERVER_NAME and SERVER_PORT: testserver:80 on HTTPS).
        return {**PROXY_ENVIRON, "HTTP_HOST": "testserver", **base_environ(self, **request)}

    monkeypatch.setattr(RequestFactory, "_base_environ", environ)


@pytest.fixture(autouse=True)
def eager_celery() -> Iterator[None]:
    """Triage runs inline in tests; the worker tests start a real worker instead."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"
    # The default hasher is slow on purpose; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Intake limits have tests of their own; elsewhere they would only get in the way.
    settings.PUBLIC_REPORT_RATE = ""
    settings.PUBLIC_REPORT_PHONE_RATE = ""
    settings.PUBLIC_LOOKUP_RATE = ""
    # The default profile holds complaints for a disposition; tests opt in to that.
    settings.DISPOSITION_REQUIRED_FOR = []
    settings.HOME_REGION = "18.71"
    # Positions written by the request: the test's transaction is the only one. The
    # writer thread of a served process has tests of its own (test_position_writes).
    settings.UNIT_POSITIONS_WRITE_EVERY_S = 0
    # Callers and units remembered by the positions endpoint belong to one test's data.
    remembered.CALLERS.clear()
    remembered.UNITS.clear()


def _user(username: str, role: str | None = None, agency: Agency | None = None) -> Any:
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    if role:
        Staff.objects.create(user=user, role=role, agency=agency)
    return user


@pytest.fixture
def city_agencies(db: None) -> dict[str, Agency]:
    kinds = ["damkar", "dinkes", "polri", "bpbd", "pupr", "dinsos"]
    return {
        kind: Agency.objects.create(kind=kind, name=f"{kind.upper()} Kota", jurisdiction=["18.71"])
        for kind in kinds
    }


@pytest.fixture
def cast(city_agencies: dict[str, Agency]) -> dict[str, Any]:
    return {
        "dispatcher": _user("dispatcher", StaffRole.DISPATCHER),
        "supervisor": _user("supervisor", StaffRole.SUPERVISOR),
        "damkar": _user("damkar", StaffRole.AGENCY, city_agencies["damkar"]),
        "dinkes": _user("dinkes", StaffRole.AGENCY, city_agencies["dinkes"]),
        "citizen": _user("citizen"),
        "anonymous": None,
    }


class CommittingClient(APIClient):
    """An API client whose requests behave as if committed.

    Tests run inside a transaction that never commits; this runs the on_commit
    hooks (triage, publish) of each request when it returns, as production would.
    """

    def request(self, **kwargs: Any) -> Any:
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**kwargs)


@pytest.fixture
def client_for(cast: dict[str, Any]) -> Any:
    def make(name: str) -> APIClient:
        client = CommittingClient()
        if cast.get(name) is not None:
            client.force_authenticate(cast[name])
        return client

    return make


def located_at(lat: float | None, lon: float | None, region_code: str) -> LocateResult:
    """A geocoder's answer, for tests that decide where a report is."""
    region = {"code": region_code} if region_code else None
    if lat is None or lon is None:
        return LocateResult(None, None, 0.0, "none", None, None, True, "unknown")
    reasons = ({"code": "device", "place": ""},)
    return LocateResult(lat, lon, 1.0, "coordinates", region, "village", False, "known", reasons)


def assessed_as(category: str, priority: str, kinds: tuple[str, ...]) -> Assessment:
    """The urgency engine's answer, for tests that decide how urgent a report is."""
    return Assessment(
        category=category,
        priority=priority,
        score=50,
        fast_track=priority == "P1",
        agencies=list(kinds),
        reasons=[],
    )


def open_incident(
    *,
    text: str = "Kebakaran rumah",
    category: str = "fire",
    priority: str = "P1",
    kinds: tuple[str, ...] = ("damkar",),
    lat: float | None = -5.42,
    lon: float | None = 105.26,
    region_code: str = "18.71.01.1001",
    phone: str = "",
) -> Incident:
    """An incident opened through the real services, with a given triage outcome."""
    report = Report.objects.create(
        text=text, channel="phone", lat=lat, lon=lon, reporter_phone=phone
    )
    services.report_triage(
        report_id=report.pk,
        location=located_at(lat, lon, region_code),
        assessment=assessed_as(category, priority, kinds),
    )
    report.refresh_from_db()
    return report.incident


@pytest.fixture
def incident(cast: dict[str, Any]) -> Incident:
    return open_incident()


def fresh_address() -> str:
    """An address no earlier test counted requests for (the limiter's store may be Redis)."""
    number = uuid.uuid4().int
    return f"10.{number % 250}.{number // 250 % 250}.{number // 62500 % 250}"


def session_cookie(user: Any) -> bytes:
    """A signed-in browser's cookie, for websockets and live servers."""
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


@pytest.fixture
def cookies(cast: dict[str, Any]) -> dict[str, bytes]:
    return {name: session_cookie(user) for name, user in cast.items() if user is not None}


def worker_env() -> dict[str, str]:
    """Environment for a real Celery worker that shares the test database."""
    env = dict(os.environ)
    env["DATABASE_URL"] = database_url_of_tests()
    return env


def database_url_of_tests() -> str:
    db = settings.DATABASES["default"]
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
