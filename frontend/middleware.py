"""Content-Security-Policy on every response, and the staff screens' language.

The pages show text typed by the public (report words, addresses, names). Even if
one of them slipped into HTML unescaped, this policy keeps it from running: no
inline scripts, no inline styles, no scripts or styles from anywhere but this
server. Page data travels in `json_script` blocks (type application/json, which
the browser never executes) and every script is a static file.

img-src also allows the map tile host (MAP_TILES_URL), the only outside resource.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import check_for_language, get_supported_language_variant

HEADER = "Content-Security-Policy"


def tile_source(url: str) -> str:
    """The CSP source expression of a tile URL template, '' for a local one.

    `https://{s}.tile.example.org/{z}/{x}/{y}.png` -> `https://*.tile.example.org`:
    Leaflet fills `{s}` with a subdomain, which a wildcard covers.
    """
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return ""
    host = parts.netloc
    if "{" in host:
        labels = host.split(".")
        host = ".".join("*" if "{" in label else label for label in labels)
    return f"{parts.scheme}://{host}"


@lru_cache(maxsize=8)
def build_policy(tiles_url: str) -> str:
    tiles = tile_source(tiles_url)
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": " ".join(filter(None, ["'self'", "data:", tiles])),
        "font-src": "'self'",
        # 'self' covers same-origin websockets in current browsers; ws:/wss: older ones.
        "connect-src": "'self' ws: wss:",
        "media-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def policy() -> str:
    return build_policy(getattr(settings, "MAP_TILES_URL", "") or "")


class ContentSecurityPolicyMiddleware:
    # Both modes: setting a header needs no thread, so under ASGI it runs on the
    # event loop instead of forcing a hop to a worker thread and back.
    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response
        self.async_mode = iscoroutinefunction(get_response)
        if self.async_mode:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> Any:
        if self.async_mode:
            return self.__acall__(request)
        return with_policy(self.get_response(request))

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        return with_policy(await self.get_response(request))


def with_policy(response: HttpResponse) -> HttpResponse:
    # A view that needs a different policy sets its own header; keep it.
    if HEADER not in response:
        response[HEADER] = policy()
    return response


class StaffLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that signed-in staff never get the browser's
    language: an office PC set to en-US must not turn an Indonesian deployment's
    console English. Staff get the language they chose (the set_language cookie),
    else the deployment's LANGUAGE_CODE. The public keeps the browser's language.
    """

    def process_request(self, request: HttpRequest) -> None:
        if SESSION_KEY not in getattr(request, "session", {}):
            super().process_request(request)
            return
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen and check_for_language(chosen) else settings.LANGUAGE_CODE
        language = get_supported_language_variant(language)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
