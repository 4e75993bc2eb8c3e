"""units.api.remembered and units.asgi: the positions endpoint remembers who sends
batches for a few seconds, so a unit's every batch does not read its token, user,
staff record and unit again; a session's CSRF check still runs every time; and a
served process answers the endpoint in threads of its own."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from dispatch.services.tokens import token_issue
from units import asgi
from units.api import remembered
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
