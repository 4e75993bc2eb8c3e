"""Who opens a websocket: the session and user, resolved once when it opens.

Channels' CookieMiddleware + SessionMiddleware + AuthMiddleware do the same job,
but they also wrap `send` for the whole life of the socket, and the session
wrapper inspects a lazy session object on every frame. A dispatcher's socket
carries about twenty frames a second; the benchmark measured that wrapper at 17 %
of the event loop's CPU (README, Performance). Sockets never write to the session,
so nothing is lost by resolving it at the handshake and passing the server's own
`send` through untouched.
"""

from __future__ import annotations

from importlib import import_module
from types import SimpleNamespace
from typing import Any

from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib import auth
from django.http.cookie import parse_cookie


def cookies_of(scope: dict[str, Any]) -> dict[str, str]:
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            return parse_cookie(value.decode("latin-1"))
    return {}


def identify(session_key: str | None) -> tuple[Any, Any]:
    """The session and its user (AnonymousUser when signed out or tampered with).

    Django's own `auth.get_user` checks the session's auth hash, so a password
    change or sign-out elsewhere ends the socket's identity as it ends a page's.
    """
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    user = auth.get_user(SimpleNamespace(session=session))
    return session, user


class SessionAuthMiddleware:
    """Sets scope["cookies"], scope["session"] and scope["user"]; `send` is not wrapped."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        cookies = cookies_of(scope)
        session, user = await database_sync_to_async(identify)(
            cookies.get(settings.SESSION_COOKIE_NAME)
        )
        scope = {**scope, "cookies": cookies, "session": session, "user": user}
        return await self.inner(scope, receive, send)
