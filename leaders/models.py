"""Who receives the leaders' daily report, and each delivery of it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecipientRole(models.TextChoices):
    HEAD = "head", _("Head of region's office (mayor, regent, governor)")
    SEKDA = "sekda", _("Regional secretary (Sekda)")
    SUPERVISOR = "supervisor", _("Supervisor")
    OTHER = "other", _("Other")


class DeliveryChannel(models.TextChoices):
    EMAIL = "email", _("Email with the PDF")
    WHATSAPP = "whatsapp", _("WhatsApp summary")
    SMS = "sms", _("SMS summary")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    DELIVERED = "delivered", _("Delivered")
    # WhatsApp/SMS: handed to the outbox, which sends and retries (its message's status).
    QUEUED = "queued", _("In the message outbox")
    FAILED = "failed", _("Failed")


class ReportRecipient(models.Model):
    """A person or office the daily report goes to, edited in the admin."""

    name = models.CharField(max_length=200)
    role = models.CharField(max_length=16, choices=RecipientRole.choices)
    email = models.EmailField(blank=True)
    # WhatsApp or SMS number for the summary (E.164, e.g. +6281234567890).
    phone = models.CharField(max_length=32, blank=True)
    message_channel = models.CharField(
        max_length=16,
        blank=True,
        choices=[(DeliveryChannel.WHATSAPP, _("WhatsApp")), (DeliveryChannel.SMS, _("SMS"))],
        help_text=_("Where the short summary goes; empty for none."),
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class ReportDelivery(models.Model):
    """One report sent to one recipient by one channel: who got what, when, how it went."""

    recipient = models.ForeignKey(
        ReportRecipient, null=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    # Kept as it was when sent: the recipient's row may change or go later.
    recipient_name = models.CharField(max_length=200)
    channel = models.CharField(max_length=16, choices=DeliveryChannel.choices)
    address = models.CharField(max_length=254)
    report_date = models.DateField()
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # WhatsApp/SMS: the outbox's message (interop.OutboundMessage) that carries it.
    outbound_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-report_date", "-created_at"]
        constraints = [
            # A second beat run (or a second scheduler) cannot send a report twice.
            models.UniqueConstraint(
                fields=["recipient", "channel", "report_date"], name="one_delivery_per_day"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.report_date} {self.channel} to {self.recipient_name} ({self.status})"
