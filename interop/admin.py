from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from dispatch.api.serializers import normalize_phone
from interop import services
from interop.messaging import commands
from interop.models import (
    Alert,
    AlertDelivery,
    DutyRoster,
    InboundMessage,
    IntegrationAccount,
    Open311Request,
    OutboundMessage,
    StaffPin,
)


@admin.register(IntegrationAccount)
class IntegrationAccountAdmin(admin.ModelAdmin):
    list_display = ["name", "key_prefix", "active", "contact", "created_at", "last_used_at"]
    list_filter = ["active"]
    search_fields = ["name", "contact"]
    readonly_fields = ["key_prefix", "created_at", "last_used_at"]
    actions = ["rotate_key"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        # A new account gets a random key, shown this once: only its digest is stored.
        obj.key_prefix, obj.key_hash = "", f"unset-{secrets.token_hex(16)}"
        super().save_model(request, obj, form, change)
        key = services.integration_rotate_key(account=obj)
        self.message_user(request, f"API key for {obj.name} (copy it now): {key}", messages.WARNING)

    @admin.action(description="Issue a new API key (the old one stops working)")
    def rotate_key(self, request: HttpRequest, queryset: QuerySet[IntegrationAccount]) -> None:
        for account in queryset:
            key = services.integration_rotate_key(account=account)
            self.message_user(
                request, f"New API key for {account.name} (copy it now): {key}", messages.WARNING
            )


@admin.register(Open311Request)
class Open311RequestAdmin(admin.ModelAdmin):
    list_display = ["report", "account", "service_code", "created_at"]
    list_filter = ["account", "service_code"]
    raw_id_fields = ["report"]


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    list_display = ["received_at", "provider", "sender", "kind", "outcome", "error", "report"]
    list_filter = ["provider", "kind", "outcome"]
    search_fields = ["sender", "message_id", "text"]
    raw_id_fields = ["report"]


@admin.register(OutboundMessage)
class OutboundMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "provider", "to", "status", "attempts", "sent_at"]
    list_filter = ["provider", "status"]
    search_fields = ["to"]
    raw_id_fields = ["inbound"]


class StaffPinForm(forms.ModelForm):
    """The PIN is typed, never shown: only its hash is stored (services.staff_pin_set)."""

    pin = forms.RegexField(
        regex=commands.PIN,
        widget=forms.PasswordInput(render_value=False),
        help_text="Six digits. Field staff add it to TERIMA and SELESAI messages.",
    )

    class Meta:
        model = StaffPin
        fields = ["staff"]


@admin.register(StaffPin)
class StaffPinAdmin(admin.ModelAdmin):
    form = StaffPinForm
    list_display = ["staff", "updated_at"]
    raw_id_fields = ["staff"]
    search_fields = ["staff__user__username", "staff__phone"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.staff_pin_set(staff=form.cleaned_data["staff"], pin=form.cleaned_data["pin"])


# --- alerts to people -----------------------------------------------------------


class DutyRosterForm(forms.ModelForm):
    class Meta:
        model = DutyRoster
        fields = [
            "agency",
            "role",
            "name",
            "user",
            "phone",
            "channel",
            "on_duty",
            "shift_start",
            "shift_end",
            "quiet_start",
            "quiet_end",
        ]

    def clean_phone(self) -> str:
        # Replies and alerts go to E.164 numbers; 0812... is written as +62812...
        try:
            return normalize_phone(self.cleaned_data["phone"])
        except ValueError:
            raise forms.ValidationError("Not a phone number.") from None


@admin.register(DutyRoster)
class DutyRosterAdmin(admin.ModelAdmin):
    """The duty roster: flip "on duty" in the list, or give a daily shift."""

    form = DutyRosterForm

    list_display = [
        "name",
        "agency",
        "role",
        "channel",
        "phone",
        "on_duty",
        "shift_start",
        "shift_end",
    ]
    list_editable = ["on_duty"]
    list_filter = ["role", "on_duty", "channel", "agency"]
    search_fields = ["name", "phone", "agency__name"]
    autocomplete_fields = ["user"]


class AlertDeliveryInline(admin.TabularInline):
    model = AlertDelivery
    extra = 0
    can_delete = False
    fields = ["role", "name", "channel", "to", "created_at", "held_until", "status"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    """Alerts change only through interop.alerts (every change is logged): read-only."""

    list_display = ["incident", "agency", "reason", "priority", "state", "level", "created_at"]
    list_filter = ["state", "reason", "priority"]
    inlines = [AlertDeliveryInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in Alert._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
