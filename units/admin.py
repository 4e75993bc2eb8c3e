"""Admin: units are edited here (call sign, station, crew); their status and
assignments change only through the services, so that every change is logged.
Facilities (the console's map layers) are edited here too: a real deployment
replaces the demo ones with its own."""

from __future__ import annotations

from django.contrib import admin

from units.models import Facility, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["call_sign", "kind", "agency", "status", "station_name", "active"]
    list_filter = ["kind", "status", "active"]
    search_fields = ["call_sign", "station_name", "agency__name"]
    readonly_fields = ["status", "status_at", "lat", "lon", "position_at", "accuracy_m", "version"]


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "agency", "region_code", "lat", "lon", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "region_code", "agency__name"]
