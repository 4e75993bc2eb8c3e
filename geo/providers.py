"""The geocoding provider chain, configured by the Django setting GEOCODERS.

    GEOCODERS = [
        {"provider": "nominatim", "domain": "nominatim.example.org", "scheme": "https",
         "timeout": 3, "min_delay_seconds": 1},
        {"provider": "gazetteer"},
    ]

Default: `[{"provider": "gazetteer"}]` (offline only). Any other entry names a geopy
service (`geopy.geocoders.get_geocoder_for_service`: nominatim, photon, ...); the
remaining keys go to that geocoder's constructor, except:

- `min_delay_seconds` (default 1): geopy's RateLimiter spacing between requests;
- `geocode_kwargs`: extra arguments of every geocode() call (Nominatim defaults to
  `{"country_codes": "id"}`).

Providers are tried in order. A geopy error (timeout, 5xx, unavailable...), no
answer, or an answer outside Indonesia falls through to the next one. An answer
below GEOCODE_LOW_CONFIDENCE is kept while later providers get their chance; the
most confident answer wins. Online answers are reverse geocoded through the gazetteer
for their Kemendagri region code.

Answers are cached in the Django cache (when Django is configured) by normalized
address: hits for GEOCODE_CACHE_TTL seconds (default one day), misses for ten
minutes, and nothing at all when a provider failed (it may be back soon).

Online geocoders get no HTTP retries (geopy's requests adapter would retry twice,
tripling the timeout) and geopy's RateLimiter with max_retries=0: an error costs
at most `timeout` seconds before the next provider answers. If no entry is the
gazetteer, it is appended: the offline answer is always the last resort.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
import threading
from dataclasses import asdict, dataclass, field
from typing import Any

from geopy.adapters import RequestsAdapter
from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import get_geocoder_for_service

from geo.address import clip, fold
from geo.gazetteer import Gazetteer, get_gazetteer
from geo.landmarks import LandmarkIndex

logger = logging.getLogger(__name__)

DEFAULT_GEOCODERS: list[dict[str, Any]] = [{"provider": "gazetteer"}]
DEFAULT_LOW_CONFIDENCE = 0.6
DEFAULT_TIMEOUT = 3.0
DEFAULT_MIN_DELAY = 1.0
DEFAULT_USER_AGENT = "dispatch112-geo/0.1 (call centre 112 dispatch)"
CACHE_TTL = 24 * 3600
CACHE_MISS_TTL = 600
CACHE_PREFIX = "geo:v1:"

_SPACES = re.compile(r"\s+")


@dataclass(slots=True)
class GeoResult:
    """A geocoded point with its Kemendagri region (None outside Indonesia)."""

    lat: float
    lon: float
    confidence: float
    provider: str
    region: dict[str, Any] | None
    level: str | None
    name: str = ""
    raw: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Provider:
    name = "provider"

    def geocode(self, address: str, *, landmarks: LandmarkIndex | None = None) -> GeoResult | None:
        raise NotImplementedError


class GazetteerProvider(Provider):
    name = "gazetteer"

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        return self._gazetteer or get_gazetteer()

    def geocode(self, address: str, *, landmarks: LandmarkIndex | None = None) -> GeoResult | None:
        # Placing a report: only readings with evidence (geo.evidence).
        location = self.gazetteer.geocode(address, landmarks=landmarks, strict=True)
        if location is None:
            return None
        return result_from_gazetteer(location.raw, location.latitude, location.longitude)


def result_from_gazetteer(
    raw: dict[str, Any], lat: float, lon: float, provider: str = "gazetteer"
) -> GeoResult:
    region = None
    if raw.get("code"):
        region = {
            key: raw.get(key) for key in ("code", "village", "district", "regency", "province")
        }
    return GeoResult(
        lat=lat,
        lon=lon,
        confidence=float(raw.get("confidence", 0.0)),
        provider=provider,
        region=region,
        level=raw.get("level"),
        name=str(raw.get("name") or ""),
        raw=raw,
    )


class OnlineProvider(Provider):
    """A geopy geocoder behind geopy's RateLimiter, answering with gazetteer regions."""

    def __init__(
        self,
        name: str,
        geocoder: Any,
        *,
        min_delay_seconds: float = DEFAULT_MIN_DELAY,
        geocode_kwargs: dict[str, Any] | None = None,
        gazetteer: Gazetteer | None = None,
    ) -> None:
        self.name = name
        self.geocoder = geocoder
        self.geocode_kwargs = dict(geocode_kwargs or {})
        self._gazetteer = gazetteer
        # No retries and no swallowing: on an error the chain moves on at once (a
        # call taker is waiting) and logs why.
        self.limited = RateLimiter(
            geocoder.geocode,
            min_delay_seconds=min_delay_seconds,
            max_retries=0,
            swallow_exceptions=False,
        )

    def geocode(self, address: str, *, landmarks: LandmarkIndex | None = None) -> GeoResult | None:
        location = self.limited(address, exactly_one=True, **self.geocode_kwargs)
        if location is None:
            return None
        gazetteer = self._gazetteer or get_gazetteer()
        region_hit = gazetteer.reverse((location.latitude, location.longitude))
        if region_hit is None:
            # Outside Indonesia (a namesake abroad): not an answer for us.
            return None
        raw = location.raw if isinstance(location.raw, dict) else {}
        return GeoResult(
            lat=location.latitude,
            lon=location.longitude,
            confidence=online_confidence(raw),
            provider=self.name,
            region={
                key: region_hit.raw[key]
                for key in ("code", "village", "district", "regency", "province")
            },
            level=region_hit.raw["level"],
            name=str(raw.get("display_name") or location.address or ""),
            raw={"source": raw, "region_distance_km": region_hit.raw.get("distance_km")},
        )


