"""The base maps, built with folium and handed to the browser as JSON.

Why not folium's own HTML: folium renders a page with inline `<script>` blocks
(the map, its layers, popups) and CDN links. Inline scripts would need
`script-src 'unsafe-inline'`, which would also let any injected markup run, and
folium's Popup/Tooltip are script-injection sinks for user text. So folium
builds the map here (centre, zoom, controls, tile layer, marker cluster, with
their Leaflet option names), `map_config()` reads those objects into a plain
dict, the template ships it in a `json_script` block, and the static file
`frontend/map.js` creates the same Leaflet map from it. Incident data never
passes through folium: it comes as JSON (snapshot, websocket) and is rendered
with textContent in JS.

folium's asset lists are pointed at our static copies as well, so even the
folium document itself (`offline_document()`, used by tests) loads nothing from
a CDN.
"""

from __future__ import annotations

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


def build_map(*, cluster: bool = True, zoom: int | None = None) -> folium.Map:
    """The folium map every page starts from: centre, zoom, tiles, cluster layer."""
    fmap = folium.Map(
        location=list(settings.MAP_CENTER),
        zoom_start=zoom if zoom is not None else settings.MAP_ZOOM,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
        max_zoom=settings.MAP_TILES_MAX_ZOOM,
    )
    # folium hands min/max zoom to the tile layer it creates, and there is none
    # here: without them on the map itself a map with no tile layer (MAP_TILES_URL
    # empty, offline deployments) has no maxZoom, and markercluster refuses it.
    fmap.options.update(min_zoom=0, max_zoom=settings.MAP_TILES_MAX_ZOOM)
    _use_local_assets(fmap)
    url = settings.MAP_TILES_URL
    if url:
        folium.TileLayer(
            tiles=url,
            attr=settings.MAP_TILES_ATTRIBUTION or "tiles",
            name="tiles",
            max_zoom=settings.MAP_TILES_MAX_ZOOM,
            max_native_zoom=settings.MAP_TILES_MAX_ZOOM,
        ).add_to(fmap)
    if cluster:
        layer = MarkerCluster(name="incidents", options=dict(CLUSTER_OPTIONS))
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


def map_config(fmap: folium.Map) -> dict[str, Any]:
    """What map.js needs to create the folium map in Leaflet, as plain JSON."""
    options = _camel(fmap.options)
    zoom = options.pop("zoom", settings.MAP_ZOOM)
    config: dict[str, Any] = {
        "id": fmap.get_name(),
        "center": list(fmap.location),
        "zoom": zoom,
        "options": options,
        "scale": bool(fmap.control_scale),
        "tiles": [],
        "cluster": None,
        # Drawn under the tiles when they fail or there are none (frontend/basemap.py).
        "basemap": basemap.page_config(),
    }
    for child in fmap._children.values():
        if isinstance(child, folium.TileLayer):
            config["tiles"].append({"url": child.tiles, "options": _camel(child.options)})
        elif isinstance(child, MarkerCluster):
            config["cluster"] = _camel(child.options)
    return config


def page_map_config(*, cluster: bool = True, zoom: int | None = None) -> dict[str, Any]:
    return map_config(build_map(cluster=cluster, zoom=zoom))


def offline_document(fmap: folium.Map) -> str:
    """folium's own HTML of a map: used to check that it references no CDN."""
    return fmap.get_root().render()
