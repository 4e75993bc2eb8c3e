"""POST /api/auth/token/: integrations get a token for the Authorization header."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.test import APIClient

from tests.conftest import PASSWORD


@pytest.mark.django_db
def test_it_returns_a_token_that_authenticates(cast: Any) -> None:
    client = APIClient()
    response = client.post(
        "/api/auth/token/", {"username": "dispatcher", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/incidents/").status_code == 200


@pytest.mark.django_db
def test_it_refuses_a_wrong_password(cast: Any) -> None:
    response = APIClient().post(
        "/api/auth/token/", {"username": "dispatcher", "password": "nope"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["non_field_errors"]


@pytest.mark.django_db
def test_it_refuses_missing_fields(cast: Any) -> None:
    response = APIClient().post("/api/auth/token/", {}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"username", "password"}


@pytest.mark.django_db
def test_it_refuses_a_bad_token(cast: Any) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0000")
    assert client.get("/api/incidents/").status_code in (401, 403)


def token_for(username: str, client: APIClient | None = None) -> str:
    body = {"username": username, "password": PASSWORD}
    response = (client or APIClient()).post("/api/auth/token/", body, format="json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def status_with(token: str) -> int:
    """200, or 401 for any refused token (DRF answers 403 when the session comes first)."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    status = client.get("/api/incidents/").status_code
    return 401 if status == 403 else status


@pytest.mark.django_db
def test_it_gives_a_token_for_a_shift_of_api_token_ttl_hours(cast: Any, settings: Any) -> None:
    # Issue 17: tokens never expired.
    from knox.models import AuthToken

    settings.API_TOKEN_TTL_HOURS = 12
    body = {"username": "dispatcher", "password": PASSWORD}
    answer = APIClient().post("/api/auth/token/", body, format="json").json()
    expiry = parse_datetime(answer["expiry"])
    assert abs(expiry - timezone.now() - timedelta(hours=12)) < timedelta(minutes=1)
    assert status_with(answer["token"]) == 200
    AuthToken.objects.update(expiry=timezone.now() - timedelta(seconds=1))
    assert status_with(answer["token"]) == 401
    settings.API_TOKEN_TTL_HOURS = 2
    answer = APIClient().post("/api/auth/token/", body, format="json").json()
    expiry = parse_datetime(answer["expiry"])
    assert abs(expiry - timezone.now() - timedelta(hours=2)) < timedelta(minutes=1)


@pytest.mark.django_db
def test_it_revokes_every_token_when_the_password_changes(cast: Any) -> None:
    # Issue 17: a token outlived the password it was given for.
    tokens = [token_for("damkar"), token_for("damkar")]
    other = token_for("dinkes")
    user = cast["damkar"]
    user.set_password("a-new-password-42")
    user.save()
    assert [status_with(t) for t in tokens] == [401, 401]
    assert status_with(other) == 200


@pytest.mark.django_db
def test_it_revokes_every_token_when_the_account_is_disabled(cast: Any) -> None:
    from knox.models import AuthToken

    token = token_for("damkar")
    user = cast["damkar"]
    user.is_active = False
    user.save()
    assert not AuthToken.objects.filter(user=user).exists()
    user.is_active = True
    user.save()
    assert status_with(token) == 401


@pytest.mark.django_db
def test_it_logs_out_the_current_token(cast: Any) -> None:
    # Issue 17: a user could not revoke their own token.
    current, other = token_for("damkar"), token_for("damkar")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {current}")
    assert client.post("/api/auth/logout/").status_code == 204
    assert status_with(current) == 401
    assert status_with(other) == 200


@pytest.mark.django_db
def test_it_logs_out_every_token_of_the_user(cast: Any) -> None:
    tokens = [token_for("damkar"), token_for("damkar")]
    other = token_for("dinkes")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {tokens[0]}")
    assert client.post("/api/auth/logoutall/").status_code == 204
    assert [status_with(t) for t in tokens] == [401, 401]
    assert status_with(other) == 200


@pytest.mark.django_db
def test_it_asks_for_a_token_to_log_out(cast: Any) -> None:
    assert APIClient().post("/api/auth/logout/").status_code in (401, 403)
    assert APIClient().post("/api/auth/logoutall/").status_code in (401, 403)


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["Token \x00", "Token a\x00b", "Token ²³", "Token " + "f" * 500])
def test_it_refuses_a_token_that_cannot_be_one(cast: Any, header: str) -> None:
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=header)
    assert client.get("/api/incidents/").status_code in (401, 403)
