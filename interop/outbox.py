"""The outbox: replies to SMS and WhatsApp senders, sent by a Celery task after
commit and retried with back-off, so a provider that is down delays a reply but
never loses a report. Public names are importable from interop.services.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from interop.messaging import SendError, client_for
from interop.models import InboundMessage, OutboundMessage, OutboundStatus

logger = logging.getLogger(__name__)


def outbound_enqueue(
    *, provider: str, to: str, text: str, inbound: InboundMessage | None = None
) -> OutboundMessage:
    """Queue a reply; the task that sends it runs after commit."""
    outbound = OutboundMessage.objects.create(
        provider=provider, to=to, text=text[:4096], inbound=inbound
    )
    transaction.on_commit(lambda: _enqueue_send(outbound.pk), robust=True)
    return outbound


def _enqueue_send(outbound_id: int) -> None:
    from interop.tasks import outbound_send_task

    try:
        outbound_send_task.delay(outbound_id)
    except Exception:
        # Broker down: the reply waits in the outbox; the sweep sends it later.
        logger.warning("could not enqueue sending of message %s", outbound_id, exc_info=True)


def outbound_send(*, outbound_id: int) -> str:
    """Send one queued reply. Returns its status; raises SendError when sending failed.

    The row is claimed with a conditional update first, so a retry and the sweep
    never send the same reply twice at once.
    """
    claimed = OutboundMessage.objects.filter(
        pk=outbound_id,
        status__in=[OutboundStatus.PENDING, OutboundStatus.FAILED],
        attempts__lt=settings.OUTBOUND_MAX_ATTEMPTS,
    ).update(status=OutboundStatus.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now())
    if not claimed:
        return "skipped"
    outbound = OutboundMessage.objects.get(pk=outbound_id)
    try:
        provider_id = client_for(outbound.provider).send_text(
            outbound.to, outbound.text, reference=f"out-{outbound.pk}"
        )
    except Exception as exc:
        logger.warning(
            "sending %s message %s failed (attempt %s): %s",
            outbound.provider,
            outbound.pk,
            outbound.attempts,
            exc,
        )
        OutboundMessage.objects.filter(pk=outbound_id).update(
            status=OutboundStatus.FAILED, last_error=repr(exc)[:2000], updated_at=timezone.now()
        )
        raise SendError(str(exc)) from exc
    OutboundMessage.objects.filter(pk=outbound_id).update(
        status=OutboundStatus.SENT,
        sent_at=timezone.now(),
        provider_message_id=provider_id,
        last_error="",
        updated_at=timezone.now(),
    )
    return OutboundStatus.SENT


def outbound_backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(600, 5 * 2**attempts))


def outbound_retry_due(*, now: datetime) -> list[int]:
    """The outbox sweep: replies never enqueued, stuck or due for another attempt."""
    stuck = now - timedelta(minutes=10)
    # A worker that died while sending leaves "sending" behind: try it again.
    OutboundMessage.objects.filter(status=OutboundStatus.SENDING, updated_at__lt=stuck).update(
        status=OutboundStatus.FAILED, last_error="stuck while sending"
    )
    candidates = OutboundMessage.objects.filter(
        Q(status=OutboundStatus.PENDING, created_at__lt=now - timedelta(minutes=2))
        | Q(status=OutboundStatus.FAILED),
        attempts__lt=settings.OUTBOUND_MAX_ATTEMPTS,
        created_at__gte=now - timedelta(days=1),
    ).values_list("pk", "status", "attempts", "updated_at")[:200]
    due = [
        pk
        for pk, status, attempts, updated in candidates
        if status == OutboundStatus.PENDING or updated <= now - outbound_backoff(attempts)
    ]
    for outbound_id in due:
        _enqueue_send(outbound_id)
    return due
