"""The gazetteer tables: every province, regency, district and village of Indonesia.

Loaded once per process from geo/data/gazetteer.tsv.gz (see build_gazetteer.py) into
flat lists indexed by an integer id; rows are sorted by code, so a parent always has
a smaller id than its children. Pure Python: importable without Django.
"""

from __future__ import annotations

import gc
import gzip
import math
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from geo.address import name_key, name_tokens, sms_forms, tail_form
from geo.build_gazetteer import haversine_km

DATA_FILE = Path(__file__).resolve().parent / "data" / "gazetteer.tsv.gz"

PROVINCE, REGENCY, DISTRICT, VILLAGE = 0, 1, 2, 3
LEVEL_NAMES = ("province", "regency", "district", "village")
_LEVEL_BY_LENGTH = {2: PROVINCE, 4: REGENCY, 6: DISTRICT, 10: VILLAGE}

# Reverse geocoding grid: cells of GRID_CELL degrees (about 5.5 km). In Java a cell
# holds a handful of villages; in Papua most are empty and the search widens ring by
# ring, up to the largest village reach.
GRID_CELL = 0.05
_GRID_STRIDE = 10_000
KM_PER_DEGREE = 111.195
# Numbered villages of one name ("Jagabaya I", "II", "III") this close together are
# what a caller means by the name alone: placed between them, approximately.
SIBLING_KM = 3.0
# A town split into kecamatan by the points of the compass ("Langowan" into Langowan
# Barat, Timur, Selatan and Utara) is still called by its old name; its parts lie
# this close together.
TOWN_KM = 25.0
COMPASS = frozenset({"barat", "timur", "utara", "selatan", "tengah", "pusat"})
# A bounding box around Indonesia (plus the largest reach): points outside it are
# answered without touching the grid.
BBOX = (-12.0, 7.0, 94.0, 142.0)

# Names callers use for provinces and regencies besides the official ones.
PROVINCE_ALIASES = {
    "11": ["NAD", "Nanggroe Aceh Darussalam"],
    "12": ["Sumut"],
    "13": ["Sumbar"],
    "15": [],
    "16": ["Sumsel"],
    "18": [],
    "19": ["Babel", "Bangka Belitung"],
    "21": ["Kepri"],
    "31": ["DKI Jakarta", "DKI", "Jakarta"],
    "32": ["Jabar"],
    "33": ["Jateng"],
    "34": ["DIY", "Yogyakarta", "Jogja", "Jogjakarta", "DI Yogyakarta"],
    "35": ["Jatim"],
    "51": [],
    "52": ["NTB"],
    "53": ["NTT"],
    "61": ["Kalbar"],
    "62": ["Kalteng"],
    "63": ["Kalsel"],
    "64": ["Kaltim"],
    "65": ["Kaltara"],
    "71": ["Sulut"],
    "72": ["Sulteng"],
    "73": ["Sulsel"],
    "74": ["Sultra"],
    "76": ["Sulbar"],
    "82": ["Malut"],
}
REGENCY_ALIASES = {
    "1801": ["Lamsel"],
    "1802": ["Lamteng"],
    "1803": ["Lampura"],
    "1804": ["Lambar"],
    "1805": ["Tuba"],
    "1807": ["Lamtim"],
    "1812": ["Tubaba"],
    "1813": ["Pesibar"],
    "1871": ["Balam", "Bandarlampung"],
    "1601": ["OKU"],
    "1602": ["OKI"],
    "1606": ["Muba"],
    "1605": ["Mura"],
    "1608": ["OKU Timur", "OKUT"],
    "1609": ["OKU Selatan", "OKUS"],
    "1610": ["OI"],
    "1612": ["PALI"],
    "1613": ["Muratara"],
    "3171": ["Jakpus"],
    "3172": ["Jakut"],
    "3173": ["Jakbar"],
    "3174": ["Jaksel"],
    "3175": ["Jaktim"],
    "3471": ["Jogja", "Kota Jogja"],
    "7106": ["Minut"],
    "7105": ["Minsel"],
    "7107": ["Mitra"],
    "7101": ["Bolmong"],
    "7108": ["Bolmut"],
    "7110": ["Boltim"],
    "7111": ["Bolsel"],
    "7109": ["Sitaro"],
}
# A regency of islands, called by their name alone ("Kepulauan Talaud": Talaud).
ISLANDS = "Kepulauan "
_REGENCY_PREFIXES = (
    ("Kabupaten Administrasi ", "kabupaten"),
    ("Kota Administrasi ", "kota"),
    ("Kabupaten ", "kabupaten"),
    ("Kota ", "kota"),
)


