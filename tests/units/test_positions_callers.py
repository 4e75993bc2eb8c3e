"""units.api.remembered and units.asgi: the positions endpoint remembers who sends
batches for a few seconds, so a unit's every batch does not read its token, user,
staff record and unit again; a session's CSRF check still runs every time; a
served process answers the endpoint in threads of its own, and a remembered
token's plainly valid batch in its event loop, leaving everything else to Django."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from dispatch.services.tokens import token_issue
from units import asgi
from units.api import remembered
from units.models import Unit, UnitPosition
from units.services.position_writes import WRITER

URL = "/api/units/{}/positions/"


def body() -> dict[str, Any]:
    at = (timezone.now() - timedelta(seconds=5)).isoformat()
    return {"positions": [{"lat": -5.4, "lon": 105.25, "at": at, "accuracy_m": 9}]}


def token_client(user: Any) -> APIClient:
    token, _expiry = token_issue(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.mark.django_db
def test_it_reads_a_token_and_its_unit_once(settings: Any, cast: Any, units: Any) -> None:
    settings.UNIT_POSITIONS_WRITE_EVERY_S = 600  # only the flush below writes
    client, engine = token_client(cast["damkar"]), units["engine_near"]
    assert client.post(URL.format(engine.pk), body(), format="json").status_code == 202
    with CaptureQueriesContext(connection) as queries:
        assert client.post(URL.format(engine.pk), body(), format="json").status_code == 202
    assert WRITER.flush() == 2
    tables = " ".join(q["sql"] for q in queries)
    assert "knox_authtoken" not in tables and "dispatch_staff" not in tables
    assert 'FROM "units_unit"' not in tables


@pytest.mark.django_db
def test_it_accepts_a_revoked_token_only_while_remembered(
    cast: Any, units: Any, monkeypatch: Any
) -> None:
    from knox.models import AuthToken

    client, engine = token_client(cast["damkar"]), units["engine_near"]
    assert client.post(URL.format(engine.pk), body(), format="json").status_code == 202
    AuthToken.objects.all().delete()
    assert client.post(URL.format(engine.pk), body(), format="json").status_code == 202
    later = remembered.time.monotonic() + remembered.REMEMBER_S + 1
    monkeypatch.setattr(remembered.time, "monotonic", lambda: later)
    # 403 as everywhere in the API (its first authentication, the session's, sends no
    # WWW-Authenticate).
    assert client.post(URL.format(engine.pk), body(), format="json").status_code == 403


@pytest.mark.django_db
def test_it_refuses_another_agencys_unit_to_a_remembered_caller(cast: Any, units: Any) -> None:
    client = token_client(cast["damkar"])
    assert (
        client.post(URL.format(units["engine_near"].pk), body(), format="json").status_code == 202
    )
    refused = client.post(URL.format(units["ambulance"].pk), body(), format="json")
    assert refused.status_code == 403


@pytest.mark.django_db
def test_it_never_remembers_a_wrong_token(units: Any) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "ab" * 32)
    for _ in range(2):
        assert (
            client.post(URL.format(units["engine_near"].pk), body(), format="json").status_code
            == 403
        )
    assert remembered.CALLERS.values == {}


@pytest.mark.django_db
def test_it_checks_a_remembered_sessions_csrf_token_every_time(cast: Any, units: Any) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(cast["damkar"])
    client.get("/lapangan/")  # the page sets the CSRF cookie, as in the field app
    csrf = client.cookies["csrftoken"].value
    url = URL.format(units["engine_near"].pk)
    assert client.post(url, body(), format="json", HTTP_X_CSRFTOKEN=csrf).status_code == 202
    refused = client.post(url, body(), format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]


def test_it_serves_position_batches_only_while_the_writer_batches(settings: Any) -> None:
    scope = {"type": "http", "method": "POST", "path": "/api/units/12/positions/"}
    settings.UNIT_POSITIONS_WRITE_EVERY_S = 1.0
    assert asgi.serves(scope)
    assert not asgi.serves({**scope, "method": "GET"})
    assert not asgi.serves({**scope, "path": "/api/units/12/status/"})
    assert not asgi.serves({**scope, "path": "/api/units/12/positions/x"})
    assert not asgi.serves({"type": "websocket", "path": scope["path"]})
    settings.UNIT_POSITIONS_WRITE_EVERY_S = 0
    assert not asgi.serves(scope)


def scope_for(
    unit: Any, token: str | None, content_type: bytes = b"application/json", **extra: Any
) -> dict:
    headers = [(b"host", b"testserver"), (b"content-type", content_type)]
    if token:
        headers.append((b"authorization", f"Token {token}".encode()))
    headers += [(k.replace("_", "-").encode(), v.encode()) for k, v in extra.items()]
    return {
        "type": "http",
        "method": "POST",
        "path": URL.format(unit.pk),
        "headers": headers,
        "scheme": "http",
        "query_string": b"",
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 40000),
        "http_version": "1.1",
        "asgi": {"version": "3.0"},
    }


def raw(**change: Any) -> bytes:
    batch = body()
    batch["positions"][0].update(change)
    return json.dumps(batch).encode()


@pytest.fixture
def known(settings: Any, cast: Any, units: Any) -> Iterator[tuple[str, Any]]:
    """A token and unit the endpoint has seen once (through Django), so remembered."""
    settings.UNIT_POSITIONS_WRITE_EVERY_S = 600  # only the explicit flushes write
    token, _expiry = token_issue(user=cast["damkar"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    engine = units["engine_near"]
    assert client.post(URL.format(engine.pk), body(), format="json").status_code == 202
    yield token, engine
    WRITER.flush()


@pytest.mark.django_db
def test_it_accepts_a_remembered_tokens_plain_batch_without_django(known: Any) -> None:
    token, engine = known
    with CaptureQueriesContext(connection) as queries:
        assert asgi.accepted_at_once(scope_for(engine, token), raw()) == 1
    assert len(queries) == 0
    assert WRITER.flush() == 2
    assert Unit.objects.get(pk=engine.pk).lat == pytest.approx(-5.4)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        {"lat": "-5.4"},  # DRF takes a number in a string: Django answers
        {"lat": True},
        {"accuracy_m": -1},
        {"accuracy_m": 1e9},
        {"at": "2026-12-05T10:00:00"},  # no offset
        {"at": "yesterday"},
        {"lat": 35.68, "lon": 139.69},  # Tokyo: refused, by Django
        {"at": (timezone.now() + timedelta(hours=1)).isoformat()},
    ],
)
def test_it_leaves_to_django_a_fix_it_does_not_plainly_take(known: Any, change: dict) -> None:
    token, engine = known
    assert asgi.accepted_at_once(scope_for(engine, token), raw(**change)) is None


@pytest.mark.django_db
def test_it_leaves_to_django_strangers_and_other_units(known: Any, cast: Any, units: Any) -> None:
    token, engine = known
    assert asgi.accepted_at_once(scope_for(engine, None), raw()) is None  # nobody
    assert asgi.accepted_at_once(scope_for(engine, "ab" * 32), raw()) is None
    assert asgi.accepted_at_once(scope_for(engine, token, b"text/plain"), raw()) is None
    assert asgi.accepted_at_once(scope_for(units["engine_far"], token), raw()) is None  # not seen
    for body_ in (b"", b"[]", b'{"positions": []}', b'{"positions": [1]}', b"NaN"):
        assert asgi.accepted_at_once(scope_for(engine, token), body_) is None
    # Another agency's unit, remembered by its own agency's request: 403 from Django.
    other = token_client(cast["dinkes"])
    ambulance = units["ambulance"]
    assert other.post(URL.format(ambulance.pk), body(), format="json").status_code == 202
    assert asgi.accepted_at_once(scope_for(ambulance, token), raw()) is None


@pytest.mark.django_db
def test_it_leaves_to_django_a_host_it_does_not_serve_and_plain_http_it_redirects(
    known: Any, settings: Any
) -> None:
    token, engine = known
    wrong_host = scope_for(engine, token)
    wrong_host["headers"][0] = (b"host", b"evil.example")
    assert asgi.accepted_at_once(wrong_host, raw()) is None
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert asgi.accepted_at_once(scope_for(engine, token), raw()) is None
    proxied = scope_for(engine, token, x_forwarded_proto="https")
    assert asgi.accepted_at_once(proxied, raw()) == 1


def post_served(scope: dict, payload: bytes) -> tuple[int, Any]:
    """One request through the ASGI application uvicorn serves (config.asgi)."""
    from config.asgi import application

    async def run() -> tuple[int, Any]:
        length = (b"content-length", str(len(payload)).encode())
        communicator = ApplicationCommunicator(
            application, {**scope, "headers": [*scope["headers"], length]}
        )
        await communicator.send_input({"type": "http.request", "body": payload})
        start = await communicator.receive_output(20)
        content = await communicator.receive_output(20)
        return start["status"], json.loads(content["body"] or b"null")

    return async_to_sync(run)()


@pytest.mark.django_db(transaction=True)
def test_it_answers_the_served_app_the_same_either_way(
    settings: Any, cast: Any, units: Any
) -> None:
    settings.UNIT_POSITIONS_WRITE_EVERY_S = 600
    token, _expiry = token_issue(user=cast["damkar"])
    engine = units["engine_near"]
    # Through Django in the endpoint's threads, then in the event loop: the same answer.
    assert post_served(scope_for(engine, token), raw()) == (202, {"accepted": 1})
    assert post_served(scope_for(engine, token), raw(lat=-5.41)) == (202, {"accepted": 1})
    refused = post_served(scope_for(engine, token), raw(lat=35.68, lon=139.69))
    assert refused[0] == 400 and "outside Indonesia" in str(refused[1])
    assert WRITER.flush() == 2
    assert UnitPosition.objects.filter(unit=engine).count() == 2


@pytest.mark.django_db
def test_it_accepts_a_remembered_sessions_batch_once_its_csrf_token_passes(
    settings: Any, cast: Any, units: Any
) -> None:
    settings.UNIT_POSITIONS_WRITE_EVERY_S = 600
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(cast["damkar"])
    client.get("/lapangan/")
    session, csrf = client.cookies["sessionid"].value, client.cookies["csrftoken"].value
    engine = units["engine_near"]
    url = URL.format(engine.pk)
    assert client.post(url, body(), format="json", HTTP_X_CSRFTOKEN=csrf).status_code == 202
    cookie = f"sessionid={session}; csrftoken={csrf}"
    try:
        # As the field app sends it: the cookies, the token in a header, its origin.
        sent = scope_for(engine, None, cookie=cookie, x_csrftoken=csrf, origin="http://testserver")
        assert asgi.accepted_at_once(sent, raw()) == 1
        without = scope_for(engine, None, cookie=cookie, origin="http://testserver")
        assert asgi.accepted_at_once(without, raw()) is None
        elsewhere = scope_for(
            engine, None, cookie=cookie, x_csrftoken=csrf, origin="http://evil.example"
        )
        assert asgi.accepted_at_once(elsewhere, raw()) is None
        stranger = scope_for(
            engine, None, cookie=f"sessionid=x; csrftoken={csrf}", x_csrftoken=csrf
        )
        assert asgi.accepted_at_once(stranger, raw()) is None
    finally:
        WRITER.flush()
