"""Sign-in brute force, CSRF on session POSTs, and the production deploy check."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.conftest import BROWSER_ORIGIN, PASSWORD, database_url_of_tests
from tests.servers import ROOT


@pytest.mark.django_db
def test_it_locks_out_password_guessing_on_the_login_form(cast: Any) -> None:
    client = Client()
    for _ in range(5):
        client.post("/accounts/login/", {"username": "dispatcher", "password": "wrong"})
    # Even the right password is refused while the lockout lasts.
    response = client.post("/accounts/login/", {"username": "dispatcher", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_it_locks_out_password_guessing_on_the_token_endpoint(cast: Any) -> None:
    client = APIClient()
    for _ in range(5):
        client.post("/api/auth/token/", {"username": "damkar", "password": "x"}, format="json")
    response = client.post(
        "/api/auth/token/", {"username": "damkar", "password": PASSWORD}, format="json"
    )
    assert response.status_code in (403, 429)
    assert "token" not in response.json()


@pytest.mark.django_db
def test_it_requires_csrf_on_session_authenticated_posts(cast: Any, incident: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["damkar"])
    response = client.post(
        f"/api/incidents/{incident.pk}/claim/", "{}", content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    client.get("/accounts/login/")  # sets the csrftoken cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        f"/api/incidents/{incident.pk}/claim/",
        "{}",
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
        HTTP_ORIGIN=BROWSER_ORIGIN,  # as the console's fetch sends it (checked on HTTPS)
    )
    assert response.status_code == 200, response.content


def test_it_passes_the_deploy_check_with_production_settings() -> None:
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="dispatch.bandarlampungkota.go.id",
        CSRF_TRUSTED_ORIGINS="https://dispatch.bandarlampungkota.go.id",
        DATABASE_URL=os.environ.get("DATABASE_URL") or database_url_of_tests(),
        REDIS_URL=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_key_in_production() -> None:
    env = dict(os.environ, DEBUG="0", SECRET_KEY="")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


STRANGER, OPERATOR, PROXY = "203.0.113.7", "198.51.100.5", "10.0.0.2"


def guess_five_times(client: Any, **address: str) -> None:
    for _ in range(5):
        client.post("/accounts/login/", {"username": "dispatcher", "password": "x"}, **address)


def sign_in(client: Any, **address: str) -> int:
    body = {"username": "dispatcher", "password": PASSWORD}
    return client.post("/accounts/login/", body, **address).status_code


@pytest.mark.django_db
def test_it_locks_out_only_the_guessers_address_behind_a_proxy(cast: Any, settings: Any) -> None:
    # Issue 17: behind a proxy every sign-in came from the proxy's address, so a
    # stranger's guesses locked the dispatcher out for everyone.
    settings.NUM_PROXIES = 1
    stranger, operator = Client(), Client()
    guess_five_times(stranger, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=STRANGER)
    assert sign_in(operator, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OPERATOR) == 302
    assert sign_in(stranger, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=STRANGER) == 429
    # A forged first hop does not help: the proxy appends the address it saw.
    forged = f"192.0.2.99, {STRANGER}"
    assert sign_in(Client(), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forged) == 429


@pytest.mark.django_db
def test_it_locks_out_only_the_guessers_address_without_a_proxy(cast: Any, settings: Any) -> None:
    settings.NUM_PROXIES = 0
    guess_five_times(Client(), REMOTE_ADDR=STRANGER)
    assert sign_in(Client(), REMOTE_ADDR=OPERATOR) == 302
    # With no proxy, X-Forwarded-For is the caller's own words: it changes nothing.
    assert sign_in(Client(), REMOTE_ADDR=STRANGER, HTTP_X_FORWARDED_FOR=OPERATOR) == 429


@pytest.mark.django_db
def test_it_locks_out_the_token_endpoint_per_address_behind_a_proxy(
    cast: Any, settings: Any
) -> None:
    settings.NUM_PROXIES = 1
    client = APIClient()
    for _ in range(5):
        client.post(
            "/api/auth/token/",
            {"username": "damkar", "password": "x"},
            format="json",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=STRANGER,
        )
    body = {"username": "damkar", "password": PASSWORD}
    ok = client.post(
        "/api/auth/token/", body, format="json", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OPERATOR
    )
    assert ok.status_code == 200 and ok.json()["token"]


def production_setting(expression: str, **env: str) -> str:
    """A setting's value under production settings and this environment."""
    environ = dict(os.environ, DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), **env)
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_it_trusts_x_forwarded_proto_only_behind_a_proxy() -> None:
    # Issue 17: with no proxy in front, a client's own X-Forwarded-Proto made Django
    # take a plain-http request for https (secure cookies, redirects, CSRF).
    assert production_setting("settings.SECURE_PROXY_SSL_HEADER", NUM_PROXIES="0") == "None"
    behind = production_setting("settings.SECURE_PROXY_SSL_HEADER", NUM_PROXIES="1")
    assert behind == "('HTTP_X_FORWARDED_PROTO', 'https')"
