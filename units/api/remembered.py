"""Who is posting positions, remembered for a short while (issue 19, Benchmark).

A unit on duty sends a batch every few seconds, and for each one the API's own
authentication read the token (and every other token of its user, which knox
prunes as it goes), the user, the staff record and the unit: four queries for a
request that then only hands its fixes to the writer. Here the answer of the
API's authentication is remembered per credential for REMEMBER_S seconds, and a
unit's agency per unit, in this process; a session's CSRF check still runs on
every request. The cost: a token revoked, a session ended or a staff member moved
to another agency is still accepted for positions (and only for them) for up to
REMEMBER_S seconds.
"""

from __future__ import annotations

import hashlib
import threading
import time
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.shortcuts import get_object_or_404
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.request import Request

from dispatch.api.authentication import TokenAuthentication
from dispatch.roles import role_of
from units.models import Unit

REMEMBER_S = 30.0
# Bounded by the fleet; past this many, everything is forgotten at once.
MOST = 20_000

V = TypeVar("V")


class Recent(Generic[V]):
    """Values remembered for REMEMBER_S seconds, thread-safe."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.values: dict[Any, tuple[float, V]] = {}

    def get(self, key: Any) -> V | None:
        found = self.values.get(key)
        if found is None or found[0] < time.monotonic():
            return None
        return found[1]

    def put(self, key: Any, value: V) -> None:
        with self.lock:
            if len(self.values) >= MOST:
                self.values.clear()
            self.values[key] = (time.monotonic() + REMEMBER_S, value)

    def clear(self) -> None:
        with self.lock:
            self.values.clear()


CALLERS: Recent[Any] = Recent()
UNITS: Recent[Unit] = Recent()


def credential(request: Request) -> tuple[str, str] | None:
    """The request's token (hashed) or session key, whichever authenticates it."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header:
        return token_key(header.encode("latin-1", "replace"))
    key = request._request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    return ("session", key) if key else None


def token_key(header: bytes) -> tuple[str, str]:
    return "token", hashlib.sha256(header).hexdigest()


def caller_of_token(header: bytes) -> Any:
    """The user of an Authorization header this process remembers, else None."""
    return CALLERS.get(token_key(header)) if header else None


def caller_of_session(key: str) -> Any:
    """The user of a session this process remembers, else None."""
    return CALLERS.get(("session", key)) if key else None


class RememberedAuthentication(BaseAuthentication):
    """The API's authentication (knox token, then session), its answer remembered."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        key = credential(request)
        if key is None:
            return None
        user = CALLERS.get(key)
        if user is not None:
            if key[0] == "session":
                SessionAuthentication().enforce_csrf(request)
            return user, None
        for method in (TokenAuthentication(), SessionAuthentication()):
            found = method.authenticate(request)
            if found is not None:
                role_of(found[0])  # reads the staff record now, kept with the user
                CALLERS.put(key, found[0])
                return found
        return None


def unit_of(pk: int) -> Unit:
    """The unit (404 if none), remembered: a unit does not change agency mid-shift."""
    unit = UNITS.get(pk)
    if unit is None:
        unit = get_object_or_404(Unit.objects.select_related("agency"), pk=pk)
        UNITS.put(pk, unit)
    return unit


class RememberedScheme(OpenApiAuthenticationExtension):
    """In the OpenAPI description: the API's token or its session, either one, as the
    schemes every other view declares (so no component of its own: `name` is empty)."""

    target_class = "units.api.remembered.RememberedAuthentication"
    name: list[str] = []

    def get_security_requirement(self, auto_schema: Any) -> list[dict[str, list[Any]]]:
        return [{"tokenAuth": []}, {"cookieAuth": []}]

    def get_security_definition(self, auto_schema: Any) -> list[dict[str, Any]]:
        return []
