"""Rebuild the offline base map in frontend/basemap/ (see frontend/basemap/README.md).

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz      # Natural Earth
    git clone <wilayah_boundaries> wb && git -C wb checkout 3c5a796   # districts
    pip install shapely==2.2.0                                       # build time only
    python -m frontend.build_basemap --world-atlas package --boundaries wb

Inputs, both only read:
- world-atlas 2.0.2 `countries-10m.json`: Natural Earth 1:10m admin-0 countries
  (public domain) as TopoJSON. Everything but Indonesia is the land of the
  neighbours (Malaysia, Singapore, Timor-Leste, Papua New Guinea, ...).
- cahyadsn/wilayah_boundaries `db/kec/*.sql`: the outline of every district
  (kecamatan) with its Kemendagri code, MIT. Indonesia's land, the regency
  (kabupaten/kota) and province outlines are all derived from these, so coasts and
  borders of every level line up exactly.

Steps: the district polygons are made into a clean coverage (no overlaps, no slivers
between neighbours, shared edges identical: shapely.coverage_clean, GEOS >= 3.14),
simplified as a coverage (shared edges stay shared), then dissolved into regencies,
provinces and land. Boundaries are written once per edge, as lines: a district line
is one that is not also a regency line, a regency line one that is not a province
line. Every district code must be in geo/data/gazetteer.tsv.gz.

Output (frontend/basemap/): `land.json.gz` (the land of the whole region, coarse
and fine, and the province borders), `p{code}.json.gz` per province (its land at
full detail and its regency and district lines), `index.json` (versions, province
bounding boxes and label points). Coordinates are integers of 1e-4 degree (about
11 m), delta-encoded along each ring or line: [lon0, lat0, dlon1, dlat1, ...].

shapely is needed for this build only: the app reads the output as plain JSON.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

try:
    import shapely
    from shapely.geometry import MultiPolygon, Polygon, box
except ImportError:  # pragma: no cover - build time only: main() says what to install
    shapely = None  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = Path(__file__).resolve().parent / "basemap"
GAZETTEER = ROOT / "geo" / "data" / "gazetteer.tsv.gz"

SCALE = 10_000  # integer units per degree
# The region drawn: Indonesia and its neighbours' shores (lon/lat).
REGION = (92.0, -13.0, 143.0, 9.0)
INDONESIA_ID = "360"
# The provinces of the deployments (dispatch/profiles.py: Kota Bandar Lampung and
# Provinsi Lampung 18, Kabupaten Banyuasin 16, Kota Bitung 71): their districts are
# built from the villages' outlines, which are more detailed.
DETAILED = ["16", "18", "71"]  # ISO 3166-1 numeric, as world-atlas keys its countries
EXPECTED_DISTRICTS = 7285

# Villages of one district: gaps narrower than twice this are closed, holes smaller
# than VILLAGE_HOLE (square degrees, 0.0001 is about 1.2 km2) filled.
VILLAGE_CLOSE = 0.0004
VILLAGE_HOLE = 0.0001
# Gaps narrower than this between two districts are closed by coverage_clean.
GAP_WIDTH = 0.005
# Douglas-Peucker tolerances in degrees (0.001 is about 110 m).
FINE_TOLERANCE = 0.0008
COARSE_TOLERANCE = 0.01
# Islands smaller than this (square degrees, 0.0004 is about 5 km2) are left out
# of the coarse land, which is only drawn at zooms where they are under a pixel.
COARSE_MIN_AREA = 0.0004
# How near (degrees) a neighbour's land must be for a stretch of Indonesia's
# outline to count as a land border, and how wide a gap along it is closed.
BORDER_REACH = 0.02
BORDER_CLOSE = 0.01

ROW = re.compile(
    r"\('(?P<code>[\d.]+)',\s*'(?P<name>(?:[^']|'')*)',\s*(?P<lat>-?[\d.]+|NULL),"
    r"\s*(?P<lon>-?[\d.]+|NULL),\s*'(?P<path>\[.*\])'\)"
)


# --- inputs -----------------------------------------------------------------------------


def _polygon_from_path(path: str) -> Polygon | MultiPolygon:
    """wilayah_boundaries keeps a polygon as [[[lat, lng], ...], ...] (rings) and a
    multipolygon as a list of those: note the latitude first."""
    value = json.loads(path)
    depth, probe = 0, value
    while isinstance(probe, list):
        depth, probe = depth + 1, probe[0]
    polygons = [value] if depth == 3 else value
    parts = []
    for rings in polygons:
        xy = [[(lng, lat) for lat, lng in ring] for ring in rings]
        parts.append(Polygon(xy[0], xy[1:]))
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def read_districts(boundaries: Path) -> dict[str, Any]:
    """Kemendagri code (undotted, 6 digits) -> district polygon."""
    folder = boundaries / "db" / "kec" if (boundaries / "db").is_dir() else boundaries
    districts: dict[str, Any] = {}
    for path in sorted(folder.glob("wilayah_boundaries_kec_*.sql")):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = ROW.search(line)
            if match:
                code = match["code"].replace(".", "")
                districts[code] = _polygon_from_path(match["path"])
    if len(districts) != EXPECTED_DISTRICTS:
        sys.exit(f"{len(districts)} districts read from {folder}, {EXPECTED_DISTRICTS} expected")
    return districts


def read_village_districts(
    boundaries: Path, provinces: list[str], gazetteer: dict[str, tuple[str, float, float]]
) -> dict[str, Any]:
    """District polygons made of their villages' outlines (db/kel), which are far
    more detailed than db/kec in places (Kota Bandar Lampung's districts have 5 to
    13 points there, 300 from their villages). A district keeps its db/kec outline
    when a village of the gazetteer has no outline (a hole would be left)."""
    folder = boundaries / "db" / "kel"
    villages: dict[str, list[Any]] = defaultdict(list)
    for province in provinces:
        for path in sorted((folder / province).glob("wilayah_boundaries_kel_*.sql")):
            for line in path.read_text(encoding="utf-8").splitlines():
                match = ROW.search(line)
                if match:
                    code = match["code"].replace(".", "")
                    villages[code[:6]].append(polygonal(_polygon_from_path(match["path"])))
    expected: dict[str, int] = defaultdict(int)
    for code in gazetteer:
        if len(code) == 10 and code[:2] in provinces:
            expected[code[:6]] += 1
    out = {}
    for district, parts in villages.items():
        if len(parts) < expected[district]:
            continue
        merged = shapely.union_all(parts).buffer(VILLAGE_CLOSE).buffer(-VILLAGE_CLOSE)
        out[district] = _fill_holes(polygonal(merged), VILLAGE_HOLE)
    return out


def _fill_holes(geometry: Any, max_area: float) -> Any:
    """Without the holes smaller than max_area: gaps between villages, not enclaves."""
    parts = []
    for part in shapely.get_parts(geometry):
        holes = [ring for ring in part.interiors if Polygon(ring).area >= max_area]
        parts.append(Polygon(part.exterior, holes))
    return shapely.union_all(parts) if len(parts) != 1 else parts[0]


def gazetteer_rows() -> dict[str, tuple[str, float, float]]:
    """code -> (name, lat, lon) of every region of the gazetteer."""
    rows = {}
    with gzip.open(GAZETTEER, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            code, name, lat, lon, *_ = line.rstrip("\n").split("\t")
            if lat:
                rows[code] = (name, float(lat), float(lon))
            else:
                rows[code] = (name, float("nan"), float("nan"))
    return rows


def read_neighbours(world_atlas: Path) -> Any:
    """The land of every country but Indonesia in REGION, from the TopoJSON."""
    path = world_atlas / "countries-10m.json" if world_atlas.is_dir() else world_atlas
    topology = json.loads(path.read_text(encoding="utf-8"))
    scale = topology["transform"]["scale"]
    translate = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        points = np.cumsum(np.asarray(arc, dtype=float), axis=0)
        points[:, 0] = points[:, 0] * scale[0] + translate[0]
        points[:, 1] = points[:, 1] * scale[1] + translate[1]
        arcs.append(points)

    def ring(indexes: list[int]) -> np.ndarray:
        parts = []
        for index in indexes:
            points = arcs[index] if index >= 0 else arcs[~index][::-1]
            parts.append(points if not parts else points[1:])
        return np.concatenate(parts)

    def polygon(rings: list[list[int]]) -> Polygon:
        # Quantization can collapse a tiny island to fewer than 4 points: no ring.
        closed = [points for points in map(ring, rings) if len(points) >= 4]
        if len(closed) < len(rings) and len(ring(rings[0])) < 4:
            return Polygon()
        return Polygon(closed[0], closed[1:]) if closed else Polygon()

    region = box(*REGION)
    land = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("id") == INDONESIA_ID or geometry["type"] not in (
            "Polygon",
            "MultiPolygon",
        ):
            continue
        shapes = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for rings in shapes:
            shape = shapely.make_valid(polygon(rings))
            if not shape.is_empty and shape.intersects(region):
                land.append(shape.intersection(region))
    return shapely.union_all(land)


# --- geometry ---------------------------------------------------------------------------


def polygonal(geometry: Any) -> Any:
    """The polygons of a geometry made valid (make_valid can add stray lines)."""
    geometry = shapely.make_valid(geometry)
    parts = [
        part
        for part in shapely.get_parts(geometry)
        if part.geom_type in ("Polygon", "MultiPolygon") and not part.is_empty
    ]
    return shapely.union_all(parts) if len(parts) != 1 else parts[0]


def coverage(districts: dict[str, Any]) -> tuple[list[str], np.ndarray]:
    codes = sorted(districts)
    polygons = [polygonal(districts[code]) for code in codes]
    print(f"cleaning {len(polygons)} districts as one coverage...", file=sys.stderr)
    cleaned = shapely.coverage_clean(polygons, gap_width=GAP_WIDTH)
    simplified = shapely.coverage_simplify(cleaned, FINE_TOLERANCE)
    if not shapely.coverage_is_valid(simplified):
        sys.exit("the simplified districts are not a valid coverage")
    return codes, simplified


def dissolve(codes: list[str], polygons: np.ndarray, length: int) -> dict[str, Any]:
    groups: dict[str, list[Any]] = defaultdict(list)
    for code, polygon in zip(codes, polygons, strict=True):
        if not polygon.is_empty:
            groups[code[:length]].append(polygon)
    return {code: shapely.coverage_union_all(parts) for code, parts in sorted(groups.items())}


def outline(polygons: list[Any]) -> Any:
    """Every edge of these polygons once (shared edges are identical in a coverage)."""
    return shapely.union_all([shapely.boundary(polygon) for polygon in polygons])


def lines_only(lines: Any, minus: Any) -> Any:
    """The parts of `lines` not on `minus`, merged into as few lines as possible."""
    rest = shapely.difference(lines, minus) if not minus.is_empty else lines
    return shapely.line_merge(rest) if not rest.is_empty else rest


def close_border_gaps(indonesia: Any, neighbours: Any) -> Any:
    """The neighbours' land plus the slivers of sea that two sources leave between
    Indonesia and them along a land border (Kalimantan, Timor, New Guinea)."""
    border = shapely.boundary(indonesia).intersection(neighbours.buffer(BORDER_REACH))
    zone = border.buffer(BORDER_REACH)
    both = shapely.union_all([indonesia.intersection(zone), neighbours.intersection(zone)])
    closed = both.buffer(BORDER_CLOSE).buffer(-BORDER_CLOSE)
    gaps = closed.difference(both)
    return shapely.union_all([neighbours.difference(indonesia), gaps.difference(indonesia)])


def drop_small(geometry: Any, min_area: float) -> Any:
    parts = [p for p in shapely.get_parts(geometry) if p.area >= min_area]
    return shapely.union_all(parts) if parts else Polygon()


# --- encoding ---------------------------------------------------------------------------


def _delta(coords: np.ndarray) -> list[int] | None:
    points = np.round(np.asarray(coords)[:, :2] * SCALE).astype(np.int64)
    keep = np.ones(len(points), dtype=bool)
    keep[1:] = np.any(points[1:] != points[:-1], axis=1)
    points = points[keep]
    if len(points) < 2:
        return None
    return np.vstack([points[:1], np.diff(points, axis=0)]).ravel().tolist()


def encode_polygons(geometry: Any) -> list[list[list[int]]]:
    """[[exterior, hole, ...], ...] of delta-encoded rings (each closed: last = first)."""
    out = []
    for part in shapely.get_parts(geometry):
        if part.geom_type != "Polygon" or part.is_empty:
            continue
        rings = []
        for ring in [part.exterior, *part.interiors]:
            encoded = _delta(ring.coords)
            if encoded and len(encoded) >= 8:
                rings.append(encoded)
        if rings:
            out.append(rings)
    return out


def encode_lines(geometry: Any) -> list[list[int]]:
    out = []
    for part in shapely.get_parts(geometry):
        if part.geom_type == "LinearRing":
            part = shapely.LineString(part.coords)
        if part.geom_type != "LineString" or part.is_empty:
            continue
        encoded = _delta(part.coords)
        if encoded:
            out.append(encoded)
    return out


def write(name: str, data: dict[str, Any]) -> tuple[str, int, int]:
    raw = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    # mtime=0 and no file name in the header: the same input gives the same bytes.
    packed = gzip.compress(raw, compresslevel=9, mtime=0)
    (OUT_DIR / name).write_bytes(packed)
    return hashlib.sha256(packed).hexdigest(), len(raw), len(packed)


def bbox(geometry: Any) -> list[float]:
    west, south, east, north = geometry.bounds
    return [round(south, 3), round(west, 3), round(north, 3), round(east, 3)]


# --- build ------------------------------------------------------------------------------


def write_provinces(
    files: dict[str, Any],
    provinces: dict[str, Any],
    regencies: dict[str, Any],
    codes: list[str],
    polygons: list[Any],
    gazetteer: dict[str, Any],
) -> dict[str, Any]:
    """One file per province (its land, regency and district lines) into `files`;
    returns the index entry of each province."""
    regency_edges = outline(list(regencies.values()))
    entries: dict[str, Any] = {}
    by_province: dict[str, list[str]] = defaultdict(list)
    for code in regencies:
        by_province[code[:2]].append(code)
    for code, land in provinces.items():
        own_regencies = [regencies[r] for r in by_province[code]]
        regency_lines = lines_only(outline(own_regencies), outline([land]))
        own_districts = [
            polygon
            for d, polygon in zip(codes, polygons, strict=True)
            if d.startswith(code) and not polygon.is_empty
        ]
        district_lines = lines_only(outline(own_districts), regency_edges)
        name = f"p{code}.json.gz"
        files[name] = write(
            name,
            {
                "scale": SCALE,
                "code": code,
                "land": encode_polygons(land),
                "regencies": encode_lines(regency_lines),
                "districts": encode_lines(district_lines),
            },
        )
        point = land.point_on_surface() if land.geom_type == "Polygon" else _label_point(land)
        entries[code] = {
            "name": gazetteer[code][0],
            "bbox": bbox(land),
            "label": [round(point.y, 4), round(point.x, 4)],
        }
    return entries


def build(world_atlas: Path, boundaries: Path, detailed: list[str]) -> dict[str, Any]:
    gazetteer = gazetteer_rows()
    districts = read_districts(boundaries)
    unknown = sorted(code for code in districts if code not in gazetteer)
    if unknown:
        sys.exit(f"district codes not in the gazetteer: {unknown[:10]}")
    from_villages = read_village_districts(boundaries, detailed, gazetteer)
    print(
        f"{len(from_villages)} districts of {','.join(detailed)} from their villages",
        file=sys.stderr,
    )
    districts.update(from_villages)
    codes, polygons = coverage(districts)
    regencies = dissolve(codes, polygons, 4)
    provinces = dissolve(codes, polygons, 2)
    indonesia = shapely.coverage_union_all(list(provinces.values()))
    print("the neighbours' land...", file=sys.stderr)
    neighbours = close_border_gaps(indonesia, read_neighbours(world_atlas))

    province_lines = lines_only(outline(list(provinces.values())), shapely.boundary(indonesia))
    coarse = shapely.simplify(
        drop_small(shapely.union_all([indonesia, neighbours]), COARSE_MIN_AREA),
        COARSE_TOLERANCE,
    )
    # The coarse outline of Indonesia itself, for zooms with no province loaded yet.
    files: dict[str, Any] = {}
    files["land.json.gz"] = write(
        "land.json.gz",
        {
            "scale": SCALE,
            "coarse": encode_polygons(coarse),
            "neighbours": encode_polygons(shapely.simplify(neighbours, FINE_TOLERANCE)),
            "provinces": encode_lines(shapely.simplify(province_lines, FINE_TOLERANCE / 2)),
        },
    )
    index: dict[str, Any] = {
        "provinces": write_provinces(files, provinces, regencies, codes, polygons, gazetteer)
    }
    total = sum(size for _, _, size in files.values())
    index["files"] = {
        name: {"sha256": digest, "bytes": size} for name, (digest, _, size) in files.items()
    }
    index["version"] = hashlib.sha256(
        "".join(digest for digest, _, _ in files.values()).encode()
    ).hexdigest()[:16]
    index["total_bytes"] = total
    index["detailed"] = detailed
    (OUT_DIR / "index.json").write_text(_index_text(index), encoding="utf-8")
    for name, (_, raw, packed) in sorted(files.items()):
        print(f"{name:16} {raw:>9,} bytes, {packed:>8,} gzipped", file=sys.stderr)
    print(f"total {total:,} bytes gzipped", file=sys.stderr)
    return index


def _index_text(index: dict[str, Any]) -> str:
    """index.json with one line per province and per file: short, and diffs read well."""
    lines = ["{"]
    for key in ("version", "total_bytes", "detailed"):
        lines.append(f"  {json.dumps(key)}: {json.dumps(index[key])},")
    for key in ("provinces", "files"):
        lines.append(f'  "{key}": {{')
        items = list(index[key].items())
        for i, (name, value) in enumerate(items):
            comma = "," if i < len(items) - 1 else ""
            entry = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
            lines.append(f'    "{name}": {entry}{comma}')
        lines.append("  }," if key == "provinces" else "  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _label_point(land: Any) -> Any:
    """A point inside the largest part of a province (islands of the rest)."""
    largest = max(shapely.get_parts(land), key=lambda part: part.area)
    return largest.point_on_surface()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--world-atlas", type=Path, required=True, help="world-atlas package")
    parser.add_argument(
        "--boundaries", type=Path, required=True, help="wilayah_boundaries checkout (or db/kec)"
    )
    parser.add_argument(
        "--detailed",
        default=",".join(DETAILED),
        help="provinces whose districts are drawn from their villages' outlines",
    )
    args = parser.parse_args(argv)
    if shapely is None or not hasattr(shapely, "coverage_clean"):
        sys.exit("build_basemap needs shapely 2.2 (GEOS >= 3.14): pip install shapely==2.2.0")
    OUT_DIR.mkdir(exist_ok=True)
    build(args.world_atlas, args.boundaries, [p for p in args.detailed.split(",") if p])


if __name__ == "__main__":
    main()
