"""The offline base map: land, sea, borders and place names with no tile server.

With no internet (a flood, a closed government network) or MAP_TILES_URL empty,
the maps would be grey with markers floating on it. The browser instead draws
this base map under the tile layer (frontend/static/frontend/basemap.js):

- `frontend/basemap/*.json.gz`, built by frontend/build_basemap.py: the land of
  the region and the province borders (`land.json.gz`, one file), and per
  province its land at full detail with its regency and district lines
  (`p18.json.gz`). Served by `base_file` as they are stored, gzipped.
- Place names from the gazetteer (geo/data/gazetteer.tsv.gz): per province its
  regencies, districts and villages with their centroids, served by
  `base_labels` and built once per process.

Both answers carry a version in their URL (`?v=`) and are cached by the browser
for a year: a page load costs nothing after the first, and a new build or a new
gazetteer changes the URL. The browser fetches only the provinces in view, and
only once the tiles fail (or there are none).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.views.decorators.http import require_safe

from geo.regions import DATA_FILE as GAZETTEER

BASEMAP_DIR = Path(__file__).resolve().parent / "basemap"
INDEX = BASEMAP_DIR / "index.json"

# A URL with the current version never changes content: the browser keeps it.
IMMUTABLE = "public, max-age=31536000, immutable"
# One with another (or no) version may: an hour, then it asks again (ETag).
REVALIDATE = "public, max-age=3600"

LEVELS = {4: "regencies", 6: "districts", 10: "villages"}


@lru_cache(maxsize=1)
def index() -> dict[str, Any]:
    """frontend/basemap/index.json: file versions, province boxes and label points."""
    return json.loads(INDEX.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def gazetteer_version() -> str:
    return hashlib.sha256(GAZETTEER.read_bytes()).hexdigest()[:16]


def page_config() -> dict[str, Any]:
    """What basemap.js needs, for the page's map config (a few kB)."""
    data = index()
    file_url = reverse("frontend:base-file", args=["NAME"]).replace("NAME", "{name}")
    labels_url = reverse("frontend:base-labels", args=["00"]).replace("00", "{code}")
    return {
        "files": f"{file_url}?v={data['version']}",
        "labels": f"{labels_url}?v={gazetteer_version()}",
        # [code, name, south, west, north, east, label lat, label lon]
        "provinces": [
            [code, p["name"], *p["bbox"], *p["label"]] for code, p in data["provinces"].items()
        ],
    }


# --- the files of the build ------------------------------------------------------


@lru_cache(maxsize=64)
def _stored(name: str) -> bytes:
    return (BASEMAP_DIR / name).read_bytes()


@require_safe
def base_file(request: HttpRequest, name: str) -> HttpResponse:
    """`land.json.gz`, `p18.json.gz`, ...: only the files the build listed."""
    listed = index()["files"].get(name)
    if listed is None:
        raise Http404("no such base map file")
    return _gzipped_json(request, _stored(name), listed["sha256"][:16], index()["version"])


# --- place names from the gazetteer -----------------------------------------------


def _short(name: str) -> str:
    # "Kabupaten Lampung Selatan" is long for a map: "Kab. Lampung Selatan".
    return "Kab. " + name[len("Kabupaten ") :] if name.startswith("Kabupaten ") else name


@lru_cache(maxsize=64)
def _labels(code: str) -> bytes:
    """The province's regencies, districts and villages as [name, lat, lon], in the
    order basemap.js places them where they overlap."""
    out: dict[str, Any] = {"code": code, **{level: [] for level in LEVELS.values()}}
    with gzip.open(GAZETTEER, "rt", encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith(code) or line[0] == "#":
                continue
            row_code, name, lat, lon, *_ = line.rstrip("\n").split("\t")
            level = LEVELS.get(len(row_code))
            if level is None or not lat:  # the province itself, or no centroid
                continue
            out[level].append([_short(name), float(lat), float(lon)])
    # Names are placed in this order where they would overlap: a city (kota) before
    # the regency around it, which often has its seat next door.
    out["regencies"].sort(key=lambda row: not row[0].startswith("Kota "))
    raw = json.dumps(out, separators=(",", ":"), ensure_ascii=False).encode()
    return gzip.compress(raw, compresslevel=9, mtime=0)


@require_safe
def base_labels(request: HttpRequest, code: str) -> HttpResponse:
    if code not in index()["provinces"]:
        raise Http404("no such province")
    version = gazetteer_version()
    packed = _labels(code)
    return _gzipped_json(request, packed, f"{version}-{code}", version)


# --- the answer ---------------------------------------------------------------------


def _gzipped_json(request: HttpRequest, packed: bytes, etag: str, version: str) -> HttpResponse:
    cache = IMMUTABLE if request.GET.get("v") == version else REVALIDATE
    quoted = f'"{etag}"'
    if quoted in request.headers.get("If-None-Match", ""):
        response: HttpResponse = HttpResponseNotModified()
    elif "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(packed, content_type="application/json")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(packed), content_type="application/json")
    response["ETag"] = quoted
    response["Cache-Control"] = cache
    response["Vary"] = "Accept-Encoding"
    return response
