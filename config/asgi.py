"""ASGI entry point: HTTP through Django, websockets through Channels."""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Django must be set up before anything imports models.
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from dispatch.asgi import with_reports  # noqa: E402
from realtime.origin import SameOriginValidator  # noqa: E402
from realtime.routing import websocket_urlpatterns  # noqa: E402
from units.asgi import with_positions  # noqa: E402

application = ProtocolTypeRouter(
    {
        # New reports and units' position batches in threads of their own
        # (dispatch/asgi.py, units/asgi.py).
        "http": with_positions(with_reports(django_asgi_app)),
        # Staff routes resolve the session and user when a socket opens (realtime.auth).
        # Only pages of this site (scheme, host and port) open sockets (realtime.origin).
        "websocket": SameOriginValidator(URLRouter(websocket_urlpatterns)),
    }
)
