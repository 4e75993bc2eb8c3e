"""POST /api/auth/token/: integrations get a token for the Authorization header."""

from __future__ import annotations

from typing import Any

import pytest
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