def online_confidence(raw: dict[str, Any]) -> float:
    """How precise an online answer is, from what the service tells about it.

    Nominatim: place_rank (30 house, 26 street, 16-22 village/suburb, 12-16 city).
    Photon: properties.type. Anything else: a middling 0.7.
    """
    rank = raw.get("place_rank")
    if rank is not None:
        try:
            rank = int(rank)
        except (TypeError, ValueError):
            rank = None
    if rank is not None:
        if rank >= 26:
            return 0.9
        if rank >= 17:
            return 0.8
        if rank >= 12:
            return 0.5
        return 0.3
    kind = (
        (raw.get("properties") or {}).get("type")
        if isinstance(raw.get("properties"), dict)
        else None
    )
    by_type = {"house": 0.9, "street": 0.85, "locality": 0.75, "district": 0.75, "city": 0.5}
    return by_type.get(str(kind), 0.7)


def build_provider(config: dict[str, Any], gazetteer: Gazetteer | None = None) -> Provider:
    options = dict(config)
    name = str(options.pop("provider", "")).strip().lower()
    if not name:
        raise ValueError(f"GEOCODERS entry without a provider: {config!r}")
    if name == "gazetteer":
        return GazetteerProvider(gazetteer)
    min_delay = float(options.pop("min_delay_seconds", DEFAULT_MIN_DELAY))
    geocode_kwargs = options.pop("geocode_kwargs", None)
    if geocode_kwargs is None and name == "nominatim":
        geocode_kwargs = {"country_codes": "id"}
    options.setdefault("timeout", DEFAULT_TIMEOUT)
    options.setdefault("user_agent", DEFAULT_USER_AGENT)
    # geopy's requests adapter retries twice by default: a 3 s timeout would become
    # 9 s while a caller waits. The chain falls through instead.
    options.setdefault("adapter_factory", functools.partial(RequestsAdapter, max_retries=0))
    geocoder_class = get_geocoder_for_service(name)
    return OnlineProvider(
        name,
        geocoder_class(**options),
        min_delay_seconds=min_delay,
        geocode_kwargs=geocode_kwargs,
        gazetteer=gazetteer,
    )


@dataclass(slots=True)
class ChainAnswer:
    result: GeoResult | None
    errors: list[str] = field(default_factory=list)


