"""Prototypes of the changes the bench proposes for realtime/, measured, not merged.

    BENCH_FASTPATH=1 python -m bench.run --phases dispatch,public

The bench may not edit realtime/ or config/; these patches apply only inside
the bench's server process (bench.asgi) when BENCH_FASTPATH=1, so the figures
with and without them come from the same harness and the same code otherwise.
What each one stands for in the project:

1. connect-time auth (config/asgi.py): Channels' CookieMiddleware +
   SessionMiddleware + AuthMiddleware wrap `send` for the whole life of a
   socket; the session wrapper inspects a lazy session object on every frame
   (InstanceSessionWrapper.send, LazyObject.__getattribute__). The session and
   user are only needed when the socket opens: resolve them once and pass the
   server's own `send` through.
2. direct send (realtime/consumers.py): EventsConsumer.push goes through
   AsyncWebsocketConsumer.send and AsyncConsumer.send; frames the hub already
   encoded can go straight to `base_send`.
3. bounded `sent` (realtime/hub.py + consumers.py): each consumer adds every
   live event id to `self.sent` and only trims it on a resume, so a socket that
   stays open grows by one set entry per event forever. At each heartbeat every
   id up to the hub's `confirmed` has been pushed to every live socket, so the
   socket's `through` can move up to it and `sent` drop what is below.
"""

from __future__ import annotations

from http.cookies import SimpleCookie
from typing import Any


def parse_cookies(scope: dict[str, Any]) -> dict[str, str]:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            jar.load(value.decode("latin-1"))
            return {key: morsel.value for key, morsel in jar.items()}
    return {}


class ConnectTimeAuth:
    """scope["session"] and scope["user"] resolved once; `send` is not wrapped."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        from channels.auth import get_user
        from channels.db import database_sync_to_async
        from django.conf import settings

        cookies = parse_cookies(scope)
        session = await database_sync_to_async(_load_session)(
            cookies.get(settings.SESSION_COOKIE_NAME)
        )
        scope = {**scope, "cookies": cookies, "session": session}
        scope["user"] = await get_user(scope)
        return await self.inner(scope, receive, send)


def _load_session(session_key: str | None) -> Any:
    from importlib import import_module

    from django.conf import settings

    # Read by get_user below, in its database thread; never saved from a socket.
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key)


def application() -> Any:
    from channels.routing import ProtocolTypeRouter, URLRouter
    from channels.security.websocket import AllowedHostsOriginValidator

    from config import asgi
    from realtime.routing import websocket_urlpatterns

    return ProtocolTypeRouter(
        {
            "http": asgi.django_asgi_app,
            "websocket": AllowedHostsOriginValidator(
                ConnectTimeAuth(URLRouter(websocket_urlpatterns))
            ),
        }
    )


def install() -> None:
    """Patches 2 and 3 (patch 1 is the application above)."""
    from realtime.consumers import EventsConsumer
    from realtime.hub import Hub

    generic_send = EventsConsumer.send

    async def send(
        self: Any,
        text_data: str | None = None,
        bytes_data: bytes | None = None,
        close: bool = False,
    ) -> None:
        if text_data is not None and not close:
            await self.base_send({"type": "websocket.send", "text": text_data})
        else:
            await generic_send(self, text_data=text_data, bytes_data=bytes_data, close=close)

    EventsConsumer.send = send  # type: ignore[method-assign]

    beat = Hub.beat

    async def beat_and_trim(self: Hub) -> None:
        confirmed = self.confirmed
        for socket in [*self.staff_sockets(), *self.public]:
            if (
                getattr(socket, "held", None) is None
                and getattr(socket, "through", None) is not None
            ):
                socket.through = max(socket.through, confirmed)  # type: ignore[attr-defined]
                socket.sent = {i for i in socket.sent if i > confirmed}  # type: ignore[attr-defined]
        await beat(self)

    Hub.beat = beat_and_trim  # type: ignore[method-assign]
