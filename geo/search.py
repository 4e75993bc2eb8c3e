"""Place names as an operator types them: kelurahan/desa, kecamatan and kabupaten/kota
of the offline gazetteer whose name holds the typed letters, the call centre's own
area first. It locates nothing by itself: the operator picks one of the answers.
"""

from __future__ import annotations

from typing import Any

from geo.address import name_key
from geo.regions import LEVEL_NAMES, PROVINCE, Regions, get_regions, undotted

MIN_KEY = 3  # two letters match half the villages of the country


def regions_named(text: str, *, home: str, limit: int = 8) -> list[dict[str, Any]]:
    """[{code, name, level, names, lat, lon}], best first: the home area before the
    rest, a name that starts with the letters before one that holds them, the
    finer level (a kelurahan) before the coarser."""
    key = name_key(text)
    if len(key) < MIN_KEY:
        return []
    regions = get_regions()
    home_code = undotted(home or "")
    found: dict[int, tuple[int, int, int, str]] = {}
    for name, ids in regions.keys.items():
        where = name.find(key)
        if where < 0:
            continue
        for region_id in ids:
            level = regions.levels[region_id]
            if level == PROVINCE:
                continue
            outside = 0 if home_code and regions.codes[region_id].startswith(home_code) else 1
            fit = 0 if name == key else 1 if where == 0 else 2
            rank = (outside, fit, -level, regions.names[region_id])
            if region_id not in found or rank < found[region_id]:
                found[region_id] = rank
    best = sorted(found, key=lambda region_id: found[region_id])[:limit]
    return [_answer(regions, region_id) for region_id in best]


def _answer(regions: Regions, region_id: int) -> dict[str, Any]:
    chain = regions.chain(region_id)
    return {
        "code": regions.region_dict(region_id)["code"],
        "name": regions.names[region_id],
        "level": LEVEL_NAMES[regions.levels[region_id]],
        # "Sidodadi, Kedaton, Kota Bandar Lampung": the parents tell namesakes apart.
        "names": ", ".join(regions.names[r] for r in chain if regions.levels[r] != PROVINCE),
        "lat": regions.lats[region_id],
        "lon": regions.lons[region_id],
    }
