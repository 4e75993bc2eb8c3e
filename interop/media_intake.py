"""Photos and voice notes sent by WhatsApp: put on the sender's report.

The webhook answers Meta at once; the file is fetched after commit by a task
(`inbound_media_fetch_task`), from the Cloud API with the access token
(`WhatsAppCloudClient.media_download`), checked by its bytes and stored by
dispatch (dispatch.services.media). A provider that is down is retried.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dispatch import services as dispatch_services
from dispatch.media import MediaRefused, accept
from dispatch.models import Report
from interop import selectors
from interop.messaging import InboundMessage as Message
from interop.messaging import SendError
from interop.messaging.whatsapp import MediaTooLarge
from interop.messaging.whatsapp import client as whatsapp_client
from interop.models import InboundMessage
from interop.outbox import outbound_enqueue

logger = logging.getLogger(__name__)

# Outcomes of a media message: waiting for its file, stored, or refused (`error`).
RECEIVED = "media_received"
STORED = "media_stored"
REFUSED = "media_refused"


def media_received(message: Message) -> tuple[str, str, Report | None, bool]:
    """The reply, outcome and report of a photo or voice note, and whether the
    report is new. It joins the sender's report of the last hour, as a shared
    location does; alone it is a report of its own (with its caption)."""
    since = timezone.now() - timedelta(minutes=settings.MESSAGE_LOCATION_WINDOW_MINUTES)
    report = selectors.latest_report_from(
        phone=message.sender, channels=[message.provider], since=since
    )
    if report is not None:
        # English: "photo/voice note received for report X, thank you".
        reply = f"Foto/rekaman diterima untuk laporan {report.tracking_code}. Terima kasih."
        return reply, RECEIVED, report, False
    text = message.text.strip() or "Foto/rekaman dikirim pelapor tanpa keterangan."
    report = dispatch_services.report_submit(
        text=text,
        channel=message.provider,
        reporter_phone=message.sender,
        reporter_name=message.sender_name,
    )
    return "", RECEIVED, report, True


def fetch_on_commit(row: InboundMessage) -> None:
    transaction.on_commit(lambda pk=row.pk: _enqueue_fetch(pk), robust=True)


def _enqueue_fetch(inbound_id: int) -> None:
    from interop.tasks import inbound_media_fetch_task

    try:
        inbound_media_fetch_task.delay(inbound_id)
    except Exception:
        logger.warning("could not enqueue media fetch %s", inbound_id, exc_info=True)


def inbound_media_retry_due(*, now: datetime) -> list[int]:
    """The sweep (with the outbox's): files not fetched yet, for a day at most.

    The task's own retries end; a worker may die; eager mode has none: a photo
    sent while the provider's media API was down is fetched when it is back.
    """
    due = list(
        InboundMessage.objects.filter(
            outcome=RECEIVED,
            received_at__lt=now - timedelta(minutes=2),
            received_at__gte=now - timedelta(days=1),
        )
        .exclude(media_id="")
        .values_list("pk", flat=True)[:100]
    )
    for inbound_id in due:
        _enqueue_fetch(inbound_id)
    return due


def inbound_media_fetch(*, inbound_id: int) -> str:
    """Download one message's file and store it on its report (once).

    Raises SendError when the provider could not be reached (the task retries).
    """
    row = InboundMessage.objects.select_related("report").get(pk=inbound_id)
    if row.outcome != RECEIVED or row.report is None or not row.media_id:
        return row.outcome
    limit = max(settings.MEDIA_MAX_IMAGE_BYTES, settings.MEDIA_MAX_AUDIO_BYTES)
    try:
        data = whatsapp_client().media_download(row.media_id, limit=limit)
        accepted = accept(data)
    except MediaTooLarge:
        return _refused(row, "too large")
    except MediaRefused as exc:
        return _refused(row, exc.message)
    except SendError as exc:
        InboundMessage.objects.filter(pk=row.pk).update(error=str(exc)[:2000])
        raise
    with transaction.atomic():
        locked = InboundMessage.objects.select_for_update().get(pk=row.pk)
        if locked.outcome != RECEIVED:
            return locked.outcome  # a twin task stored it meanwhile
        dispatch_services.media_store(accepted=accepted, source=row.provider, report=row.report)
        locked.outcome, locked.error = STORED, ""
        locked.save(update_fields=["outcome", "error"])
    return STORED


def _refused(row: InboundMessage, why: str) -> str:
    with transaction.atomic():
        InboundMessage.objects.filter(pk=row.pk).update(outcome=REFUSED, error=why[:2000])
        # English: "we could not take this file (photos JPEG/PNG/WebP, voice notes);
        # send it again as a photo, or describe in words".
        text = (
            "Maaf, berkas ini tidak dapat kami terima (foto JPEG/PNG/WebP atau pesan "
            "suara, ukuran terbatas). Jelaskan kejadiannya dengan teks."
        )
        outbound_enqueue(provider=row.provider, to=row.sender, text=text, inbound=row)
    return REFUSED
