"""The Content-Security-Policy header, on every page and answer."""

from __future__ import annotations

from typing import Any

import pytest

from frontend.middleware import build_policy, tile_source

pytestmark = pytest.mark.django_db

PAGES = [
    ("dispatcher", "/"),
    ("supervisor", "/statistik/"),
    ("supervisor", "/statistik/harian/"),
    ("supervisor", "/statistik/harian.csv"),
    ("damkar", "/agency/"),
    ("anonymous", "/publik/"),
    ("anonymous", "/lapor/"),
    ("anonymous", "/lacak/"),
    ("anonymous", "/lacak/NOPE123456/"),  # a 404
    ("citizen", "/"),  # a 403
    ("anonymous", "/"),  # a redirect
    ("anonymous", "/accounts/login/"),
    ("anonymous", "/health/"),
    ("dispatcher", "/api/incidents/"),
]


def directives(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.mark.parametrize(("name", "path"), PAGES)
def test_it_is_on_every_response(page_client: Any, name: str, path: str) -> None:
    response = page_client(name).get(path)
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["img-src"] == "'self' data: https://tile.openstreetmap.org"
    assert policy["connect-src"] == "'self' ws: wss:"


def test_it_allows_images_from_the_configured_tile_host(page_client: Any, settings: Any) -> None:
    settings.MAP_TILES_URL = "https://{s}.tiles.example.id/osm/{z}/{x}/{y}.png"
    policy = directives(page_client("anonymous").get("/publik/")["Content-Security-Policy"])
    assert policy["img-src"] == "'self' data: https://*.tiles.example.id"


def test_it_allows_no_outside_host_for_local_tiles(page_client: Any, settings: Any) -> None:
    settings.MAP_TILES_URL = "/tiles/{z}/{x}/{y}.png"
    policy = directives(page_client("anonymous").get("/publik/")["Content-Security-Policy"])
    assert policy["img-src"] == "'self' data:"


def test_it_turns_tile_templates_into_sources() -> None:
    assert tile_source("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == (
        "https://tile.openstreetmap.org"
    )
    assert tile_source("http://{s}.tile.local:8080/{z}/{x}/{y}.png") == "http://*.tile.local:8080"
    assert tile_source("") == ""
    assert "'unsafe-inline'" not in build_policy("https://tile.openstreetmap.org/{z}/{x}/{y}.png")
