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
import re
import threading
import time
import uuid
from dataclasses import dataclass, replace
from typing import Any

from geo.address import MAX_INPUT_CHARS, clip
from geo.evidence import APPROXIMATE, KNOWN, TOWN_OUTSIDE, UNKNOWN, reason
from geo.gazetteer import get_gazetteer, home_region
from geo.landmarks import Landmark, LandmarkIndex
from geo.providers import GeoResult, get_chain, low_confidence_threshold, result_from_gazetteer
from geo.typed import typed_point

logger = logging.getLogger(__name__)

REGION_KEYS = ("code", "village", "district", "regency", "province")
PLACES_VERSION_KEY = "geo:places:version"


@dataclass(frozen=True, slots=True)
class LocateResult:
    lat: float | None
    lon: float | None
    confidence: float
    provider: str
    region: dict[str, str | None] | None
    level: str | None
    low_confidence: bool
    # known | approximate | unknown (geo.evidence), and why: codes with their words.
    state: str = UNKNOWN
    reasons: tuple[dict[str, Any], ...] = ()
    name: str = ""  # the place's name: a landmark's, a village's...
    # With a device's point, the place its words name (a caller who sees smoke
    # "from the direction of Pasar X" stands away from the fire).
    named: str = ""

    @property
    def found(self) -> bool:
        return self.lat is not None

    @property
    def place(self) -> str:
        """The named place the point rests on ("landmark:Pasar Tugu", "village:18.71...");
        "" for a device's point or no place. Two reports naming one place agree on it."""
        if self.state == UNKNOWN:
            return ""
        if self.provider == "coordinates":
            return self.named
        if self.level == "landmark":
            return f"landmark:{self.name}"
        code = (self.region or {}).get("code") or ""
        return f"{self.level}:{code}" if code and self.level else ""

    def as_dict(self) -> dict[str, Any]:
        """The shape of `manage.py geocode` (docs/ARCHITECTURE.md, "Command line")."""
        return {
            "lat": None if self.lat is None else round(self.lat, 6),
            "lon": None if self.lon is None else round(self.lon, 6),
            "confidence": self.confidence,
            "provider": self.provider,
            "region": dict(self.region) if self.region else None,
        }

    def explained(self) -> dict[str, Any]:
        """What triage keeps of a placement for the operator: state, level and why."""
        return {
            "state": self.state,
            "level": self.level,
            "place": self.place,
            "area": self.area,
            "reasons": list(self.reasons),
        }

    @property
    def area(self) -> str:
        """The names of the place, finest first: "Sukamenanti, Kedaton, Kota Bandar Lampung"
        (a landmark's name first). "" when the place is unknown."""
        if self.state == UNKNOWN:
            return ""
        region = self.region or {}
        parts = [self.name] if self.level == "landmark" and self.name else []
        parts += [region[key] for key in ("village", "district", "regency") if region.get(key)]
        return ", ".join(str(part) for part in parts)


def not_found(*reasons: dict[str, Any]) -> LocateResult:
    return LocateResult(None, None, 0.0, "none", None, None, True, UNKNOWN, reasons)


NOT_FOUND = not_found(reason("nothing_named"))

# Beyond this distance the words of a report and the caller's device disagree.
CONFLICT_KM = 5.0


def locate(
    *,
    lat: float | None = None,
    lon: float | None = None,
    address: str = "",
    text: str = "",
    landmarks: LandmarkIndex | None = None,
) -> LocateResult:
    """Where a report is: the device's coordinates first, then the address, then the
    words of the text; each only on evidence (geo.evidence).

    - valid coordinates inside Indonesia: the point itself, `known`, with the region
      of the nearest village (confidence 0.9..1.0, lower towards the village's edge);
      words naming a place far from it are noted as a reason;
    - otherwise the address through the provider chain (GEOCODERS), then the place
      names and landmarks of the free text, whichever reads better;
    - nothing strong enough: `unknown`, no point, with the reasons (an everyday word,
      a place outside the area named without its region, coordinates outside
      Indonesia...). `landmarks` defaults to the active Places.
    """
    try:
        return _locate(lat, lon, address, text, landmarks)
    except Exception:
        logger.exception("locate failed; answering not found")
        return NOT_FOUND


