from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from geo.services import forget_landmarks

LOCAL_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "geo-tests"}
}


@pytest.fixture(autouse=True)
def _fresh_geo_state(settings) -> Iterator[None]:
    # Geocoding answers and the landmark version live in the Django cache, the
    # landmark index in the process: no test may see another's. A private local
    # cache spares a shared Redis (CI) from being flushed under other apps' feet.
    settings.CACHES = LOCAL_CACHE
    cache.clear()
    forget_landmarks()
    yield
    cache.clear()
    forget_landmarks()
