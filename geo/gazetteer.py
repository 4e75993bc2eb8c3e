"""Offline geocoding of Indonesian places as a geopy Geocoder.

    from geo.gazetteer import get_gazetteer
    gazetteer = get_gazetteer()
    location = gazetteer.geocode("Kedaton, Bandar Lampung")
    location.raw["code"]            # "18.71.01.1003"
    gazetteer.reverse((-5.38, 105.26)).raw["district"]   # "Kedaton"

Every result is a `geopy.location.Location` whose `raw` holds code, village,
district, regency, province, postal_code, confidence (0..1) and level (village,
district, regency, province or landmark).

The data (38 provinces, 514 regencies, 7,285 districts, 83,762 villages) loads once
per process on first use. Nothing here needs Django or the network; Django settings
(HOME_REGION) are read only when Django is configured.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from typing import Any

from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point

from geo.address import clip
from geo.evidence import UNKNOWN
from geo.landmarks import LandmarkIndex
from geo.matching import Match, Matcher
from geo.regions import LEVEL_NAMES, VILLAGE, Regions, get_regions

DEFAULT_HOME_REGION = "18.71"
PROVIDER = "gazetteer"


def home_region() -> str:
    """HOME_REGION from Django settings when Django is configured, else the default."""
    try:
        from django.conf import settings

        if settings.configured:
            return str(getattr(settings, "HOME_REGION", DEFAULT_HOME_REGION) or "")
    except ImportError:  # pragma: no cover - Django is a project dependency
        pass
    return DEFAULT_HOME_REGION


class _LRU:
    """A small thread-safe LRU: the matcher is pure, so answers can be reused."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[tuple[Any, ...], list[Match]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...]) -> list[Match] | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key: tuple[Any, ...], value: list[Match]) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


