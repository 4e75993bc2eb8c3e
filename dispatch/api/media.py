"""Photos and voice notes over HTTP: the `photo` files of a multipart report, a
crew's photo of its incident, and the authenticated view that serves every file.

Files are never on a public URL: `/api/media/<id>/<variant>/` checks that the
user sees the incident, and the original only for those who may call the
reporter back (dispatch.services.media; audited).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dispatch import ratelimit, selectors, services
from dispatch.api.parsers import JSONParser
from dispatch.api.permissions import IsStaffMember
from dispatch.media import Accepted, MediaRefused, accept, too_large
from dispatch.models import Incident, MediaKind, ReportMedia
from dispatch.projections import iso
from dispatch.services.media import VARIANTS

# A report may come as JSON (as always) or as multipart/form-data with `photo` files
# and `voice` files (voice notes recorded or chosen on the public form).
REPORT_PARSERS = [JSONParser, parsers.MultiPartParser]
FIELD = "photo"
VOICE_FIELD = "voice"


class MediaTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE


def _refused(exc: MediaRefused, field: str = "photo") -> exceptions.APIException:
    if exc.status == 413:
        return MediaTooLarge({"errors": {field: [exc.message]}})
    return exceptions.ValidationError({field: [exc.message]})


def refuse_oversized_body(request: Request) -> None:
    """413 before the body is read when it could not hold allowed files only: Django
    writes uploads to temporary files with no limit of its own."""
    largest = max(settings.MEDIA_MAX_IMAGE_BYTES, settings.MEDIA_MAX_AUDIO_BYTES)
    allowed = settings.MEDIA_MAX_FILES * largest + 1024 * 1024  # the other fields
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > allowed:
        raise _refused(too_large(length, "image"))


def accepted_photos(request: Request, *, allow_audio: bool = False) -> list[Accepted]:
    """The `photo` files of a multipart request, checked by their bytes (400/413)."""
    return _accepted(request, FIELD, allow_audio=allow_audio)


def accepted_voice_notes(request: Request) -> list[Accepted]:
    """The `voice` files of a multipart report: voice notes only (a photo sent there
    is refused, so that what the form calls a voice note is one)."""
    accepted = _accepted(request, VOICE_FIELD, allow_audio=True)
    if any(a.kind != MediaKind.AUDIO for a in accepted):
        message = _("This file is not a voice note (OGG/Opus, AAC/M4A, MP3).")
        raise exceptions.ValidationError({VOICE_FIELD: [message]})
    return accepted


def _accepted(request: Request, field: str, *, allow_audio: bool) -> list[Accepted]:
    files = request.FILES.getlist(field) if hasattr(request, "FILES") else []
    if len(files) > settings.MEDIA_MAX_FILES:
        message = _("At most %(n)d files.") % {"n": settings.MEDIA_MAX_FILES}
        raise exceptions.ValidationError({field: [message]})
    accepted = []
    for upload in files:
        # Refused on the size the upload declares before a byte is read into memory.
        if upload.size > max(settings.MEDIA_MAX_IMAGE_BYTES, settings.MEDIA_MAX_AUDIO_BYTES):
            raise _refused(too_large(upload.size, "image"), field)
        try:
            accepted.append(accept(upload.read(), allow_audio=allow_audio))
        except MediaRefused as exc:
            raise _refused(exc, field) from None
    return accepted


def media_payload(media: ReportMedia, *, original: bool) -> dict[str, Any]:
    """One file as the staff detail lists it; `original`: whether this user may open it."""
    base = f"/api/media/{media.pk}"
    has_original = original and bool(media.original)
    return {
        "id": media.pk,
        "kind": media.kind,
        "content_type": media.content_type,
        "source": media.source,
        "report_id": media.report_id,
        "created_at": iso(media.created_at),
        "thumbnail_url": f"{base}/thumbnail/" if media.thumbnail else None,
        "rendition_url": f"{base}/rendition/" if media.rendition else None,
        "original_url": f"{base}/original/" if has_original else None,
    }


def incident_media(incident: Incident, user: Any) -> list[dict[str, Any]]:
    original = services.may_call_back(user=user, incident=incident)
    return [
        media_payload(m, original=original)
        for m in selectors.media_of_incident(incident_id=incident.pk)
    ]


class MediaFileView(APIView):
    """GET /api/media/<id>/<variant>/: the file, to staff who see its incident."""

    permission_classes = [IsStaffMember]

    def get(self, request: Request, pk: int, variant: str) -> Any:
        if variant not in VARIANTS:
            return Response({"detail": _("No such file.")}, status=404)
        visible = selectors.incidents_visible_to(request.user)
        media = get_object_or_404(selectors.media_visible(incidents=visible), pk=pk)
        field = services.media_open(
            user=request.user,
            media=media,
            variant=variant,
            address=ratelimit.client_address(request.META),
        )
        if not field:
            return Response({"detail": _("No such file.")}, status=404)
        content_type = media.content_type if variant == "original" else "image/jpeg"
        response = FileResponse(field.open("rb"), content_type=content_type)
        # Personal data: never kept by a shared cache, never sniffed as another type.
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class IncidentMediaView(APIView):
    """POST /api/incidents/<id>/media/: a crew (or the desk) adds photos to an incident."""

    permission_classes = [IsStaffMember]
    parser_classes = [parsers.MultiPartParser]

    def post(self, request: Request, pk: int) -> Response:
        refuse_oversized_body(request)
        incident = get_object_or_404(selectors.incidents_visible_to(request.user), pk=pk)
        accepted = accepted_photos(request)
        if not accepted:
            raise exceptions.ValidationError({FIELD: [_("Attach a photo.")]})
        stored = [
            services.media_store(accepted=a, source="field", incident=incident, user=request.user)
            for a in accepted
        ]
        original = services.may_call_back(user=request.user, incident=incident)
        return Response(
            [media_payload(m, original=original) for m in stored], status=status.HTTP_201_CREATED
        )
