"""Interop records: integration accounts, Open311 submissions, SMS/WhatsApp messages."""

from __future__ import annotations

import hashlib

from django.db import models
from django.utils.translation import gettext_lazy as _

from dispatch.models import Report, Staff


def key_digest(key: str) -> str:
    """SHA-256 of an API key. Keys are random and long, so a fast hash is enough."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class IntegrationAccount(models.Model):
    """A system allowed to submit Open311 requests (a city app, a partner portal).

    Only a digest of the key is stored: a leaked database does not leak keys.
    """

    name = models.CharField(max_length=100, unique=True)
    # The first characters of the key, to tell keys apart in the admin and in logs.
    key_prefix = models.CharField(max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    active = models.BooleanField(default=True)
    contact = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Open311Request(models.Model):
    """Which account filed a report through Open311, and as which service."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="open311")
    account = models.ForeignKey(
        IntegrationAccount, on_delete=models.PROTECT, related_name="requests"
    )
    service_code = models.CharField(max_length=32)
    attributes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.service_code} by {self.account_id} -> report {self.report_id}"


class Provider(models.TextChoices):
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")


class InboundKind(models.TextChoices):
    REPORT = "report", _("Report")
    LOCATION = "location", _("Location")
    COMMAND = "command", _("Staff command")
    UNSUPPORTED = "unsupported", _("Unsupported")
    INVALID = "invalid", _("Unreadable")


class InboundMessage(models.Model):
    """One provider message, once: retries carry the same id and are dropped."""

    provider = models.CharField(max_length=16, choices=Provider.choices)
    message_id = models.CharField(max_length=200)
    sender = models.CharField(max_length=32, db_index=True)
    kind = models.CharField(max_length=16, choices=InboundKind.choices)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    # A shared location, kept even when it could not move the incident.
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    # What was done with it: report_created, location_attached, claimed, refused, ...
    # or "failed" (see `error`): kept so that one bad message never blocks the others.
    outcome = models.CharField(max_length=32, blank=True)
    # Only of a failed message: its words (a report may hide in them) and what went wrong.
    text = models.TextField(blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "message_id"], name="one_inbound_per_provider_message"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.message_id} ({self.kind})"


class OutboundStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboundMessage(models.Model):
    """A reply waiting to be sent: the outbox a Celery task works through."""

    provider = models.CharField(max_length=16, choices=Provider.choices)
    to = models.CharField(max_length=32)
    text = models.TextField()
    status = models.CharField(
        max_length=16,
        choices=OutboundStatus.choices,
        default=OutboundStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    provider_message_id = models.CharField(max_length=200, blank=True)
    inbound = models.ForeignKey(
        InboundMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.provider} to {self.to} ({self.status})"


class StaffPin(models.Model):
    """A staff member's PIN for SMS/WhatsApp commands (interop.messaging.commands).

    A message's sender number can be forged: a command also needs this PIN. Only
    a hash is kept, like a password's.
    """

    staff = models.OneToOneField(Staff, on_delete=models.CASCADE, related_name="sms_pin")
    pin_hash = models.CharField(max_length=128, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"PIN of {self.staff}"
