from __future__ import annotations

from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "geo"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Place changes invalidate the cached landmark index (geo.services).
        from geo import signals  # noqa: F401
