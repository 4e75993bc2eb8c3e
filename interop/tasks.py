"""Celery tasks of the interop layer: they take ids and call services."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from interop import selectors, services
from interop.messaging import SendError

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=None)
def outbound_send_task(self, outbound_id: int) -> str:
    """Send a queued reply; on failure retry with backoff (the row counts attempts)."""
    try:
        return services.outbound_send(outbound_id=outbound_id)
    except SendError as exc:
        attempts = selectors.outbound_attempts(outbound_id=outbound_id)
        if attempts < settings.OUTBOUND_MAX_ATTEMPTS and not self.request.is_eager:
            countdown = services.outbound_backoff(attempts).total_seconds()
            raise self.retry(exc=exc, countdown=countdown) from exc
        # Eager mode (no worker) or out of attempts: the sweep or a person takes over.
        return "failed"


@shared_task(bind=True, acks_late=True, max_retries=6)
def inbound_media_fetch_task(self, inbound_id: int) -> str:
    """Fetch a WhatsApp photo or voice note; a provider that is down is retried."""
    try:
        return services.inbound_media_fetch(inbound_id=inbound_id)
    except SendError as exc:
        if self.request.is_eager:
            return "failed"  # kept as media_received with the error: the sweep tries again
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc


@shared_task
def reporters_notify_task(incident_id: int, stage: str) -> int:
    """Tell an incident's SMS/WhatsApp reporters it was claimed or resolved."""
    return services.reporters_notify(incident_id=incident_id, stage=stage)


@shared_task
def outbound_retry_due() -> int:
    """The outbox sweep (celery beat), and the WhatsApp files still to fetch."""
    services.inbound_media_retry_due(now=timezone.now())
    due = services.outbound_retry_due(now=timezone.now())
    if due:
        logger.info("retrying %d queued replies", len(due))
    return len(due)


@shared_task
def messages_anonymize_old() -> int:
    """Retention of message senders (celery beat), with the reports' RETENTION_DAYS."""
    return services.messages_anonymize_old(older_than_days=settings.RETENTION_DAYS)


@shared_task
def alerts_escalate_due() -> int:
    """Alerts climb their chain (celery beat; `make run`'s scheduler without Redis)."""
    return services.alerts_escalate_due(now=timezone.now())


@shared_task
def alerts_check_incident_task(incident_id: int) -> int:
    """After a change of an incident: raise its alerts, stop those it settled."""
    return services.alerts_check_incident(incident_id=incident_id, now=timezone.now())
