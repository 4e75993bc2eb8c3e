"""OpenAPI documentation of the caller's media and ratings (dispatch/api/media.py,
dispatch/api/track.py), as interop/openapi.py documents the rest of dispatch."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers

from dispatch.api import track as inputs_track
from interop.openapi import (
    CONFLICT,
    ERRORS,
    FORBIDDEN,
    NOT_FOUND,
    DetailDoc,
    ErrorsDoc,
    MediaDoc,
    _document,
)


class PhotoUploadDoc(serializers.Serializer):
    photo = serializers.ListField(
        child=serializers.FileField(), help_text="JPEG, PNG or WebP, checked by content"
    )


class RatingDoc(serializers.Serializer):
    rating = serializers.IntegerField(allow_null=True, min_value=1, max_value=5)
    can_rate = serializers.BooleanField()


TOO_LARGE = OpenApiResponse(ErrorsDoc, description="A file over the size limit")

_document(
    "dispatch.api.media.IncidentMediaView",
    post=extend_schema(
        tags=["Incident actions"],
        summary="Add photos to an incident (multipart/form-data, `photo` files)",
        request={"multipart/form-data": PhotoUploadDoc},
        responses={201: MediaDoc(many=True), 400: ERRORS, 404: NOT_FOUND, 413: TOO_LARGE},
    ),
)
_document(
    "dispatch.api.media.MediaFileView",
    get=extend_schema(
        tags=["Incidents"],
        summary="A photo or voice note: thumbnail, rendition (no EXIF) or original (audited)",
        responses={
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    ),
)
_document(
    "dispatch.api.track.TrackRatingView",
    get=extend_schema(
        tags=["Reports"],
        summary="The reporter's rating of the handling, and whether it may be given",
        responses={200: RatingDoc, 404: NOT_FOUND, 429: DetailDoc},
    ),
    post=extend_schema(
        tags=["Reports"],
        summary="Rate the handling 1-5 once the incident is resolved (tracking code)",
        request=inputs_track.RatingInput,
        responses={200: RatingDoc, 400: ERRORS, 404: NOT_FOUND, 409: CONFLICT, 429: DetailDoc},
    ),
)
