"""Landmarks (markets, campuses, hospitals...) as an in-memory index for the matcher.

ORM-free on purpose: geo.services builds a LandmarkIndex from the `Place` table and
hands it to the gazetteer, which stays importable without Django.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field

from geo.address import name_key, sms_forms, without_repeat
from geo.regions import Regions, undotted


@dataclass(frozen=True, slots=True)
class Landmark:
    name: str
    lat: float
    lon: float
    kind: str = ""
    aliases: tuple[str, ...] = ()
    region_code: str = ""

    @property
    def wide(self) -> bool:
        """A park, a forest, a mountain, a lake or a bay: an area of many villages,
        whose point says little of where in it something happens."""
        return self.name.lower().startswith(WIDE)


_serials = itertools.count(1)

WIDE = ("taman nasional", "cagar alam", "suaka margasatwa", "hutan", "gunung", "danau", "teluk")

# A visitor says a landmark's kind after its name, in English: "Tanjung Api-Api
# port" for Pelabuhan Tanjung Api-Api, "Bambu Kuning market" for Pasar Bambu Kuning.
ENGLISH_KINDS = {
    "pelabuhan": ("port", "harbour", "harbor"),
    "dermaga": ("pier", "jetty"),
    "pasar": ("market",),
    "terminal": ("terminal", "bus terminal"),
    "bandara": ("airport",),
    "stasiun": ("station", "train station", "railway station"),
    "pantai": ("beach",),
    "masjid": ("mosque",),
    "monumen": ("monument",),
    "rsud": ("hospital",),
    "rs": ("hospital",),
    "rumah sakit": ("hospital",),
    "taman nasional": ("national park",),
    "universitas": ("university",),
    "pulau": ("island",),
    "danau": ("lake",),
    "air terjun": ("waterfall",),
}


@dataclass(slots=True)
class LandmarkIndex:
    """Landmarks by name key, each tied to the most specific region known for it.

    `version` names the Place data it was built from (shared between processes);
    `serial` tells apart two indexes of one process, for caches keyed on the index.
    """

    version: str = "0"
    serial: int = field(default_factory=lambda: next(_serials))
    landmarks: list[Landmark] = field(default_factory=list)
    region_ids: list[int] = field(default_factory=list)
    keys: dict[str, list[int]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.landmarks)

    @classmethod
    def build(
        cls, landmarks: Iterable[Landmark], regions: Regions, version: str = "0"
    ) -> LandmarkIndex:
        index = cls(version=version)
        for landmark in landmarks:
            position = len(index.landmarks)
            index.landmarks.append(landmark)
            index.region_ids.append(_region_of(landmark, regions))
            names = (landmark.name, *landmark.aliases)
            said = [form for name in names for form in sms_forms(name)]
            said += [without_repeat(name) for name in names if "-" in name]
            for name in (*names, *said, *_in_english(names)):
                key = name_key(name)
                # A one-word alias such as "Unila" is fine; a key this short is not.
                if len(key) < 3:
                    continue
                ids = index.keys.setdefault(key, [])
                if position not in ids:
                    ids.append(position)
        return index


def _in_english(names: tuple[str, ...]) -> list[str]:
    """The names said the English way, the kind after the name (ENGLISH_KINDS)."""
    said = []
    for name in names:
        lowered = name.lower()
        for kind, english in ENGLISH_KINDS.items():
            if lowered.startswith(kind + " ") and len(lowered) > len(kind) + 1:
                rest = name[len(kind) + 1 :]
                said += [f"{rest} {word}" for word in english]
    return said


def _region_of(landmark: Landmark, regions: Regions) -> int:
    """The village under the landmark; a region code given for it wins when it is a
    village code, or when the point falls outside every village (a pier, an island)."""
    code = undotted(landmark.region_code)
    given = regions.by_code.get(code, -1) if code else -1
    if given >= 0 and len(code) == 10:
        return given
    found = regions.nearest_village(landmark.lat, landmark.lon)
    if found is not None:
        village = found[0]
        if given < 0 or regions.codes[village].startswith(code):
            return village
    return given
