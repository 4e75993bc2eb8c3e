"""Writes of the leaders' reports: the morning run and each delivery.

The morning run (`daily_report_due`, from beat every few minutes) creates one
ReportDelivery per recipient and channel for the day before, once the local hour
reaches DAILY_REPORT_HOUR; the unique constraint makes a second run, or a second
scheduler, a no-op. Each delivery is sent by a task after commit: email with the
PDF through Django's mail API, retried with back-off by the sweep; the WhatsApp or
SMS summary goes through the reply outbox (interop.outbox), which retries on its own.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from frontend import report_pdf, reports
from interop.outbox import outbound_enqueue
from leaders.messages import summary_text
from leaders.models import DeliveryChannel, DeliveryStatus, ReportDelivery, ReportRecipient

logger = logging.getLogger(__name__)


def daily_report_due(*, now: datetime) -> list[int]:
    """Deliveries created for yesterday's report if sending is on and the hour has come."""
    if not settings.DAILY_REPORT_SEND:
        return []
    local = timezone.localtime(now)
    if local.hour < settings.DAILY_REPORT_HOUR:
        return []
    return daily_report_deliver(day=local.date() - timedelta(days=1))


def daily_report_deliver(*, day: date) -> list[int]:
    """One delivery per active recipient and channel for `day`; those already made stay."""
    created = []
    for recipient in ReportRecipient.objects.filter(active=True):
        for channel, address in _channels(recipient):
            try:
                with transaction.atomic():
                    delivery = ReportDelivery.objects.create(
                        recipient=recipient,
                        recipient_name=recipient.name,
                        channel=channel,
                        address=address,
                        report_date=day,
                    )
            except IntegrityError:
                continue  # made by an earlier run
            created.append(delivery.pk)
            transaction.on_commit(lambda pk=delivery.pk: _enqueue(pk), robust=True)
    return created


def _channels(recipient: ReportRecipient) -> list[tuple[str, str]]:
    channels = []
    if recipient.email:
        channels.append((DeliveryChannel.EMAIL, recipient.email))
    if recipient.message_channel and recipient.phone:
        channels.append((recipient.message_channel, recipient.phone))
    return channels


def _enqueue(delivery_id: int) -> None:
    from leaders.tasks import report_delivery_send_task

    try:
        report_delivery_send_task.delay(delivery_id)
    except Exception:
        # Broker down: the delivery stays pending and the sweep sends it later.
        logger.warning("could not enqueue report delivery %s", delivery_id, exc_info=True)


def delivery_backoff(attempts: int) -> timedelta:
    """1, 2, 4, ... minutes, at most an hour: an SMTP server back within the morning."""
    return timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))


def delivery_send(*, delivery_id: int) -> str:
    """Send one delivery; its row says how it went. Claimed by a conditional update
    first, so a task and the sweep never send it twice at once."""
    now = timezone.now()
    claimed = ReportDelivery.objects.filter(
        pk=delivery_id,
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED],
        attempts__lt=settings.REPORT_DELIVERY_MAX_ATTEMPTS,
    ).update(status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, updated_at=now)
    if not claimed:
        return "skipped"
    delivery = ReportDelivery.objects.get(pk=delivery_id)
    try:
        with override(settings.LANGUAGE_CODE):
            status = _send(delivery)
    except Exception as exc:
        logger.warning(
            "report delivery %s failed (attempt %s): %s", delivery_id, delivery.attempts, exc
        )
        ReportDelivery.objects.filter(pk=delivery_id).update(
            status=DeliveryStatus.FAILED,
            last_error=repr(exc)[:2000],
            next_attempt_at=timezone.now() + delivery_backoff(delivery.attempts),
            updated_at=timezone.now(),
        )
        return DeliveryStatus.FAILED
    return status


def _send(delivery: ReportDelivery) -> str:
    report = reports.daily_report_data(day=delivery.report_date)
    if delivery.channel == DeliveryChannel.EMAIL:
        _send_email(delivery, report)
        ReportDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.DELIVERED,
            delivered_at=timezone.now(),
            last_error="",
            updated_at=timezone.now(),
        )
        return DeliveryStatus.DELIVERED
    outbound = outbound_enqueue(
        provider=delivery.channel, to=delivery.address, text=summary_text(report)
    )
    ReportDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.QUEUED,
        outbound_id=outbound.pk,
        last_error="",
        updated_at=timezone.now(),
    )
    return DeliveryStatus.QUEUED


def _send_email(delivery: ReportDelivery, report: dict) -> None:
    day = delivery.report_date.isoformat()
    message = EmailMessage(
        subject=f"{_('Daily report')} {day} - {settings.SITE_TITLE}",
        body=summary_text(report),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.address],
    )
    message.attach(f"laporan-harian-{day}.pdf", report_pdf.render_pdf(report), "application/pdf")
    message.send(fail_silently=False)


def deliveries_retry_due(*, now: datetime) -> list[int]:
    """The sweep: deliveries never enqueued, stuck while sending, or due another attempt."""
    ReportDelivery.objects.filter(
        status=DeliveryStatus.SENDING, updated_at__lt=now - timedelta(minutes=10)
    ).update(status=DeliveryStatus.FAILED, last_error="stuck while sending", next_attempt_at=now)
    due = list(
        ReportDelivery.objects.filter(
            Q(status=DeliveryStatus.PENDING, created_at__lt=now - timedelta(minutes=2))
            | Q(status=DeliveryStatus.FAILED, next_attempt_at__lte=now),
            attempts__lt=settings.REPORT_DELIVERY_MAX_ATTEMPTS,
        ).values_list("pk", flat=True)[:200]
    )
    for delivery_id in due:
        _enqueue(delivery_id)
    return due
