"""Personal data: who saw a reporter's contact, and how long it (and the originals of
their photos and voice notes) is kept."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from dispatch.models import AuditEntry, Incident, Report
from dispatch.services.media import media_purge_old


def contact_view_record(
    *, user: Any, incident: Incident | None, report_ids: list[int], address: str
) -> None:
    """Audit: a staff member saw the name and phone of these reporters."""
    AuditEntry.objects.create(
        user=user if user.is_authenticated else None,
        action="contact.viewed",
        incident=incident,
        report_ids=report_ids,
        address=address[:64],
    )


def reports_anonymize_old(*, older_than_days: int) -> int:
    """Retention: old reports keep their words and place, not who sent them."""
    cutoff = timezone.now() - timezone.timedelta(days=older_than_days)
    # Photos and voice notes: the originals (a photo's GPS, a voice) go on the same day.
    media_purge_old(cutoff=cutoff)
    return Report.objects.filter(received_at__lt=cutoff, anonymized_at__isnull=True).update(
        reporter_name="", reporter_phone="", anonymized_at=timezone.now()
    )
