from __future__ import annotations

from django.urls import path

from realtime import consumers

websocket_urlpatterns = [
    path("ws/dispatch/", consumers.DispatchConsumer.as_asgi()),
    path("ws/agency/", consumers.AgencyConsumer.as_asgi()),
    path("ws/public/", consumers.PublicConsumer.as_asgi()),
]
