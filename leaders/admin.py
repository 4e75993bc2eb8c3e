from __future__ import annotations

from django.contrib import admin

from leaders.models import ReportDelivery, ReportRecipient


@admin.register(ReportRecipient)
class ReportRecipientAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "email", "message_channel", "phone", "active"]
    list_filter = ["role", "active", "message_channel"]
    search_fields = ["name", "email", "phone"]


@admin.register(ReportDelivery)
class ReportDeliveryAdmin(admin.ModelAdmin):
    """Read only: a delivery is a record of what happened."""

    list_display = [
        "report_date",
        "recipient_name",
        "channel",
        "status",
        "attempts",
        "delivered_at",
        "next_attempt_at",
    ]
    list_filter = ["status", "channel", "report_date"]
    search_fields = ["recipient_name", "address"]

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