def _locate(
    lat: Any, lon: Any, address: Any, text: Any, landmarks: LandmarkIndex | None
) -> LocateResult:
    if landmarks is None:
        landmarks = landmark_index()
    address = clip(address, MAX_INPUT_CHARS)
    text = clip(text, MAX_INPUT_CHARS)
    point = valid_coordinates(lat, lon)
    device_outside = ()
    if point is not None:
        found = _reverse(*point)
        if found is not None:
            return _with_conflict(found, _from_words(address, text, landmarks), text)
        device_outside = (reason("device_outside"),)
    typed = typed_point(address, text)
    if typed is not None:
        # A location pasted or read out is the caller's point, as good as the
        # device's: the words are weighed against it the same way.
        found = _reverse(typed[0], typed[1])
        if found is not None:
            found = replace(found, reasons=(reason("typed_coordinates", words=typed[2]),))
            return _with_conflict(found, _from_words(address, text, landmarks), "")
    best = _from_words(address, text, landmarks)
    if best.state != UNKNOWN:
        return best
    return not_found(*device_outside, *best.reasons)


def _from_words(address: str, text: str, landmarks: LandmarkIndex | None) -> LocateResult:
    """The better of what the address and the text name, or why neither places it."""
    refused: list[dict[str, Any]] = []
    best: LocateResult | None = None
    if address.strip():
        best = _from_geo(get_chain().geocode(address, landmarks=landmarks))
        if best is None:
            refused += _refusal(address, landmarks, free_text=False)
    if text.strip() and (best is None or best.state != KNOWN):
        in_text = _from_text(text, landmarks)
        if in_text.state == UNKNOWN:
            refused += in_text.reasons
        elif best is None or _rank(in_text) > _rank(best):
            best = in_text
    elif text.strip() and best is not None:
        best = _address_or_text(best, _from_text(text, landmarks), text)
    if best is not None:
        return best
    return not_found(*(_unique(refused) or [reason("nothing_named")]))


def _address_or_text(address: LocateResult, text: LocateResult, words: str) -> LocateResult:
    """Both place the report, far apart. A browser fills the form's address with the
    reporter's home; a text that announces its place ("kebakaran di Desa Upang
    Karya, Muara Telang"), or says the event is not there ("bukan di rumah saya,
    saya sekarang di Makawidey"), says where the event is. Either way the other is
    said."""
    if text.state != KNOWN or text.lat is None or address.lat is None:
        return address
    km = _km(address.lat, address.lon, text.lat, text.lon)
    away = _not_at_home(words) and not _same_region(address, text)
    if (km <= CONFLICT_KM or not _strong(text.reasons)) and not away:
        return address
    region = address.region or {}
    place = ", ".join(str(region[k]) for k in ("village", "regency") if region.get(k))
    return replace(
        text, reasons=(*text.reasons, reason("address_elsewhere", place=place, km=round(km)))
    )


def _rank(result: LocateResult) -> tuple[int, float]:
    return (STATES_RANK[result.state], result.confidence)


STATES_RANK = {UNKNOWN: 0, APPROXIMATE: 1, KNOWN: 2}


