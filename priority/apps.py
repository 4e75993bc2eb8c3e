from __future__ import annotations

from django.apps import AppConfig


class PriorityConfig(AppConfig):
    name = "priority"
    default_auto_field = "django.db.models.BigAutoField"
