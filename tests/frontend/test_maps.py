"""frontend.maps: the page gets the map's options as JSON, built as plain data; folium
builds the same map through its public API."""

from __future__ import annotations

import re
from typing import Any

from frontend.maps import build_map, offline_document, page_map_config


def test_it_reads_the_folium_map_into_leaflet_options(settings: Any) -> None:
    settings.MAP_TILES_URL = "https://{s}.tiles.example.id/{z}/{x}/{y}.png"
    settings.MAP_TILES_ATTRIBUTION = "&copy; Contoh"
    settings.MAP_CENTER = [-5.41, 105.26]
    settings.MAP_ZOOM = 13
    config = page_map_config()
    assert config["id"].startswith("map_")
    assert config["center"] == [-5.41, 105.26]
    assert config["zoom"] == 13
    assert config["scale"] is True
    assert config["options"]["zoomControl"] is True
    [tiles] = config["tiles"]
    assert tiles["url"] == "https://{s}.tiles.example.id/{z}/{x}/{y}.png"
    assert tiles["options"]["attribution"] == "&copy; Contoh"
    assert tiles["options"]["maxZoom"] == 19
    assert config["cluster"]["disableClusteringAtZoom"] == 17


def test_it_leaves_the_tile_layer_out_when_no_url_is_set(settings: Any) -> None:
    settings.MAP_TILES_URL = ""
    config = page_map_config()
    assert config["tiles"] == []


def test_folium_own_document_loads_nothing_from_a_cdn() -> None:
    html = offline_document(build_map())
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/frontend/vendor/leaflet/leaflet.js" in urls
    assert "/static/frontend/vendor/markercluster/leaflet.markercluster.js" in urls
    assert all(url.startswith("/static/") for url in urls), urls


def test_the_map_itself_has_zoom_limits_when_there_is_no_tile_layer(settings: Any) -> None:
    # Without a tile layer Leaflet has no maxZoom but the map's, and markercluster
    # throws "Map has no maxZoom specified": the console never went live.
    settings.MAP_TILES_URL = ""
    settings.MAP_TILES_MAX_ZOOM = 18
    options = page_map_config()["options"]
    assert options["minZoom"] == 0
    assert options["maxZoom"] == 18


def test_it_hands_the_config_to_folium_public_constructors(settings: Any) -> None:
    settings.MAP_TILES_URL = "https://{s}.tiles.example.id/{z}/{x}/{y}.png"
    settings.MAP_TILES_MAX_ZOOM = 18
    config = page_map_config(zoom=9)
    html = offline_document(build_map(config))
    assert "https://{s}.tiles.example.id/{z}/{x}/{y}.png" in html
    assert '"maxZoom": 18' in html
    assert "disableClusteringAtZoom" in html


def test_it_reads_no_private_attribute_of_folium() -> None:
    from pathlib import Path

    source = (Path(__file__).resolve().parents[2] / "frontend" / "maps.py").read_text()
    assert "._children" not in source and "._parent" not in source