def _unique(reasons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    for item in reasons:
        if item not in seen:
            seen.append(item)
    return seen


def _with_conflict(device: LocateResult, words: LocateResult, text: str) -> LocateResult:
    """The device's point stands; the place its words name is kept, and said when
    it lies far from the point. A caller who says they are not there ("saya sedang
    di Manado, rumah orang tua saya di Kelurahan Makawidey terbakar") gives the
    phone's place, not the event's: a place the words name for sure wins."""
    if words.state == UNKNOWN or words.lat is None or device.lat is None:
        # A town outside the area named alone places nothing, but is still said.
        far = tuple(r for r in words.reasons if r.get("code") == TOWN_OUTSIDE)
        return replace(device, reasons=(*device.reasons, *far)) if far else device
    km = _km(device.lat, device.lon, words.lat, words.lon)
    if km <= CONFLICT_KM:
        return replace(device, named=words.place)
    # A place named far from the caller is not where the point rests: duplicate
    # matching must not tie two calls by it.
    place = ", ".join(
        str(part) for part in ((words.region or {}).get(k) for k in ("village", "regency")) if part
    )
    # The caller away, the words naming a place of the call centre's area: that
    # place is the event's.
    sure = _strong(words.reasons) or _in_area(words)
    if words.state == KNOWN and sure and _caller_away(text):
        phone = _place_of(device)
        return replace(
            words, reasons=(*words.reasons, reason("device_elsewhere", place=phone, km=round(km)))
        )
    conflict = reason("text_elsewhere", place=place, km=round(km))
    return replace(device, reasons=(*device.reasons, conflict))


def _in_area(result: LocateResult) -> bool:
    code = str((result.region or {}).get("code") or "")
    home = home_region()
    return bool(home and code and (code == home or code.startswith(home + ".")))


def _place_of(result: LocateResult) -> str:
    region = result.region or {}
    return ", ".join(str(region[k]) for k in ("village", "regency") if region.get(k))


def _km(lat: float, lon: float, lat2: float, lon2: float) -> float:
    dy = lat2 - lat
    dx = (lon2 - lon) * math.cos(math.radians((lat + lat2) / 2))
    return math.hypot(dx, dy) * 111.195


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
    device = reason("device", place=raw.get("village") or "")
    return _result(lat, lon, confidence, "coordinates", region, raw["level"], KNOWN, (device,))


def _from_geo(found: GeoResult | None) -> LocateResult | None:
    if found is None:
        return None
    state = found.raw.get("state")
    reasons = tuple(found.raw.get("reasons") or ())
    if state is None:
        # An online geocoder's answer: a village or a finer point it is sure of is
        # known; anything coarser or less sure is approximate.
        fine = found.level in ("village", "landmark", "street", "house")
        sure = found.confidence >= low_confidence_threshold()
        state = KNOWN if fine and sure else APPROXIMATE
        reasons = (reason("geocoder", provider=found.provider),)
    return _result(
        found.lat,
        found.lon,
        found.confidence,
        found.provider,
        found.region,
        found.level,
        state,
        reasons,
        name=found.name,
    )


def _from_text(text: str, landmarks: LandmarkIndex | None) -> LocateResult:
    matches = get_gazetteer().match(text, landmarks=landmarks, free_text=True)
    if not matches:
        return NOT_FOUND
    match = matches[0]
    if match.state == UNKNOWN:
        return not_found(*match.reasons)
    if _caller_unsure(text) and not _strong(match.reasons):
        # "saya warga Girian Indah, ini lagi di jalan ... nggak tau ini daerah mana":
        # the caller's home, not where the crash is. Only a place announced or named
        # with its region outweighs their own word.
        return not_found(reason("caller_unsure"))
    location = get_gazetteer().to_location(match, landmarks)
    found = _from_geo(result_from_gazetteer(location.raw, location.latitude, location.longitude))
    return found or NOT_FOUND


# The caller says they do not know where they are or where it is.
UNSURE = re.compile(
    r"\b(?:tidak|tdk|nggak|ngga|ngak|gak|ga|gk|ndak|dak|nyanda) (?:tahu|tau|tw)"
    r" (?:ini |itu )?(?:udah |sudah |sdh )?(?:daerah|desa|lokasi|tempat|nama desa|nama jalan"
    r"|nama jln|nama kampung|di ?mana|dmn)"
    r"|\bdon'?t know (?:where|the (?:street|place|name|area))"
)
STRONG_CUES = frozenset({"marker", "with_parent", "landmark"})


# The caller says the event is not at the home the address field gives ("bukan di
# rumah sy"); "saya tidak di rumah" only says where the caller is.
NOT_AT_HOME = re.compile(r"\bbukan (?:di )?(?:rumah|rmh|alamat)|\bnot at my (?:house|address)")


# The caller says they are somewhere else than the event, or tells what someone
# there told them: their phone is not at the scene.
CALLER_AWAY = re.compile(
    r"\b(?:saya|sy|aku|aq|gue|gw|kulo|pl|pelapor)(?: sendiri)?"
    r"(?: (?:sedang|lagi|lg|masih|msh|sekarang|skrg|saiki|berada))+ (?:di|neng|ning|nang|ing) "
    r"|\bi'?m (?:at|in) (?:my |the )?(?:office|work)|\bi am (?:at|in) (?:my |the )?(?:office|work)"
    r"|\b(?:baru|barusan|br) (?:saja |aja )?(?:mengabari|mengabarkan|ngabarin|ngabari|kabari"
    r"|kabarin|menelepon|menelpon|nelpon|nelfon|telepon|telpon|telp)"
    r"|\b(?:just )?(?:called|texted|messaged|phoned) me\b|\bjust called\b"
    # "kita ada telpon dari Manado", "calling from Jakarta": where the phone is.
    r"|\b(?:telpon|telepon|tlp|telp|tlpn|nelpon|nelfon|menelepon|menelpon|calling|phoning)"
    r" (?:dari|dr|from)\b"
)


def _caller_away(text: str) -> bool:
    return bool(CALLER_AWAY.search(" ".join(text.lower().split())))


def _not_at_home(text: str) -> bool:
    return bool(NOT_AT_HOME.search(" ".join(text.lower().split())))


def _same_region(a: LocateResult, b: LocateResult) -> bool:
    return bool(a.region and b.region and a.region.get("code") == b.region.get("code"))


def _caller_unsure(text: str) -> bool:
    return bool(UNSURE.search(" ".join(text.lower().split())))


def _strong(reasons: tuple[dict[str, Any], ...]) -> bool:
    return any(r.get("code") in STRONG_CUES for r in reasons)


def _refusal(words: str, landmarks: LandmarkIndex | None, *, free_text: bool) -> list[dict]:
    """Why the gazetteer placed nothing for these words (they may name nothing at all)."""
    matches = get_gazetteer().match(words, landmarks=landmarks, free_text=free_text)
    return [r for m in matches if m.state == UNKNOWN for r in m.reasons]


def _result(
    lat: float,
    lon: float,
    confidence: float,
    provider: str,
    region: dict[str, Any] | None,
    level: str | None,
    state: str,
    reasons: tuple[dict[str, Any], ...],
    *,
    name: str = "",
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
        low_confidence=state != KNOWN,
        state=state,
        reasons=reasons,
        name=name,
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


# How often a process asks the database whether the places changed. The Django
# cache tells other processes at once when they share Redis; with the embedded
# default (a local-memory cache per process) `load_places` run beside `make run`
# could not, so the table itself is the truth.
PLACES_CHECK_S = 1.0
_checked: tuple[float, str] = (0.0, "")


def _places_version() -> str:
    """The version of the Place data: the shared cache's mark and the table's own."""
    global _checked
    now = time.monotonic()
    at, stamp = _checked
    if now - at >= PLACES_CHECK_S or not stamp:
        stamp = _table_stamp()
        _checked = (now, stamp)
    try:
        from django.core.cache import cache

        shared = str(cache.get(PLACES_VERSION_KEY) or "")
    except Exception:
        shared = ""
    return f"{_local_version}:{shared}:{stamp}"


def _table_stamp() -> str:
    try:
        from django.db.models import Count, Max

        from geo.models import Place

        row = Place.objects.aggregate(n=Count("pk"), at=Max("updated_at"))
        return f"{row['n']}:{row['at'].isoformat() if row['at'] else ''}"
    except Exception:
        return ""


def forget_landmarks() -> None:
    """Drop this process's landmark index without telling anyone: for tests, whose
    database rollbacks send no signal."""
    global _index, _local_version, _checked
    _index = None
    _local_version = uuid.uuid4().hex
    _checked = (0.0, "")


def invalidate_landmarks() -> None:
    """Forget the landmark index here, and tell other processes (after commit, so
    they do not rebuild from data about to be rolled back... or not yet visible)."""
    global _index, _local_version, _checked
    _index = None
    _local_version = uuid.uuid4().hex
    _checked = (0.0, "")

    def bump() -> None:
        global _index, _checked
        _index = None
        _checked = (0.0, "")
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
