"""The websocket Origin check: a socket may be opened only by a page of this site.

Browsers send cookies with a websocket handshake whatever page opens it, so a
page elsewhere could open a dispatcher's socket with the dispatcher's session
(cross-site websocket hijacking). Channels' AllowedHostsOriginValidator compared
the Origin's host alone: a plain-http page, or another service on another port
of the same host, passed. As Django's CSRF check does for HTTP, the whole origin
(scheme, host, port) must be the page's own, or one of CSRF_TRUSTED_ORIGINS.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host

DEFAULT_PORTS = {"http": 80, "https": 443}


def normalized(url: str) -> str | None:
    """'scheme://host:port' with the default port written out, or None if not an origin."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if scheme not in DEFAULT_PORTS or not host:
        return None
    if ":" in host:
        host = f"[{host}]"  # IPv6
    return f"{scheme}://{host}:{port or DEFAULT_PORTS[scheme]}"


def _trusted(origin: str) -> bool:
    """One of CSRF_TRUSTED_ORIGINS, whose host may start with '*.' (any subdomain)."""
    for entry in settings.CSRF_TRUSTED_ORIGINS:
        if "://*." in entry:
            scheme, _, suffix = entry.partition("://*")
            pattern = normalized(f"{scheme}://x{suffix}")
            head, _, tail = (pattern or "").partition("://x")
            if pattern and origin.startswith(head + "://") and origin.endswith(tail):
                return True
        elif normalized(entry) == origin:
            return True
    return False


def origin_allowed(scope: dict[str, Any]) -> bool:
    headers = {name: value.decode("latin-1") for name, value in scope.get("headers", ())}
    origin = normalized(headers.get(b"origin", ""))
    host = headers.get(b"host", "")
    domain, _port = split_domain_port(host)
    if origin is None or not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return False
    # TLS may end at a proxy: its X-Forwarded-Proto counts only when proxies are
    # trusted at all (NUM_PROXIES), as for HTTP (SECURE_PROXY_SSL_HEADER).
    forwarded = headers.get(b"x-forwarded-proto", "").split(",")[0].strip().lower()
    secure = scope.get("scheme") == "wss" or (settings.NUM_PROXIES > 0 and forwarded == "https")
    own = normalized(f"{'https' if secure else 'http'}://{host}")
    return origin == own or _trusted(origin)


class SameOriginValidator:
    """ASGI middleware: websocket handshakes from another origin are denied (403)."""

    def __init__(self, application: Any) -> None:
        self.application = application

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        if scope["type"] == "websocket" and not origin_allowed(scope):
            return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)
