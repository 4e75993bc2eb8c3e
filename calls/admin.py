"""Calls and handset locations are the phone system's record: read-only here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from calls.models import Call, HandsetLocation


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Call)
class CallAdmin(ReadOnly):
    list_display = ["call_id", "caller", "extension", "started_at", "outcome", "callback_done_at"]
    list_filter = ["outcome"]
    search_fields = ["call_id", "caller", "extension"]


@admin.register(HandsetLocation)
class HandsetLocationAdmin(ReadOnly):
    list_display = ["device_number", "channel", "lat", "lon", "accuracy_m", "received_at", "call"]
    list_filter = ["channel"]
    search_fields = ["device_number"]
