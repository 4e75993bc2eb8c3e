"""Locating a report: the one entry point of the triage pipeline into geo.

    from geo.services import locate
    result = locate(lat=-5.38, lon=105.26)                    # reverse
    result = locate(address="Jl. Teuku Umar, Kedaton")        # provider chain
    result = locate(text="kebakaran dekat Pasar Tugu")        # names in free text

`locate` never raises and never hangs: any input gives a LocateResult, "not found"
included (lat/lon None, confidence 0).
"""

from __future__ import annotations

import logging
import math
import threading
import uuid
from dataclasses import dataclass
from typing import Any

from geo.address import MAX_INPUT_CHARS, clip
from geo.gazetteer import get_gazetteer
from geo.landmarks import Landmark, LandmarkIndex
from geo.providers import GeoResult, get_chain, low_confidence_threshold, result_from_gazetteer

logger = logging.getLogger(__name__)

REGION_KEYS = ("code", "village", "district", "regency", "province")
PLACES_VERSION_KEY = "geo:places:version"
# A point outside every region (0,0 from a broken GPS, a typo) is kept, flagged.
OUTSIDE_CONFIDENCE = 0.3


@dataclass(frozen=True, slots=True)
class LocateResult:
    lat: float | None
    lon: float | None
    confidence: float
    provider: str
    region: dict[str, str | None] | None
    level: str | None
    low_confidence: bool

    @property
    def found(self) -> bool:
        return self.lat is not None

    def as_dict(self) -> dict[str, Any]:
        """The shape of `manage.py geocode` (docs/ARCHITECTURE.md, "Command line")."""
        return {
            "lat": None if self.lat is None else round(self.lat, 6),
            "lon": None if self.lon is None else round(self.lon, 6),
            "confidence": self.confidence,
            "provider": self.provider,
            "region": dict(self.region) if self.region else None,
        }


NOT_FOUND = LocateResult(None, None, 0.0, "none", None, None, True)


def locate(
    *,
    lat: float | None = None,
    lon: float | None = None,
    address: str = "",
    text: str = "",
) -> LocateResult:
    """Where a report is: coordinates first, then the address, then the text.

    - valid coordinates inside Indonesia: the point itself, with the region of the
      nearest village (confidence 0.9..1.0, lower towards the village's edge);
    - otherwise the address through the provider chain (GEOCODERS);
    - otherwise, or if the text names a place more confidently, place names and
      landmarks found in the free text;
    - coordinates outside every region with nothing better: kept, region None,
      confidence 0.3; nothing at all: NOT_FOUND.
    """
    try:
        return _locate(lat, lon, address, text)
    except Exception:
        logger.exception("locate failed; answering not found")
        return NOT_FOUND


def _locate(lat: Any, lon: Any, address: Any, text: Any) -> LocateResult:
    point = valid_coordinates(lat, lon)
    outside: LocateResult | None = None
    if point is not None:
        found = _reverse(*point)
        if found is not None:
            return found
        outside = _result(point[0], point[1], OUTSIDE_CONFIDENCE, "coordinates", None, None)
    landmarks = landmark_index()
    best: LocateResult | None = None
    address = clip(address, MAX_INPUT_CHARS)
    if address.strip():
        best = _from_geo(get_chain().geocode(address, landmarks=landmarks))
    text = clip(text, MAX_INPUT_CHARS)
    if text.strip() and (best is None or best.low_confidence):
        in_text = _from_text(text, landmarks)
        if in_text is not None and (best is None or in_text.confidence > best.confidence):
            best = in_text
    return best or outside or NOT_FOUND


def valid_coordinates(lat: Any, lon: Any) -> tuple[float, float] | None:
    """(lat, lon) as floats if both are real coordinates, else None."""
    if lat is None or lon is None or isinstance(lat, bool) or isinstance(lon, bool):
        return None
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError, OverflowError):
        return None
    if not (math.isfinite(lat_f) and math.isfinite(lon_f)):
        return None
    if abs(lat_f) > 90 or abs(lon_f) > 180:
        return None
    return lat_f, lon_f


def _reverse(lat: float, lon: float) -> LocateResult | None:
    location = get_gazetteer().reverse((lat, lon))
    if location is None:
        return None
    raw = location.raw
    confidence = round(0.8 + 0.2 * float(raw["confidence"]), 3)
    region = {key: raw[key] for key in REGION_KEYS}
    return _result(lat, lon, confidence, "coordinates", region, raw["level"])


def _from_geo(found: GeoResult | None) -> LocateResult | None:
    if found is None:
        return None
    return _result(
        found.lat, found.lon, found.confidence, found.provider, found.region, found.level
    )


def _from_text(text: str, landmarks: LandmarkIndex | None) -> LocateResult | None:
    location = get_gazetteer().geocode(text, landmarks=landmarks, free_text=True)
    if location is None:
        return None
    return _from_geo(result_from_gazetteer(location.raw, location.latitude, location.longitude))


def _result(
    lat: float,
    lon: float,
    confidence: float,
    provider: str,
    region: dict[str, Any] | None,
    level: str | None,
) -> LocateResult:
    confidence = max(0.0, min(1.0, float(confidence)))
    region = {key: region.get(key) for key in REGION_KEYS} if region else None
    return LocateResult(
        lat=lat,
        lon=lon,
        confidence=confidence,
        provider=provider,
        region=region,
        level=level,
        low_confidence=confidence < low_confidence_threshold(),
    )


# -- landmarks -------------------------------------------------------------------

_index: LandmarkIndex | None = None
_local_version = uuid.uuid4().hex
_index_lock = threading.Lock()


def landmark_index() -> LandmarkIndex | None:
    """The active Places as a LandmarkIndex, rebuilt when a Place changed (in this
    process, or in another one sharing the Django cache). None without a database."""
    global _index
    version = _places_version()
    index = _index
    if index is not None and index.version == version:
        return index
    with _index_lock:
        if _index is not None and _index.version == version:
            return _index
        try:
            landmarks = _active_places()
        except Exception:
            # No table yet (migrations not run) or no database: geocode without.
            logger.warning("landmarks unavailable", exc_info=True)
            return None
        _index = LandmarkIndex.build(landmarks, get_gazetteer().regions, version=version)
        return _index


def _active_places() -> list[Landmark]:
    from geo.models import Place

    return [
        Landmark(
            name=place.name,
            lat=place.lat,
            lon=place.lon,
            kind=place.kind,
            aliases=tuple(place.alias_list()),
            region_code=place.region_code,
        )
        for place in Place.objects.filter(active=True).order_by("pk")
    ]


def _places_version() -> str:
    try:
        from django.core.cache import cache

        return str(cache.get(PLACES_VERSION_KEY) or _local_version)
    except Exception:
        return _local_version


def forget_landmarks() -> None:
    """Drop this process's landmark index without telling anyone: for tests, whose
    database rollbacks send no signal."""
    global _index, _local_version
    _index = None
    _local_version = uuid.uuid4().hex


def invalidate_landmarks() -> None:
    """Forget the landmark index here, and tell other processes (after commit, so
    they do not rebuild from data about to be rolled back... or not yet visible)."""
    global _index, _local_version
    _index = None
    _local_version = uuid.uuid4().hex

    def bump() -> None:
        global _index
        _index = None
        try:
            from django.core.cache import cache

            cache.set(PLACES_VERSION_KEY, uuid.uuid4().hex, None)
        except Exception:
            logger.warning("could not publish the landmark version", exc_info=True)

    try:
        from django.db import transaction

        transaction.on_commit(bump)
    except Exception:
        bump()
