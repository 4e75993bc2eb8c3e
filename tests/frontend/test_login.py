"""/accounts/login/ in the frontend's style, and where each role lands."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_it_renders_the_login_page(page_client: Any) -> None:
    response = page_client("anonymous").get("/accounts/login/?next=/statistik/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html and 'name="password"' in html
    assert 'name="next" value="/statistik/"' in html
    assert "/static/frontend/app.css" in html


def test_it_signs_a_dispatcher_in_to_the_console(cast: Any) -> None:
    client = Client()
    response = client.post("/accounts/login/", {"username": "dispatcher", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_it_sends_agency_staff_on_to_their_board(cast: Any) -> None:
    client = Client()
    client.post("/accounts/login/", {"username": "damkar", "password": PASSWORD})
    response = client.get("/", follow=True)
    assert response.redirect_chain == [("/agency/", 302)]


def test_it_says_when_the_password_is_wrong(cast: Any) -> None:
    response = Client().post("/accounts/login/", {"username": "dispatcher", "password": "nope"})
    assert response.status_code == 200
    assert b"Wrong username or password" in response.content


def test_it_signs_out_with_a_post(page_client: Any) -> None:
    client = page_client("dispatcher")
    assert b'action="/accounts/logout/"' in client.get("/").content
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_it_says_why_signing_in_fails_over_plain_http_with_secure_cookies(
    settings: Any,
) -> None:
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_SSL_REDIRECT = False  # else plain HTTP never reaches the page
    warning = b"Signing in will fail on this connection"
    # Plain HTTP (and a proxy in front, if any, says so too).
    plain = {"HTTP_X_FORWARDED_PROTO": "http"}
    assert warning in Client().get("/accounts/login/", **plain).content
    assert warning not in Client().get("/accounts/login/", secure=True).content
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    assert warning not in Client().get("/accounts/login/", **plain).content
