"""Interop records: integration accounts, Open311 submissions, SMS/WhatsApp messages."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dispatch.models import Agency, Incident, Report, Staff


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
    MEDIA = "media", _("Photo or voice note")
    RATING = "rating", _("Rating")


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
    # A photo or voice note: the provider's id of the file, fetched after commit.
    media_id = models.CharField(max_length=200, blank=True)

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


# --- alerts to people (interop/alerts.py) -------------------------------------------


class DutyRole(models.TextChoices):
    """A person's place in an alert's escalation chain, in the order it climbs."""

    OFFICER = "officer", _("Duty officer")
    HEAD = "head", _("Head of agency")
    SUPERVISOR = "supervisor", _("Supervisor")


class DutyRoster(models.Model):
    """One person who may be alerted by SMS or WhatsApp, and when.

    Kept simple for the admin: an "on duty" switch plus an optional daily shift
    (local time, it may cross midnight); empty shift times mean all day. A
    supervisor without an agency is alerted for every agency.
    """

    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="duty_roster",
        help_text=_("Empty for a supervisor of the whole call centre"),
    )
    role = models.CharField(max_length=16, choices=DutyRole.choices, default=DutyRole.OFFICER)
    name = models.CharField(max_length=200)
    # The account that acknowledges (on the board or by a reply with its PIN), if any.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    phone = models.CharField(max_length=20, help_text=_("E.164, e.g. +6281234567890"))
    channel = models.CharField(max_length=16, choices=Provider.choices, default=Provider.WHATSAPP)
    on_duty = models.BooleanField(default=True)
    shift_start = models.TimeField(null=True, blank=True)
    shift_end = models.TimeField(null=True, blank=True)
    # Quiet hours hold P3/P4 alerts until they end; P1 and P2 always go out.
    quiet_start = models.TimeField(null=True, blank=True)
    quiet_end = models.TimeField(null=True, blank=True)

    class Meta:
        ordering = ["agency_id", "role", "name"]
        verbose_name = _("duty roster entry")
        verbose_name_plural = _("duty roster")

    def __str__(self) -> str:
        return f"{self.name} ({self.role}, {self.agency or '-'})"


class AlertReason(models.TextChoices):
    ROUTED = "routed", _("Routed to the agency")
    CLAIM_DEADLINE = "claim_deadline", _("Claim deadline passed")
    RESOLVE_DEADLINE = "resolve_deadline", _("Resolve deadline passed")


class AlertState(models.TextChoices):
    OPEN = "open", _("Waiting for acknowledgement")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    STOPPED = "stopped", _("Stopped")


class Alert(models.Model):
    """An incident an agency's people must act on, climbing the chain until one does."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="alerts")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="alerts")
    reason = models.CharField(max_length=20, choices=AlertReason.choices)
    priority = models.CharField(max_length=2)
    state = models.CharField(max_length=16, choices=AlertState.choices, default=AlertState.OPEN)
    # The highest step of the chain reached (0 = officer); -1 before the first.
    level = models.SmallIntegerField(default=-1)
    created_at = models.DateTimeField()
    # When the escalation looks at it again (the next step, or a held message); None: never.
    next_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # reply, board, claim, closed or reassigned.
    ack_via = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "next_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "agency", "reason"], name="one_alert_per_incident_agency_reason"
            )
        ]

    def __str__(self) -> str:
        return f"alert #{self.incident_id} {self.reason} -> {self.agency_id} ({self.state})"


class AlertDelivery(models.Model):
    """One message of an alert to one person; its delivery status is its outbox row's."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries")
    roster = models.ForeignKey(
        DutyRoster, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(max_length=16, choices=DutyRole.choices)
    name = models.CharField(max_length=200)
    to = models.CharField(max_length=32)
    channel = models.CharField(max_length=16, choices=Provider.choices)
    created_at = models.DateTimeField()
    # Set while the person's quiet hours hold the message (P3/P4 only).
    held_until = models.DateTimeField(null=True, blank=True)
    outbound = models.ForeignKey(
        OutboundMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.role} {self.name} ({self.channel})"

    @property
    def status(self) -> str:
        """The outbox row's status (pending, sending, sent, failed), or held."""
        if self.outbound_id is None:
            return "held" if self.held_until else "none"
        return self.outbound.status
