"""`/`: the dispatcher console page (server side; the live parts are browser tests)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def page_data(response: Any) -> dict[str, Any]:
    match = re.search(
        r'<script id="page-data" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert match, "no page-data block"
    return json.loads(match.group(1))


@pytest.mark.parametrize("name", ["dispatcher", "supervisor"])
def test_it_opens_for_the_desk(page_client: Any, name: str) -> None:
    response = page_client(name).get("/")
    assert response.status_code == 200
    assert response.templates[0].name == "frontend/console.html"
    assert "csrftoken" in response.cookies  # the page posts with X-CSRFToken


def test_it_trains_the_second_reader_before_the_first_preview(
    page_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    warmed: list[bool] = []
    monkeypatch.setattr("priority.reader.warm", lambda: warmed.append(True))
    page_client("dispatcher").get("/")
    assert warmed == [True]
    page_client("anonymous").get("/")  # the login page trains nothing
    assert warmed == [True]


def test_it_sends_anonymous_users_to_the_login_page(page_client: Any) -> None:
    response = page_client("anonymous").get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_it_sends_agency_staff_to_their_board(page_client: Any) -> None:
    response = page_client("damkar").get("/")
    assert response.status_code == 302
    assert response["Location"] == "/agency/"


def test_it_refuses_a_signed_in_user_without_a_role(page_client: Any) -> None:
    response = page_client("citizen").get("/")
    assert response.status_code == 403
    assert b"Not allowed" in response.content


def test_it_ships_the_map_labels_and_agencies_as_json(page_client: Any, city_agencies: Any) -> None:
    data = page_data(page_client("dispatcher").get("/"))
    assert data["map"]["tiles"][0]["url"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert data["map"]["cluster"]["chunkedLoading"] is True
    assert data["labels"]["category"]["fire"] == "Fire"
    assert data["labels"]["priority"]["P1"].startswith("P1")
    assert {a["kind"] for a in data["agencies"]} == set(city_agencies)
    assert data["now"]


def test_it_has_no_inline_script_and_only_local_assets(page_client: Any) -> None:
    html = page_client("dispatcher").get("/").content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert 'type="application/json"' in tag or 'src="/static/' in tag, tag
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not url.startswith(("http:", "https:", "//")), url
    assert not re.search(r"<[^>]*\son[a-z]+\s*=", html), "an inline event handler"
    assert not re.search(r"<[^>]*\sstyle\s*=", html), "an inline style"


def test_it_references_only_static_files_that_exist(page_client: Any) -> None:
    html = page_client("dispatcher").get("/").content.decode()
    paths = re.findall(r'(?:src|href)="/static/([^"]+)"', html)
    assert "frontend/vendor/leaflet/leaflet.js" in paths
    assert "frontend/vendor/markercluster/leaflet.markercluster.js" in paths
    for path in [*paths, "realtime/client.js", "frontend/common.js", "frontend/map.js"]:
        assert finders.find(path), path
