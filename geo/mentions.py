"""Places of the call centre's area a text names, strongly or not: what duplicate
matching compares of two reports no point places (dispatch.matching).

The geocoder puts a report on the map only on strong evidence (geo.evidence): a
village named without a marker may be a word, a namesake elsewhere or a person.
Two reports that both say "Sindang Sari" still speak of one place, even when
neither says it strongly enough to be placed. An everyday word alone ("pasar",
"sawah") is left out: two callers who both speak of "the market" say nothing of
which one.
"""

from __future__ import annotations

from functools import lru_cache

from geo.gazetteer import get_gazetteer
from geo.regions import DISTRICT, LEVEL_NAMES, VILLAGE, undotted
from geo.words import is_everyday

LEVELS = (VILLAGE, DISTRICT)


@lru_cache(maxsize=4096)
def home_places_named(text: str, home: str) -> frozenset[str]:
    """The villages and kecamatan of the area `home` (a Kemendagri code) whose exact
    names the text says, as "village:Sindang Sari" or "district:Betung"."""
    matcher = get_gazetteer().matcher
    regions = matcher.regions
    area = undotted(home)
    named = set()
    for span in matcher.spans(text, None, free_text=True):
        if span.sim < 1.0 or span.postal or all(is_everyday(w) for w in span.words):
            continue
        for region_id in span.ids:
            level = regions.levels[region_id]
            if level in LEVELS and regions.codes[region_id].startswith(area):
                named.add(f"{LEVEL_NAMES[level]}:{regions.names[region_id]}")
    return frozenset(named)


def village_of(code: str) -> str:
    """The village a Kemendagri code is, as home_places_named names it
    ("village:Bitung Tengah"); "" for a kecamatan or a code not known."""
    regions = get_gazetteer().matcher.regions
    region_id = regions.by_code.get(undotted(code), -1)
    if region_id < 0 or regions.levels[region_id] != VILLAGE:
        return ""
    return f"{LEVEL_NAMES[VILLAGE]}:{regions.names[region_id]}"
