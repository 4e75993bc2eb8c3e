"""The base maps, built with folium and handed to the browser as JSON.

Why not folium's own HTML: folium renders a page with inline `<script>` blocks
(the map, its layers, popups) and CDN links. Inline scripts would need
`script-src 'unsafe-inline'`, which would also let any injected markup run, and
folium's Popup/Tooltip are script-injection sinks for user text. So the
map's configuration (centre, zoom, controls, tile layer, marker cluster, with
their Leaflet option names) is built here as a plain dict, `page_map_config()`;
the template ships it in a `json_script` block, and the static file
`frontend/map.js` creates the Leaflet map from it. `build_map()` hands the same
dict to folium's public constructors, whose own document is checked offline. Incident data never
passes through folium: it comes as JSON (snapshot, websocket) and is rendered
with textContent in JS.

folium's asset lists are pointed at our static copies as well, so even the
folium document itself (`offline_document()`, used by tests) loads nothing from
a CDN.
"""

from __future__ import annotations

import uuid
from typing import Any

import folium
from django.conf import settings
from django.templatetags.static import static
from folium.plugins import MarkerCluster
from folium.utilities import camelize

from frontend import basemap

LEAFLET_JS = "frontend/vendor/leaflet/leaflet.js"
LEAFLET_CSS = "frontend/vendor/leaflet/leaflet.css"
CLUSTER_JS = "frontend/vendor/markercluster/leaflet.markercluster.js"
CLUSTER_CSS = "frontend/vendor/markercluster/MarkerCluster.css"
CLUSTER_DEFAULT_CSS = "frontend/vendor/markercluster/MarkerCluster.Default.css"

# Clusters split into single markers from this zoom on: a street-level view shows
# every incident. Chunked loading keeps the page responsive with thousands.
CLUSTER_OPTIONS = {
    "chunkedLoading": True,
    "maxClusterRadius": 50,
    "disableClusteringAtZoom": 17,
    "spiderfyOnMaxZoom": True,
    "showCoverageOnHover": False,
}


def _camel(options: dict[str, Any]) -> dict[str, Any]:
    return {camelize(key): value for key, value in options.items() if value is not None}


def page_map_config(*, cluster: bool = True, zoom: int | None = None) -> dict[str, Any]:
    """What map.js needs to create the map in Leaflet, as plain JSON: centre, zoom,
    the map's options, the tile layer and the cluster layer, with Leaflet's option names.

    Built as data from the settings, not read back out of folium objects (folium
    keeps its layers in a private attribute); `build_map()` hands the same data to
    folium's public constructors."""
    zoom = zoom if zoom is not None else settings.MAP_ZOOM
    url = settings.MAP_TILES_URL
    tiles = []
    if url:
        tiles.append({"url": url, "options": _camel(_tile_options())})
    return {
        "id": f"map_{uuid.uuid4().hex}",
        "center": list(settings.MAP_CENTER),
        "zoom": zoom,
        "options": _camel(_map_options()),
        "scale": True,
        "tiles": tiles,
        "cluster": dict(CLUSTER_OPTIONS) if cluster else None,
        # Drawn under the tiles when they fail or there are none (frontend/basemap.py).
        "basemap": basemap.page_config(),
    }


def _map_options() -> dict[str, Any]:
    """Leaflet's options of the map itself, as folium gives them for our settings.

    min/max zoom sit on the map, not only on a tile layer: a map with no tile layer
    (MAP_TILES_URL empty, offline deployments) would have no maxZoom, and
    markercluster refuses such a map."""
    return {
        "zoom_control": True,
        "prefer_canvas": False,
        "min_zoom": 0,
        "max_zoom": settings.MAP_TILES_MAX_ZOOM,
    }


def _tile_options() -> dict[str, Any]:
    return {
        "min_zoom": 0,
        "max_zoom": settings.MAP_TILES_MAX_ZOOM,
        "max_native_zoom": settings.MAP_TILES_MAX_ZOOM,
        "no_wrap": False,
        "attribution": settings.MAP_TILES_ATTRIBUTION or "tiles",
        "subdomains": "abc",
        "detect_retina": False,
        "tms": False,
        "opacity": 1,
    }


def build_map(config: dict[str, Any] | None = None) -> folium.Map:
    """The same map as folium objects, through folium's public constructors (for its
    own HTML document, `offline_document()`)."""
    config = config or page_map_config()
    options = config["options"]
    fmap = folium.Map(
        location=config["center"],
        zoom_start=config["zoom"],
        tiles=None,
        control_scale=config["scale"],
        prefer_canvas=options["preferCanvas"],
    )
    # folium hands min/max zoom to the tile layer it creates, and there is none here.
    fmap.options.update(min_zoom=options["minZoom"], max_zoom=options["maxZoom"])
    _use_local_assets(fmap)
    for tile in config["tiles"]:
        folium.TileLayer(
            tiles=tile["url"],
            attr=tile["options"]["attribution"],
            name="tiles",
            max_zoom=tile["options"]["maxZoom"],
            max_native_zoom=tile["options"]["maxNativeZoom"],
        ).add_to(fmap)
    if config["cluster"] is not None:
        layer = MarkerCluster(name="incidents", options=dict(config["cluster"]))
        layer.default_js = [("markerclusterjs", static(CLUSTER_JS))]
        layer.default_css = [
            ("markerclustercss", static(CLUSTER_CSS)),
            ("markerclusterdefaultcss", static(CLUSTER_DEFAULT_CSS)),
        ]
        layer.add_to(fmap)
    return fmap


def _use_local_assets(fmap: folium.Map) -> None:
    """Only Leaflet itself: the bootstrap/jquery/awesome-markers folium adds are unused."""
    fmap.default_js = [("leaflet", static(LEAFLET_JS))]
    fmap.default_css = [("leaflet_css", static(LEAFLET_CSS))]


def offline_document(fmap: folium.Map) -> str:
    """folium's own HTML of a map (its public `get_root().render()`): used by tests to
    check that it references no CDN."""
    return fmap.get_root().render()
