"""frontend.basemap: the shipped offline base map, its files and names, and where
each deployment's maps open."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
import sys

import pytest
from django.test import Client

from dispatch.profiles import PROFILES
from frontend import basemap
from frontend.maps import page_map_config
from tests.servers import ROOT

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate"}


def gazetteer_codes() -> list[str]:
    with gzip.open(basemap.GAZETTEER, "rt", encoding="utf-8") as handle:
        return [line.split("\t", 1)[0] for line in handle if not line.startswith("#")]


def villages() -> list[tuple[str, float, float]]:
    with gzip.open(basemap.GAZETTEER, "rt", encoding="utf-8") as handle:
        rows = [line.split("\t") for line in handle if not line.startswith("#")]
    return [(r[0], float(r[2]), float(r[3])) for r in rows if len(r[0]) == 10 and r[2]]


def test_every_file_of_the_index_is_shipped_whole_and_small() -> None:
    index = basemap.index()
    provinces = [code for code in gazetteer_codes() if len(code) == 2]
    assert sorted(index["provinces"]) == sorted(provinces)
    assert set(index["files"]) == {"land.json.gz"} | {f"p{p}.json.gz" for p in provinces}
    total = 0
    for name, listed in index["files"].items():
        packed = (basemap.BASEMAP_DIR / name).read_bytes()
        assert hashlib.sha256(packed).hexdigest() == listed["sha256"], name
        data = json.loads(gzip.decompress(packed))
        assert data["scale"] == 10_000
        total += len(packed)
    assert total == index["total_bytes"]
    assert total < 1_500_000  # well under 2 MB, all of Indonesia
    assert set(index["detailed"]) >= {"16", "18", "71"}


def test_a_province_file_has_land_regency_and_district_lines() -> None:
    data = json.loads(gzip.decompress((basemap.BASEMAP_DIR / "p18.json.gz").read_bytes()))
    assert data["code"] == "18"
    assert data["land"] and data["regencies"] and data["districts"]
    # Delta-encoded: the first point of a line is absolute, in Lampung.
    lon, lat = data["districts"][0][:2]
    assert 103 < lon / 10_000 < 107 and -7 < lat / 10_000 < -3
    south, west, north, east = basemap.index()["provinces"]["18"]["bbox"]
    assert south < -5.4 < north and west < 105.26 < east  # Kota Bandar Lampung


def test_the_page_config_points_at_served_files(client: Client) -> None:
    config = page_map_config()["basemap"]
    assert config["files"].startswith("/peta/dasar/{name}?v=")
    assert config["labels"].startswith("/peta/label/{code}.json?v=")
    assert len(config["provinces"]) == 38
    _code, name, south, west, north, east, lat, lon = next(
        p for p in config["provinces"] if p[0] == "18"
    )
    assert name == "Lampung" and south < lat < north and west < lon < east
    response = client.get(config["files"].replace("{name}", "p18.json.gz"), **GZIP)
    assert response.status_code == 200


def test_a_file_is_served_gzipped_with_a_long_cache_and_an_etag(client: Client) -> None:
    config = basemap.page_config()
    url = config["files"].replace("{name}", "land.json.gz")
    response = client.get(url, **GZIP)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Encoding"] == "gzip"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Accept-Encoding" in response["Vary"]
    assert json.loads(gzip.decompress(response.content))["coarse"]
    # Asked again with its ETag: nothing to download.
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"], **GZIP)
    assert again.status_code == 304 and again.content == b""
    # An old (or no) version is not kept for a year, and a client without gzip gets JSON.
    plain = client.get("/peta/dasar/land.json.gz?v=old")
    assert plain["Cache-Control"] == "public, max-age=3600"
    assert "Content-Encoding" not in plain
    assert json.loads(plain.content)["scale"] == 10_000


@pytest.mark.parametrize(
    "name", ["index.json", "README.md", "..%2Fbasemap.py", "p99.json.gz", "land.json"]
)
def test_only_the_files_of_the_build_are_served(client: Client, name: str) -> None:
    assert client.get(f"/peta/dasar/{name}").status_code == 404


def test_place_names_of_a_province_come_from_the_gazetteer(client: Client) -> None:
    response = client.get(basemap.page_config()["labels"].replace("{code}", "18"), **GZIP)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    data = json.loads(gzip.decompress(response.content))
    regencies = {name for name, _, _ in data["regencies"]}
    assert {"Kota Bandar Lampung", "Kab. Lampung Selatan"} <= regencies
    assert len(data["regencies"]) == 15
    districts = {name: (lat, lon) for name, lat, lon in data["districts"]}
    lat, lon = districts["Kedaton"]
    assert abs(lat + 5.38) < 0.05 and abs(lon - 105.25) < 0.05
    villages = [code for code in gazetteer_codes() if len(code) == 10 and code[:2] == "18"]
    # Every village of the province with a centroid (a few have none).
    assert len(villages) - 20 <= len(data["villages"]) <= len(villages)
    assert client.get("/peta/label/99.json").status_code == 404
    assert client.get("/peta/label/1871.json").status_code == 404


def test_the_base_map_urls_need_no_sign_in_and_set_no_cookie(client: Client) -> None:
    # The public map uses them too; nothing personal in them.
    response = client.get("/peta/label/71.json")
    assert response.status_code == 200
    assert not response.cookies


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_each_deployment_opens_its_maps_on_its_own_area(name: str) -> None:
    """dispatch/profiles.py: the centre is in the home region (its nearest village
    is), inside a province the base map draws in detail, and the zoom shows the
    region (a city 12, a regency 9, a province 8)."""
    profile = PROFILES[name]
    lat, lon = profile.map_center
    nearest = min((abs(v_lat - lat) + abs(v_lon - lon), code) for code, v_lat, v_lon in villages())
    assert nearest[0] < 0.1, nearest  # about 10 km
    home = profile.home_region.replace(".", "")
    assert nearest[1].startswith(home), (name, nearest)
    province = home[:2]
    assert province in basemap.index()["detailed"]
    south, west, north, east = basemap.index()["provinces"][province]["bbox"]
    assert south < lat < north and west < lon < east
    city = name in ("bandar-lampung", "bitung")
    expected = 8 if len(home) == 2 else 12 if city else 9
    assert profile.map_zoom == expected, name


PAGE_MAP = (
    "import django, json; django.setup(); from frontend.maps import page_map_config; "
    "c = page_map_config(); print(json.dumps([c['center'], c['zoom']]))"
)


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_the_pages_of_each_deployment_get_its_centre_and_zoom(name: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("MAP_CENTER", "MAP_ZOOM")}
    env.update(PROFILE=name, DJANGO_SETTINGS_MODULE="config.settings")
    out = subprocess.run(
        [sys.executable, "-c", PAGE_MAP],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    center, zoom = json.loads(out.strip().splitlines()[-1])
    assert center == list(PROFILES[name].map_center)
    assert zoom == PROFILES[name].map_zoom
