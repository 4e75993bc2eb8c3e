"""Photos and voice notes of reports and incidents: stored, opened, and forgotten.

Files go through Django's storage API (`default_storage` by way of FileField),
so a deployment moves them to S3-compatible storage by settings alone
(docs/OPERATIONS.md). The original (with the photo's EXIF, its GPS) is for
the staff who may see a reporter's contact, as a call-back is
(`contacts.may_call_back`), and each opening of one is an AuditEntry
"media.original_viewed", as a number given out for a call back is.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from dispatch.media import Accepted
from dispatch.models import AuditEntry, Incident, MediaKind, Report, ReportMedia
from dispatch.services.access import NotAllowed
from dispatch.services.contacts import may_call_back

VARIANTS = ("original", "rendition", "thumbnail")


def _name(extension: str) -> str:
    # Random names: the file name the sender chose never reaches the disk.
    return f"{secrets.token_hex(16)}.{extension}"


def media_store(
    *,
    accepted: Accepted,
    source: str,
    report: Report | None = None,
    incident: Incident | None = None,
    user: Any = None,
) -> ReportMedia:
    """Store a file `dispatch.media.accept` took, with its public renditions."""
    media = ReportMedia(
        report=report,
        incident=incident,
        kind=accepted.kind,
        content_type=accepted.content_type,
        size=len(accepted.data),
        source=source,
        uploaded_by=user if user is not None and user.is_authenticated else None,
    )
    media.original.save(_name(accepted.extension), ContentFile(accepted.data), save=False)
    if accepted.kind == MediaKind.IMAGE:
        media.rendition.save(_name("jpg"), ContentFile(accepted.rendition), save=False)
        media.thumbnail.save(_name("jpg"), ContentFile(accepted.thumbnail), save=False)
    try:
        media.save()
    except Exception:
        _delete_files(media, VARIANTS)
        raise
    return media


def media_open(*, user: Any, media: ReportMedia, variant: str, address: str) -> Any:
    """The file of one variant, for a user who may see the media's incident.

    The original only to those who may call the reporter back; audited.
    """
    if variant == "original" or not media.rendition:
        # A voice note has no rendition: a voice is as personal as a number.
        incident = media.incident or (media.report.incident if media.report else None)
        if incident is None or not may_call_back(user=user, incident=incident):
            raise NotAllowed(
                _("Only the desk and the agency handling this incident may open the original.")
            )
        if not media.original:
            raise NotAllowed(_("The original was deleted under the retention rule."))
        AuditEntry.objects.create(
            user=user,
            action="media.original_viewed",
            incident=incident,
            report_ids=[media.report_id] if media.report_id else [],
            address=address[:64],
            details={"media_id": media.pk},
        )
        return media.original
    return media.thumbnail if variant == "thumbnail" else media.rendition


def _delete_files(media: ReportMedia, variants: tuple[str, ...]) -> None:
    for variant in variants:
        field = getattr(media, variant)
        if field:
            field.delete(save=False)


def media_purge_old(*, cutoff: Any) -> int:
    """Retention: originals go with the reporter's contact (services.retention).

    The stripped rendition stays, as the report's words do, unless the incident
    was never public (a protected victim): then nothing of it is kept.
    """
    old = ReportMedia.objects.filter(original_deleted_at__isnull=True, created_at__lt=cutoff)
    count = 0
    for media in old.select_related("report__incident", "incident"):
        incident = media.incident or (media.report.incident if media.report else None)
        protected = incident is None or incident.victim_protected
        variants = VARIANTS if protected else ("original",)
        _delete_files(media, variants)
        media.original_deleted_at = timezone.now()
        media.save(update_fields=["original", "rendition", "thumbnail", "original_deleted_at"])
        count += 1
    return count