def dotted(code: str) -> str:
    """ "1871011003" -> "18.71.01.1003" (the Kemendagri notation)."""
    code = code.replace(".", "")
    parts = [code[:2], code[2:4], code[4:6], code[6:]]
    return ".".join(part for part in parts if part)


def undotted(code: str) -> str:
    return code.replace(".", "").strip()


def regency_base_name(name: str) -> tuple[str, str]:
    """("Kota Bandar Lampung") -> ("Bandar Lampung", "kota")."""
    for prefix, kind in _REGENCY_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :], kind
    return name, ""


@dataclass(slots=True)
class Regions:
    """Flat tables of all regions; an id is a row number."""

    codes: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    lats: list[float] = field(default_factory=list)
    lons: list[float] = field(default_factory=list)
    levels: list[int] = field(default_factory=list)
    parents: list[int] = field(default_factory=list)
    postals: list[str] = field(default_factory=list)
    reach_km: list[float] = field(default_factory=list)
    by_code: dict[str, int] = field(default_factory=dict)
    # name key -> ids of every region of that name (any level)
    keys: dict[str, list[int]] = field(default_factory=dict)
    # id -> the name key of the region (without the Kota/Kabupaten prefix)
    name_keys: list[str] = field(default_factory=list)
    # district id -> id of its village of the same name (often its centre)
    namesakes: dict[int, int] = field(default_factory=dict)
    # village id -> its numbered siblings, itself included (SIBLING_KM); district
    # id -> the kecamatan of its town (TOWN_KM)
    siblings: dict[int, tuple[int, ...]] = field(default_factory=dict)
    postal_index: dict[str, list[int]] = field(default_factory=dict)
    children: dict[int, list[int]] = field(default_factory=dict)
    # grid key -> ((lat, lon, id), ...) of villages with their own coordinates
    grid: dict[int, list[tuple[float, float, int]]] = field(default_factory=dict)
    ring_offsets: list[list[int]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.codes)

    def count(self, level: int) -> int:
        return sum(1 for value in self.levels if value == level)

    def chain(self, region_id: int) -> list[int]:
        """The region and its ancestors, most specific first."""
        out = []
        while region_id >= 0:
            out.append(region_id)
            region_id = self.parents[region_id]
        return out

    def region_dict(self, region_id: int) -> dict[str, str | None]:
        """{code, village, district, regency, province}: None below the region's level."""
        out: dict[str, str | None] = {
            "code": dotted(self.codes[region_id]),
            "village": None,
            "district": None,
            "regency": None,
            "province": None,
        }
        for ancestor in self.chain(region_id):
            out[LEVEL_NAMES[self.levels[ancestor]]] = self.names[ancestor]
        return out

    def nearest_village(self, lat: float, lon: float) -> tuple[int, float] | None:
        """(village id, distance in km) of the village whose centroid is nearest, or
        None when the point is farther from it than the village reaches (the sea,
        another country) or not a valid coordinate."""
        if not (BBOX[0] <= lat <= BBOX[1] and BBOX[2] <= lon <= BBOX[3]):
            return None  # also rejects NaN: every comparison with NaN is false
        cos_lat = math.cos(math.radians(lat))
        ci = math.floor(lat / GRID_CELL)
        cj = math.floor(lon / GRID_CELL)
        base = ci * _GRID_STRIDE + cj
        grid = self.grid
        best = math.inf
        best_id = -1
        for ring, offsets in enumerate(self.ring_offsets):
            for offset in offsets:
                cell = grid.get(base + offset)
                if cell is None:
                    continue
                for vlat, vlon, vid in cell:
                    dy = vlat - lat
                    dx = (vlon - lon) * cos_lat
                    d = dy * dy + dx * dx
                    if d < best:
                        best, best_id = d, vid
            # Every cell not yet visited is at least `ring` cells away in each
            # direction (measured in the shorter, east-west degrees).
            edge = ring * GRID_CELL * cos_lat
            if best_id >= 0 and best <= edge * edge:
                break
        if best_id < 0:
            return None
        km = math.sqrt(best) * KM_PER_DEGREE
        if km > self.reach_km[best_id]:
            return None
        return best_id, km


