"""Calls as the phone system reports them, and handset positions (AML).

Code lists (docs/ARCHITECTURE.md, "Code lists"): call outcomes `answered`,
`silent`, `dropped`, `abandoned`; values never change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dispatch.models import Report


class CallOutcome(models.TextChoices):
    ANSWERED = "answered", _("Answered")
    # Answered, the line stayed open, nobody spoke and no report was taken.
    SILENT = "silent", _("Silent")
    # Answered, cut before the operator could take anything: call back.
    DROPPED = "dropped", _("Dropped")
    # The caller hung up before anyone answered: call back.
    ABANDONED = "abandoned", _("Abandoned before answer")


CALLBACK_OUTCOMES = (CallOutcome.DROPPED, CallOutcome.ABANDONED)


class Call(models.Model):
    """One call, as the PBX's ring/answer/hangup events tell it (in any order)."""

    call_id = models.CharField(max_length=128, unique=True)
    # E.164 (+62...); "" when the caller's number was withheld.
    caller = models.CharField(max_length=20, blank=True, db_index=True)
    extension = models.CharField(max_length=32, blank=True, db_index=True)
    # The earliest time any event of the call gave: the call's start for windows.
    started_at = models.DateTimeField(db_index=True)
    ringing_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True, db_index=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Empty while the call goes on.
    outcome = models.CharField(max_length=16, choices=CallOutcome.choices, blank=True)
    reports = models.ManyToManyField(Report, blank=True, related_name="calls")
    callback_done_at = models.DateTimeField(null=True, blank=True)
    callback_done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["outcome", "callback_done_at"])]

    def __str__(self) -> str:
        return f"{self.call_id} {self.caller or '-'} {self.outcome or 'live'}"


class AmlChannel(models.TextChoices):
    HTTPS = "https", _("HTTPS")
    SMS = "sms", _("SMS")


class HandsetLocation(models.Model):
    """One AML message: the handset's fix, attached to its call when one matches."""

    device_number = models.CharField(max_length=20, db_index=True)
    channel = models.CharField(max_length=8, choices=AmlChannel.choices)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    accuracy_m = models.FloatField(null=True, blank=True)
    located_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=16, blank=True)
    # The message's fields as received (known keys only), for an audit of the fix.
    fields = models.JSONField(default=dict, blank=True)
    call = models.ForeignKey(
        Call, null=True, blank=True, on_delete=models.SET_NULL, related_name="locations"
    )
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.device_number} {self.lat},{self.lon} ±{self.accuracy_m}"
