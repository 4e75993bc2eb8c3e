"""`/lapangan/`: the field app's page, manifest and service worker (server side)."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

from units.views import SHELL_STATIC

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(cast: dict[str, Any]) -> Any:
    def make(name: str) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="id")
        if cast.get(name) is not None:
            client.force_login(cast[name])
            # Staff screens ignore the browser's language (frontend.middleware): the
            # tests run an English deployment, so these crews chose Indonesian.
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
        return client

    return make


def page_data(response: Any) -> dict[str, Any]:
    html = response.content.decode()
    found = re.search(r'<script id="page-data" type="application/json">(.*?)</script>', html, re.S)
    assert found, "no page data"
    return json.loads(found.group(1))


def test_it_opens_for_agency_staff_with_their_own_units_only(signed_in: Any, units: Any) -> None:
    response = signed_in("damkar").get("/lapangan/")
    assert response.status_code == 200
    data = page_data(response)
    assert [u["call_sign"] for u in data["units"]] == ["DAMKAR-01", "DAMKAR-02", "DAMKAR-T1"]
    assert data["agency"]["id"] == units["engine_near"].agency_id
    assert data["steps"] == ["en_route", "on_scene", "transporting", "returning", "available"]
    assert data["transitions"]["assigned"] == ["available", "en_route", "out_of_service"]
    assert data["position_interval_s"] == 15
    assert data["worker"] == "/lapangan/sw.js"
    assert "csrftoken" in response.cookies


def test_it_speaks_indonesian_with_the_crews_words(signed_in: Any, units: Any) -> None:
    response = signed_in("damkar").get("/lapangan/")
    html = response.content.decode()
    for word in ["Berangkat", "Tiba", "Membawa pasien", "Kembali", "Tersedia", "Bertugas"]:
        assert f">{word}<" in html, word
    assert page_data(response)["labels"]["unit_status"]["en_route"] != "En route"


def test_it_links_the_manifest_and_loads_scripts_only_from_files(signed_in: Any) -> None:
    response = signed_in("dinkes").get("/lapangan/")
    html = response.content.decode()
    assert '<link rel="manifest" href="/lapangan/manifest.webmanifest">' in html
    scripts = re.findall(r"<script([^>]*)>", html)
    assert all("src=" in attrs or "application/json" in attrs for attrs in scripts), scripts
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_it_sends_anonymous_users_to_the_login_page(signed_in: Any) -> None:
    response = signed_in("anonymous").get("/lapangan/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/lapangan/"


@pytest.mark.parametrize("name", ["dispatcher", "supervisor", "citizen"])
def test_it_refuses_everyone_but_agency_staff_and_says_why(signed_in: Any, name: str) -> None:
    response = signed_in(name).get("/lapangan/")
    assert response.status_code == 403
    html = response.content.decode()
    assert 'id="field-refused"' in html
    assert "Aplikasi lapangan untuk awak instansi" in html
    assert "page-data" not in html


def test_it_serves_a_manifest_for_an_installable_app(signed_in: Any) -> None:
    response = signed_in("anonymous").get("/lapangan/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["start_url"] == "/lapangan/"
    assert manifest["scope"] == "/lapangan/"
    assert manifest["display"] == "standalone"
    assert manifest["name"] and manifest["short_name"]
    assert manifest["icons"] == [
        {
            "src": "/static/frontend/icon.svg",
            "sizes": "any",
            "type": "image/svg+xml",
            "purpose": "any",
        }
    ]


def test_it_serves_the_worker_from_the_apps_scope_never_cached(signed_in: Any) -> None:
    response = signed_in("anonymous").get("/lapangan/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/lapangan/"
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    body = response.content.decode()
    shell = json.loads(re.search(r"const SHELL = (\[.*?\]);", body).group(1))
    assert shell[:2] == ["/lapangan/", "/lapangan/manifest.webmanifest"]
    assert shell[2:] == [f"/static/{path}" for path in SHELL_STATIC]
    assert "{%" not in body and "{{" not in body and "&quot;" not in body


def test_it_caches_every_script_the_page_imports() -> None:
    """A file the page imports but the worker does not keep breaks the page offline."""
    kept = set(SHELL_STATIC)
    todo, seen = ["units/field.js"], set()
    while todo:
        name = todo.pop()
        assert name in kept, f"{name} is loaded by the page but not kept offline"
        seen.add(name)
        source = Path(finders.find(name)).read_text()
        for target in re.findall(r'from "(\.[^"]+)"', source):
            todo.append(posixpath.normpath(posixpath.join(posixpath.dirname(name), target)))
    assert {"units/field-sync.js", "frontend/common.js", "realtime/client.js"} <= seen