def load_regions(path: Path = DATA_FILE) -> Regions:
    """Read the data file into Regions (about 0.5 s and 65 MB of Python objects)."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        text = handle.read()
    regions = Regions()
    # Hundreds of thousands of new containers would trigger the cyclic garbage
    # collector dozens of times, for nothing: none of them is garbage yet.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        _read_rows(regions, text)
        _index_names(regions)
        _index_siblings(regions)
        _index_towns(regions)
        _index_grid(regions)
    finally:
        if was_enabled:
            gc.enable()
    return regions


_PARENT_LENGTH = {2: 0, 4: 2, 6: 4, 10: 6}


def _read_rows(regions: Regions, text: str) -> None:
    # Column-wise: splitting and converting whole columns runs in C, a per-row loop
    # of appends would take most of the load time.
    rows = [line.split("\t") for line in text.split("\n") if line and line[0] != "#"]
    codes, names, lats, lons, postals, reaches = (
        list(column) for column in zip(*rows, strict=True)
    )
    regions.codes, regions.names, regions.postals = codes, names, postals
    by_code = regions.by_code = dict(zip(codes, range(len(codes)), strict=True))
    regions.levels = [_LEVEL_BY_LENGTH[len(code)] for code in codes]
    regions.parents = [by_code.get(code[: _PARENT_LENGTH[len(code)]], -1) for code in codes]
    regions.reach_km = [int(value) / 10 if value else 0.0 for value in reaches]
    out_lats: list[float] = []
    out_lons: list[float] = []
    for region_id, (lat, lon) in enumerate(zip(lats, lons, strict=True)):
        if lat:
            out_lats.append(float(lat))
            out_lons.append(float(lon))
        else:
            # A few villages have no centroid in the source: use their district's
            # (reach 0 keeps them out of the reverse grid).
            parent = regions.parents[region_id]
            out_lats.append(out_lats[parent])
            out_lons.append(out_lons[parent])
    regions.lats, regions.lons = out_lats, out_lons
    for region_id, parent in enumerate(regions.parents):
        if parent >= 0:
            regions.children.setdefault(parent, []).append(region_id)
        postal = postals[region_id]
        if postal:
            regions.postal_index.setdefault(postal, []).append(region_id)


def _add_key(regions: Regions, key: str, region_id: int) -> None:
    if not key:
        return
    ids = regions.keys.get(key)
    if ids is None:
        regions.keys[key] = [region_id]
    elif ids[-1] != region_id:
        ids.append(region_id)


def _index_names(regions: Regions) -> None:
    district_keys: dict[int, str] = {}
    cache: dict[str, str] = {}
    name_keys = regions.name_keys
    for region_id, name in enumerate(regions.names):
        level = regions.levels[region_id]
        if level == REGENCY:
            name_keys.append(_index_regency(regions, region_id, name))
            continue
        # Many villages share a name (98 "Sidomulyo"): normalize each name once.
        key = cache.get(name)
        if key is None:
            key = cache[name] = name_key(name)
        name_keys.append(key)
        _add_key(regions, key, region_id)
        if "-" in name:
            for said in sms_forms(name):
                _add_key(regions, name_key(said), region_id)
        if level == PROVINCE:
            for alias in PROVINCE_ALIASES.get(regions.codes[region_id], ()):
                _add_key(regions, name_key(alias), region_id)
        elif level == DISTRICT:
            district_keys[region_id] = key
        elif level == VILLAGE:
            district = regions.parents[region_id]
            if district_keys.get(district) == key and district not in regions.namesakes:
                regions.namesakes[district] = region_id


def _index_siblings(regions: Regions) -> None:
    """Key the common name of numbered villages of one regency that lie close
    together ("jagabaya" for Jagabaya I, II and III), unless a village of the
    regency carries that name itself."""
    groups: dict[tuple[int, str], list[int]] = {}
    levels = regions.levels
    for region_id, name in enumerate(regions.names):
        # Cheap first: most names do not end in a numeral.
        if (
            levels[region_id] != VILLAGE
            or not tail_form(name[name.rfind(" ") + 1 :].lower()).isdigit()
        ):
            continue
        tokens = name_tokens(name)
        if len(tokens) < 2 or not tail_form(tokens[-1]).isdigit():
            continue
        regency = regions.parents[regions.parents[region_id]]
        groups.setdefault((regency, name_key(" ".join(tokens[:-1]))), []).append(region_id)
    for (regency, base), ids in groups.items():
        if len(ids) >= 2 and _spread_km(regions, ids) <= SIBLING_KM:
            _key_group(regions, regency, base, ids)


def _index_towns(regions: Regions) -> None:
    """Key a town's old name for the kecamatan it was split into by the points of
    the compass, in one regency ("langowan" for Langowan Barat, Timur, Selatan and
    Utara), unless a region of the regency carries the name itself or it is an
    everyday word ("Pesisir" Tengah, Selatan and Utara: "di pesisir" is a coast)."""
    from geo.words import is_everyday  # the word list is read only when needed

    groups: dict[tuple[int, str], list[int]] = {}
    for region_id, name in enumerate(regions.names):
        if regions.levels[region_id] != DISTRICT:
            continue
        tokens = name_tokens(name)
        if len(tokens) < 2 or tokens[-1] not in COMPASS:
            continue
        town = name_key(" ".join(tokens[:-1]))
        groups.setdefault((regions.parents[region_id], town), []).append(region_id)
    for (regency, town), ids in groups.items():
        if len(ids) >= 2 and _spread_km(regions, ids) <= TOWN_KM and not is_everyday(town):
            _key_group(regions, regency, town, ids)


def _key_group(regions: Regions, regency: int, key: str, ids: list[int]) -> None:
    """Key the name a group of regions of one regency shares for all of them, unless
    a region of the regency by that very name is what it means."""
    if any(regency in regions.chain(other) for other in regions.keys.get(key, ())):
        return
    for region_id in ids:
        _add_key(regions, key, region_id)
        regions.siblings[region_id] = tuple(ids)


def _spread_km(regions: Regions, ids: list[int]) -> float:
    """The greatest distance between two of the regions' centres."""
    lats, lons = regions.lats, regions.lons
    return max(
        haversine_km(lats[a], lons[a], lats[b], lons[b])
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
    )


