"""Limits on anonymous public intake and lookups, shared by every server process.

Fixed windows counted with an atomic increment in the shared cache (Redis in
production), so several web processes behind one address can never accept more
than the limit between them. If the cache is down the request is let through:
a broken limiter must not turn away an emergency report.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rate(text: str) -> Rate | None:
    """'10/m' -> 10 per 60 s; '' or '0' -> no limit."""
    if not text or text.strip() in ("0", "none"):
        return None
    number, _, unit = text.strip().partition("/")
    seconds = UNITS.get(unit.strip().lower()[:1], 60)
    return Rate(count=int(number), seconds=seconds)


def hit(scope: str, key: str, rate: Rate | None) -> int | None:
    """Count one request; the seconds to wait when over the limit, else None."""
    if rate is None or not key:
        return None
    now = time.time()
    window = int(now // rate.seconds)
    name = f"ratelimit:{scope}:{key}:{window}"
    try:
        cache.add(name, 0, timeout=rate.seconds + 5)
        count = cache.incr(name)
    except Exception:
        logger.warning("rate limiter unavailable; letting the request through", exc_info=True)
        return None
    if count > rate.count:
        return max(1, int((window + 1) * rate.seconds - now) + 1)
    return None


def over(scope: str, key: str, rate: Rate) -> bool:
    """Whether hit() has counted `rate.count` in this window already (so one more would be
    over the rate), without counting this look."""
    name = f"ratelimit:{scope}:{key}:{int(time.time() // rate.seconds)}"
    try:
        return (cache.get(name) or 0) >= rate.count
    except Exception:
        logger.warning("rate limiter unavailable", exc_info=True)
        return False


def client_address(meta: dict) -> str:
    """The caller's address; behind NUM_PROXIES trusted proxies, from X-Forwarded-For."""
    proxies = settings.NUM_PROXIES
    if proxies:
        forwarded = [
            p.strip() for p in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return meta.get("REMOTE_ADDR", "")


def request_address(request: Any) -> str:
    """client_address() of a request: django-axes' AXES_CLIENT_IP_CALLABLE.

    Axes alone keys on REMOTE_ADDR, which behind a reverse proxy is the proxy's
    for every caller: a stranger's guesses locked the operator out with them.
    """
    return client_address(request.META)


def public_report_wait(*, meta: dict, phone: str) -> int | None:
    """Seconds an anonymous reporter must wait, by address and by phone number."""
    wait = hit("ip", client_address(meta), parse_rate(settings.PUBLIC_REPORT_RATE))
    if wait is None and phone:
        wait = hit("phone", phone, parse_rate(settings.PUBLIC_REPORT_PHONE_RATE))
    return wait


def public_lookup_wait(*, meta: dict) -> int | None:
    """Seconds to wait before another lookup by tracking code or Open311 id, by address.

    Tracking codes are unguessable only while guessing is slow (models.TRACKING_LENGTH).
    """
    return hit("lookup", client_address(meta), parse_rate(settings.PUBLIC_LOOKUP_RATE))