class ProviderChain:
    def __init__(
        self,
        providers: list[Provider],
        *,
        low_confidence: float = DEFAULT_LOW_CONFIDENCE,
        signature: str = "",
    ) -> None:
        self.providers = providers
        self.low_confidence = low_confidence
        # Part of every cache key: another configuration may answer otherwise.
        self.signature = signature or ",".join(p.name for p in providers)

    def lookup(self, address: str, *, landmarks: LandmarkIndex | None = None) -> ChainAnswer:
        answer = ChainAnswer(result=None)
        for provider in self.providers:
            try:
                result = provider.geocode(address, landmarks=landmarks)
            except GeopyError as error:
                logger.warning(
                    "geocoder %s failed: %s: %s", provider.name, type(error).__name__, error
                )
                answer.errors.append(f"{provider.name}: {type(error).__name__}")
                continue
            except Exception as error:
                # A provider must never take the pipeline down (a malformed answer, a
                # socket error the adapter did not wrap): log and go on.
                logger.exception("geocoder %s crashed", provider.name)
                answer.errors.append(f"{provider.name}: {type(error).__name__}")
                continue
            if result is None:
                continue
            if answer.result is None or result.confidence > answer.result.confidence:
                answer.result = result
            if result.confidence >= self.low_confidence:
                break
        return answer

    def geocode(self, address: str, *, landmarks: LandmarkIndex | None = None) -> GeoResult | None:
        """The chain's answer, through the Django cache when there is one."""
        key = self.cache_key(address, landmarks)
        cached = _cache_get(key)
        if cached is not None:
            return GeoResult(**cached) if cached else None
        answer = self.lookup(address, landmarks=landmarks)
        if answer.errors:
            # A provider failed: its answer may be better once it is back.
            return answer.result
        if answer.result is not None:
            _cache_set(key, answer.result.to_dict(), _setting("GEOCODE_CACHE_TTL", CACHE_TTL))
        else:
            _cache_set(key, {}, CACHE_MISS_TTL)
        return answer.result

    def cache_key(self, address: str, landmarks: LandmarkIndex | None) -> str:
        normalized = _SPACES.sub(" ", fold(clip(address))).strip()
        signature = json.dumps(
            [
                normalized,
                self.signature,
                landmarks.version if landmarks else "",
                _home(),
            ],
            separators=(",", ":"),
        )
        return CACHE_PREFIX + hashlib.sha256(signature.encode("utf-8")).hexdigest()


def _home() -> str:
    from geo.gazetteer import home_region

    return home_region()


def _django_cache() -> Any | None:
    try:
        from django.conf import settings

        if not settings.configured:
            return None
        from django.core.cache import cache

        return cache
    except Exception:  # Django missing or misconfigured: run without a cache.
        return None


def _cache_get(key: str) -> dict[str, Any] | None:
    cache = _django_cache()
    if cache is None:
        return None
    try:
        return cache.get(key)
    except Exception:
        # A cache outage (Redis restarting) must not stop geocoding.
        logger.warning("geocode cache read failed", exc_info=True)
        return None


def _cache_set(key: str, value: dict[str, Any], ttl: int) -> None:
    cache = _django_cache()
    if cache is None:
        return
    try:
        cache.set(key, value, ttl)
    except Exception:
        logger.warning("geocode cache write failed", exc_info=True)


def _setting(name: str, default: Any) -> Any:
    try:
        from django.conf import settings

        if settings.configured:
            return getattr(settings, name, default)
    except ImportError:  # pragma: no cover
        pass
    return default


def geocoders_config() -> list[dict[str, Any]]:
    config = _setting("GEOCODERS", None)
    if not config:
        return [dict(entry) for entry in DEFAULT_GEOCODERS]
    return [dict(entry) for entry in config]


def low_confidence_threshold() -> float:
    try:
        return float(_setting("GEOCODE_LOW_CONFIDENCE", DEFAULT_LOW_CONFIDENCE))
    except (TypeError, ValueError):
        return DEFAULT_LOW_CONFIDENCE


_chains: dict[str, ProviderChain] = {}
_chains_lock = threading.Lock()


def get_chain() -> ProviderChain:
    """The chain for the current GEOCODERS setting (one per configuration, so that
    its rate limiters keep their state between calls)."""
    config = geocoders_config()
    threshold = low_confidence_threshold()
    key = json.dumps([config, threshold], sort_keys=True, default=str)
    chain = _chains.get(key)
    if chain is None:
        with _chains_lock:
            chain = _chains.get(key)
            if chain is None:
                providers = []
                for entry in config:
                    try:
                        providers.append(build_provider(entry))
                    except Exception:
                        # A bad entry must not disable geocoding: skip it, loudly.
                        logger.exception("GEOCODERS entry %r ignored", entry)
                if not any(isinstance(p, GazetteerProvider) for p in providers):
                    providers.append(GazetteerProvider())
                chain = _chains[key] = ProviderChain(
                    providers, low_confidence=threshold, signature=key
                )
    return chain
