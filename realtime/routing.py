from __future__ import annotations

from django.urls import path

from realtime import consumers
from realtime.auth import SessionAuthMiddleware

websocket_urlpatterns = [
    path("ws/dispatch/", SessionAuthMiddleware(consumers.DispatchConsumer.as_asgi())),
    path("ws/agency/", SessionAuthMiddleware(consumers.AgencyConsumer.as_asgi())),
    # Anyone may watch the public map: no session to read, no database trip to open it.
    path("ws/public/", consumers.PublicConsumer.as_asgi()),
]