def _index_regency(regions: Regions, region_id: int, name: str) -> str:
    base, kind = regency_base_name(name)
    key = name_key(base)
    _add_key(regions, key, region_id)
    _add_key(regions, name_key(name), region_id)
    # The official name with its prefix is a key too ("Kota Bandar Lampung"), and so
    # is the short form without "Administrasi" ("Kota Jakarta Pusat").
    _add_key(regions, name_key(kind) + key, region_id)
    for alias in REGENCY_ALIASES.get(regions.codes[region_id], ()):
        _add_key(regions, name_key(alias), region_id)
    islands = base.removeprefix(ISLANDS)
    if islands != base:
        # "Talaud", "Sangihe", "Mentawai": the islands without the word for them.
        _add_key(regions, name_key(islands), region_id)
    return key


def _index_grid(regions: Regions) -> None:
    grid = regions.grid
    for region_id, level in enumerate(regions.levels):
        if level != VILLAGE or not regions.reach_km[region_id]:
            continue
        lat, lon = regions.lats[region_id], regions.lons[region_id]
        key = math.floor(lat / GRID_CELL) * _GRID_STRIDE + math.floor(lon / GRID_CELL)
        grid.setdefault(key, []).append((lat, lon, region_id))
    max_reach = max(regions.reach_km, default=0.0)
    rings = math.ceil(max_reach / (KM_PER_DEGREE * GRID_CELL * math.cos(math.radians(11)))) + 1
    regions.ring_offsets = [_ring(r) for r in range(rings + 1)]


def _ring(radius: int) -> list[int]:
    if radius == 0:
        return [0]
    return [
        di * _GRID_STRIDE + dj
        for di in range(-radius, radius + 1)
        for dj in range(-radius, radius + 1)
        if max(abs(di), abs(dj)) == radius
    ]


_lock = threading.Lock()
_regions: Regions | None = None


def get_regions() -> Regions:
    """The process-wide tables, loaded on first use."""
    global _regions
    if _regions is None:
        with _lock:
            if _regions is None:
                _regions = load_regions()
    return _regions


@lru_cache(maxsize=4096)
def names_of(code: str) -> dict[str, str | None] | None:
    """{code, village, district, regency, province} of a Kemendagri code ("18.71.01.1003"
    or undotted); None for an unknown or empty code. The screens show places by name."""
    key = undotted(code or "")
    if not key:
        return None
    regions = get_regions()
    region_id = regions.by_code.get(key, -1)
    return regions.region_dict(region_id) if region_id >= 0 else None
