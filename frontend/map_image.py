"""The reports' map as a PNG, drawn on the server from the offline base map.

folium renders HTML with scripts, which a PDF cannot hold and the statistics page's
CSP would refuse; a leader's report must also print and open with no network. So
the picture is drawn here with Pillow: the land and the regency and district lines
of frontend/basemap (the same files the live map draws offline), and a disc per
kelurahan at the gazetteer's centroid, larger and darker with more incidents
there (one scale for every report). The picture holds shapes only: no text, and
PNG metadata is not written, so no caller's words, name or number can be in it
(the builder hands it codes and counts only).
"""

from __future__ import annotations

import base64
import gzip
import io
import json
import math
from functools import lru_cache
from typing import Any

from django.conf import settings
from PIL import Image, ImageDraw

from frontend.basemap import BASEMAP_DIR
from geo.regions import get_regions, undotted

WIDTH = 900
HEIGHT = 640
SEA = (214, 230, 240)
LAND = (243, 240, 232)
REGENCY_LINE = (150, 140, 130)
DISTRICT_LINE = (200, 192, 182)
# Light to dark red: few to many incidents in a kelurahan.
RAMP = ((253, 204, 138), (252, 141, 89), (227, 74, 51), (179, 0, 0))
RAMP_FROM = (1, 2, 5, 10)
MAX_RADIUS = 26
MIN_RADIUS = 2


@lru_cache(maxsize=16)
def region_bbox(code: str) -> tuple[float, float, float, float]:
    """(south, west, north, east) of the villages under a Kemendagri code, padded."""
    prefix = undotted(code)
    regions = get_regions()
    lats, lons = [], []
    for index, village_code in enumerate(regions.codes):
        if village_code.startswith(prefix) and len(village_code) >= 10:
            lats.append(regions.lats[index])
            lons.append(regions.lons[index])
    if not lats:
        return (-11.0, 95.0, 6.0, 141.0)  # Indonesia
    pad_lat = max(0.02, (max(lats) - min(lats)) * 0.08)
    pad_lon = max(0.02, (max(lons) - min(lons)) * 0.08)
    return (min(lats) - pad_lat, min(lons) - pad_lon, max(lats) + pad_lat, max(lons) + pad_lon)


@lru_cache(maxsize=40)
def _basemap_file(name: str) -> dict[str, Any]:
    return json.loads(gzip.decompress((BASEMAP_DIR / name).read_bytes()))


def _decode(flat: list[int], scale: int) -> list[tuple[float, float]]:
    """[x0, y0, dx1, dy1, ...] in 1/scale degrees -> [(lon, lat), ...] (basemap.js's decode)."""
    points = []
    x = y = 0
    for index in range(0, len(flat), 2):
        x += flat[index]
        y += flat[index + 1]
        points.append((x / scale, y / scale))
    return points


class Projection:
    """Longitude and latitude to pixels: equirectangular, shrunk east-west by cos(lat)."""

    def __init__(self, bbox: tuple[float, float, float, float]) -> None:
        south, west, north, east = bbox
        self.cos = math.cos(math.radians((south + north) / 2))
        span_x = (east - west) * self.cos
        span_y = north - south
        self.scale = min(WIDTH / span_x, HEIGHT / span_y)
        # Centred: the box's unused side is split evenly.
        self.left = west - (WIDTH / self.scale - span_x) / 2 / self.cos
        self.top = north + (HEIGHT / self.scale - span_y) / 2

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return ((lon - self.left) * self.cos * self.scale, (self.top - lat) * self.scale)


def render_png(*, points: list[dict[str, Any]], home_region: str) -> bytes:
    """The map of a report as PNG bytes: base map, then a disc per kelurahan."""
    project = Projection(region_bbox(home_region))
    image = Image.new("RGB", (WIDTH, HEIGHT), SEA)
    draw = ImageDraw.Draw(image)
    _draw_basemap(draw, project, home_region[:2])
    _draw_points(draw, project, points)
    out = io.BytesIO()
    # No pnginfo: the picture carries no text chunk at all.
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _draw_basemap(draw: ImageDraw.ImageDraw, project: Projection, province: str) -> None:
    land = _basemap_file("land.json.gz")
    for polygon in land["coarse"] + land["neighbours"]:
        for ring in polygon[:1]:
            draw.polygon([project(*p) for p in _decode(ring, land["scale"])], fill=LAND)
    name = f"p{province}.json.gz"
    if not (BASEMAP_DIR / name).exists():
        return
    detail = _basemap_file(name)
    scale = detail["scale"]
    for polygon in detail["land"]:
        draw.polygon([project(*p) for p in _decode(polygon[0], scale)], fill=LAND)
        for hole in polygon[1:]:
            draw.polygon([project(*p) for p in _decode(hole, scale)], fill=SEA)
    for line in detail["districts"]:
        draw.line([project(*p) for p in _decode(line, scale)], fill=DISTRICT_LINE, width=1)
    for line in detail["regencies"]:
        draw.line([project(*p) for p in _decode(line, scale)], fill=REGENCY_LINE, width=2)


def colour(count: int) -> tuple[int, int, int]:
    """The ramp's step of a count: 1, 2-4, 5-9, 10 and more (the same in every report)."""
    step = sum(count >= bound for bound in RAMP_FROM) - 1
    return RAMP[max(0, step)]


def radius(count: int) -> float:
    """Disc area grows with the count (the eye compares areas), on one scale for every
    report, so two maps compare; capped so a busy kelurahan does not cover the city."""
    return min(MAX_RADIUS, MIN_RADIUS + 2.5 * math.sqrt(max(0, count)))


def _draw_points(
    draw: ImageDraw.ImageDraw, project: Projection, points: list[dict[str, Any]]
) -> None:
    # Big discs first, so a small one next to them stays visible.
    for point in sorted(points, key=lambda p: -p["count"]):
        x, y = project(point["lon"], point["lat"])
        r = radius(point["count"])
        draw.ellipse(
            (x - r, y - r, x + r, y + r),
            fill=colour(point["count"]),
            outline=(90, 0, 0),
        )


def data_uri(points: list[dict[str, Any]]) -> str:
    """The picture inline in a page (the CSP allows data: images): no second request,
    and the page prints as it is."""
    png = render_png(points=points, home_region=settings.HOME_REGION)
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
