"""POST /api/units/<id>/positions/ in threads of its own (issue 19, Benchmark).

Under ASGI, Django runs every synchronous view in one thread of the process, one
request at a time. 500 units each sending a batch every 10 s are 50 requests a
second there, and the reports' POSTs waited behind them: with the dispatch load of
`make bench`, a report's 201 took p50 1.6-2.5 s instead of 79-92 ms
(bench/results/units/soft-*.json, `accept` stage, units phase against plain).
This handler serves that one URL through the same middleware and the same view,
in a small pool of threads that only it uses; everything else goes to Django's own
handler. The view only checks the batch and hands it to this process's writer
(units/services/position_writes.py), so these threads never wait on each other.

A batch from a token or a session this process remembers (units/api/remembered.py)
for a unit it remembers, whose every fix is plainly valid, is accepted in the event
loop at once: the same service, without a thread, the rest of the middleware or
DRF; a session's CSRF token passes Django's own check first (CsrfViewMiddleware).
Anything else (a caller or unit not remembered, a CSRF token missing, a fix the
strict reading below does not take) goes through Django, which answers it as for
any request, refusals included, so the two ways never answer differently.
"""

from __future__ import annotations

import io
import json
import math
import re
from datetime import datetime
from tempfile import SpooledTemporaryFile
from typing import Any

from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, HttpResponse
from django.http.cookie import parse_cookie
from django.http.request import split_domain_port, validate_host
from django.middleware.csrf import CsrfViewMiddleware

from dispatch.asgi import PooledHandler
from dispatch.services import ServiceError
from units import services
from units.api import remembered
from units.services.positions import MAX_BATCH

PATH = re.compile(r"/api/units/\d+/positions/")
THREADS = 2


def serves(scope: dict[str, Any]) -> bool:
    """Position batches, while the writer batches them (else they write as they come)."""
    return (
        scope["type"] == "http"
        and scope["method"] == "POST"
        and PATH.fullmatch(scope["path"]) is not None
        and settings.UNIT_POSITIONS_WRITE_EVERY_S > 0
    )


class PositionsHandler(PooledHandler):
    # The synchronous chain, run whole in one of these threads (dispatch.asgi).
    threads = THREADS
    name = "unit-positions-http"

    async def answer(self, scope: dict[str, Any], body: SpooledTemporaryFile, send: Any) -> None:
        accepted = accepted_at_once(scope, body.read())
        if accepted is not None:
            await send_json(send, 202, {"accepted": accepted})
            return
        body.seek(0)
        await super().answer(scope, body, send)


def accepted_at_once(scope: dict[str, Any], raw: bytes) -> int | None:
    """The fixes accepted here, or None for Django to answer the request."""
    headers = dict(scope["headers"])
    if not as_django_would_serve(scope, headers):
        return None
    authorization = headers.get(b"authorization")
    if authorization is not None:
        user = remembered.caller_of_token(authorization)
    else:
        user = session_caller(scope, headers, raw)
    content_type = headers.get(b"content-type", b"").split(b";")[0].strip()
    if user is None or content_type != b"application/json":
        return None
    unit = remembered.UNITS.get(int(scope["path"].split("/")[3]))
    fixes = plain_fixes(raw)
    if unit is None or fixes is None:
        return None
    try:
        return services.unit_positions_record(unit=unit, user=user, positions=fixes)
    except ServiceError:
        return None


def session_caller(scope: dict[str, Any], headers: dict[bytes, bytes], raw: bytes) -> Any:
    """The remembered user of the request's session, once its CSRF token passes
    Django's own check (the field app's batches); else None."""
    cookies = parse_cookie(headers.get(b"cookie", b"").decode("latin-1"))
    user = remembered.caller_of_session(cookies.get(settings.SESSION_COOKIE_NAME, ""))
    if user is None:
        return None
    request = ASGIRequest(scope, io.BytesIO(raw))
    CSRF.process_request(request)
    refused = CSRF.process_view(request, _view, (), {})
    return user if refused is None else None


def _view(request: HttpRequest) -> HttpResponse:
    # What CsrfViewMiddleware checks the request for: a view that is not exempt.
    return HttpResponse()


# Django's own CSRF check, run by hand on the batches of a remembered session.
CSRF = CsrfViewMiddleware(_view)


def as_django_would_serve(scope: dict[str, Any], headers: dict[bytes, bytes]) -> bool:
    """A host Django serves, and HTTPS where it would redirect (SecurityMiddleware)."""
    domain, _port = split_domain_port(headers.get(b"host", b"").decode("latin-1"))
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]  # as HttpRequest.get_host
    if not domain or not validate_host(domain, allowed):
        return False
    if not settings.SECURE_SSL_REDIRECT or scope.get("scheme") == "https":
        return True
    proxied = settings.SECURE_PROXY_SSL_HEADER
    return bool(proxied) and headers.get(b"x-forwarded-proto") == proxied[1].encode()


def plain_fixes(raw: bytes) -> list[dict[str, Any]] | None:
    """The batch's fixes when each is as PositionsInput takes it and plainly so
    (numbers as numbers, times with their offset); else None."""
    try:
        data = json.loads(raw, parse_constant=_refuse)
    except ValueError:
        return None
    batch = data.get("positions") if isinstance(data, dict) else None
    if not isinstance(batch, list) or not 0 < len(batch) <= MAX_BATCH:
        return None
    fixes = []
    for item in batch:
        fix = _plain_fix(item)
        if fix is None:
            return None
        fixes.append(fix)
    return fixes


def _plain_fix(item: Any) -> dict[str, Any] | None:
    if not isinstance(item, dict) or not isinstance(item.get("at"), str):
        return None
    lat, lon, accuracy = item.get("lat"), item.get("lon"), item.get("accuracy_m")
    if not (_number(lat) and _number(lon)):
        return None
    if accuracy is not None and not (_number(accuracy) and 0 <= accuracy <= 100_000):
        return None
    try:
        at = datetime.fromisoformat(item["at"])
    except ValueError:
        return None
    if at.tzinfo is None:
        return None
    return {"lat": float(lat), "lon": float(lon), "at": at, "accuracy_m": accuracy}


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _refuse(constant: str) -> None:
    raise ValueError(constant)  # NaN and Infinity: not JSON


async def send_json(send: Any, status: int, body: dict[str, Any]) -> None:
    content = json.dumps(body).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(content)).encode()),
        # As Django's SecurityMiddleware would add.
        (b"x-content-type-options", b"nosniff"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": content})


def with_positions(django_app: Any) -> Any:
    """The HTTP application: position batches here, the rest to Django."""
    positions = PositionsHandler()

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        handler = positions if serves(scope) else django_app
        await handler(scope, receive, send)

    return app