class Gazetteer(Geocoder):
    """geopy Geocoder over the bundled Kemendagri gazetteer (plus optional landmarks)."""

    def __init__(
        self,
        *,
        home_region: str | None = None,
        regions: Regions | None = None,
        cache_size: int = 4096,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._home_region = home_region
        self._regions = regions
        self._matcher: Matcher | None = None
        self._cache = _LRU(cache_size)
        self._lock = threading.Lock()

    # -- data --------------------------------------------------------------------

    @property
    def regions(self) -> Regions:
        if self._regions is None:
            self._regions = get_regions()
        return self._regions

    @property
    def matcher(self) -> Matcher:
        if self._matcher is None:
            with self._lock:
                if self._matcher is None:
                    self._matcher = Matcher(self.regions)
        return self._matcher

    @property
    def home(self) -> str:
        return self._home_region if self._home_region is not None else home_region()

    def clear_cache(self) -> None:
        self._cache.clear()

    # -- forward -----------------------------------------------------------------

    def match(
        self,
        query: str,
        *,
        landmarks: LandmarkIndex | None = None,
        free_text: bool = False,
        limit: int = 1,
        strict: bool = True,
    ) -> list[Match]:
        """The best `limit` matches for an address (or, with free_text, any text);
        `strict`: only readings with evidence (geo.evidence), as for placing a report."""
        text = clip(query)
        if not text.strip():
            return []
        home = self.home
        key = (text, free_text, landmarks.serial if landmarks else 0, home, limit, strict)
        cached = self._cache.get(key)
        if cached is None:
            cached = self.matcher.match(
                text,
                landmarks=landmarks,
                free_text=free_text,
                home=home,
                limit=limit,
                strict=strict,
            )
            self._cache.put(key, cached)
        return cached

    def geocode(
        self,
        query: str | dict[str, str],
        exactly_one: bool = True,
        timeout: Any = DEFAULT_SENTINEL,
        *,
        limit: int | None = None,
        landmarks: LandmarkIndex | None = None,
        free_text: bool = False,
        strict: bool = False,
    ) -> Location | list[Location] | None:
        """geopy-style geocode: a Location (exactly_one) or a list, None if nothing.

        `timeout` is accepted for geopy compatibility and ignored: nothing here waits.
        A dict query (geopy's structured form) is read as its values joined by commas.
        Like any geocoder it answers the best readings of the query, each with its
        evidence (raw "state", "reasons"); `strict` answers only readings with
        evidence, as report placement does (a refused reading is not found).
        """
        if isinstance(query, dict):
            query = ", ".join(str(value) for value in query.values() if value)
        wanted = 1 if exactly_one else max(1, limit or 5)
        matches = self.match(
            query, landmarks=landmarks, free_text=free_text, limit=wanted, strict=strict
        )
        if strict:
            matches = [m for m in matches if m.state != UNKNOWN]
        locations = [self.to_location(m, landmarks) for m in matches]
        if not locations:
            return None
        return locations[0] if exactly_one else locations

    def to_location(self, match: Match, landmarks: LandmarkIndex | None = None) -> Location:
        raw = self.region_raw(match.region_id)
        raw.update(
            confidence=match.confidence,
            level=match.level,
            name=match.name,
            provider=PROVIDER,
            state=match.state,
            reasons=list(match.reasons),
        )
        if match.landmark >= 0 and landmarks is not None:
            raw["kind"] = landmarks.landmarks[match.landmark].kind
        parts = [match.name] if match.level == "landmark" else []
        parts += [
            raw[level] for level in ("village", "district", "regency", "province") if raw[level]
        ]
        return Location(", ".join(parts), (match.lat, match.lon), raw)

    def region_raw(self, region_id: int) -> dict[str, Any]:
        if region_id < 0:
            return {
                "code": None,
                "village": None,
                "district": None,
                "regency": None,
                "province": None,
                "postal_code": None,
            }
        raw: dict[str, Any] = self.regions.region_dict(region_id)
        postal = (
            self.regions.postals[region_id] if self.regions.levels[region_id] == VILLAGE else ""
        )
        raw["postal_code"] = postal or None
        return raw

    # -- reverse -----------------------------------------------------------------

    def reverse(
        self,
        query: Any,
        exactly_one: bool = True,
        timeout: Any = DEFAULT_SENTINEL,
    ) -> Location | list[Location] | None:
        """The village at a point: its centroid as the Location, None outside Indonesia.

        `query` is anything geopy accepts as a point: (lat, lon), "lat, lon", Point.
        Raises ValueError for something that is no coordinate, like geopy does.
        """
        lat, lon = _coordinates(query)
        found = self.regions.nearest_village(lat, lon)
        if found is None:
            return None
        village, km = found
        reach = self.regions.reach_km[village] or 1.0
        raw = self.region_raw(village)
        raw.update(
            # A centroid stands for the village; near the edge of its reach the point
            # may well lie in the neighbour.
            confidence=round(max(0.5, 1.0 - 0.5 * km / reach), 3),
            level=LEVEL_NAMES[VILLAGE],
            name=self.regions.names[village],
            provider=PROVIDER,
            distance_km=round(km, 3),
        )
        address = ", ".join(raw[level] for level in ("village", "district", "regency", "province"))
        location = Location(address, (self.regions.lats[village], self.regions.lons[village]), raw)
        return location if exactly_one else [location]


def _coordinates(query: Any) -> tuple[float, float]:
    if isinstance(query, (tuple, list)) and len(query) == 2:
        lat, lon = float(query[0]), float(query[1])
    else:
        point = Point(query)
        lat, lon = point.latitude, point.longitude
    if not (math.isfinite(lat) and math.isfinite(lon)) or abs(lat) > 90 or abs(lon) > 180:
        raise ValueError(f"not a coordinate: {query!r}")
    return lat, lon


_instance: Gazetteer | None = None
_instance_lock = threading.Lock()


def get_gazetteer() -> Gazetteer:
    """The process-wide Gazetteer (its data loads on first use)."""
    global _instance
    if _instance is None:
        with _instance_lock:
            if _instance is None:
                _instance = Gazetteer()
    return _instance
