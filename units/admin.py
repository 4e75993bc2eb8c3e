"""Admin: units are edited here (call sign, station, crew); their status and
assignments change only through the services, so that every change is logged."""

from __future__ import annotations

from django.contrib import admin

from units.models import Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["call_sign", "kind", "agency", "status", "station_name", "active"]
    list_filter = ["kind", "status", "active"]
    search_fields = ["call_sign", "station_name", "agency__name"]
    readonly_fields = ["status", "status_at", "lat", "lon", "position_at", "accuracy_m", "version"]
