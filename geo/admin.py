from __future__ import annotations

from django.contrib import admin

from geo.models import Place


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region_code", "lat", "lon", "active", "updated_at"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "aliases", "region_code"]
    list_editable = ["active"]
    fields = ["name", "aliases", "kind", "lat", "lon", "region_code", "active"]
