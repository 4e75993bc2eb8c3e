"""Admin: agencies and staff are edited here; incidents change only through services,
so that every change lands in the event log. They are read-only here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from dispatch.models import (
    Agency,
    Assignment,
    AuditEntry,
    Incident,
    IncidentEvent,
    Report,
    Staff,
)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "jurisdiction", "contact", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "kind"]


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "agency", "extension"]
    list_filter = ["role", "agency"]
    search_fields = ["user__username", "extension"]
    autocomplete_fields = ["agency"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    can_delete = False
    readonly_fields = ["agency", "role", "created_at"]

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Incident)
class IncidentAdmin(ReadOnlyAdmin):
    list_display = [
        "pk",
        "category",
        "priority",
        "status",
        "lead_agency",
        "report_count",
        "created_at",
    ]
    list_filter = ["status", "priority", "category"]
    inlines = [AssignmentInline]


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["tracking_code", "channel", "state", "received_at", "incident"]
    list_filter = ["state", "channel"]
    search_fields = ["tracking_code", "reporter_phone", "text"]


@admin.register(IncidentEvent)
class IncidentEventAdmin(ReadOnlyAdmin):
    list_display = ["pk", "type", "incident", "actor", "created_at"]
    list_filter = ["type"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "action", "incident", "address"]
    list_filter = ["action"]
    search_fields = ["user__username"]
