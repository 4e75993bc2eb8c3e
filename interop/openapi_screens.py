"""OpenAPI documentation of the places and the screens' endpoints (dispatch.api.places,
frontend): apart from interop/openapi.py, which documents the incidents, reports and
events, so that each stays short enough to read."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers

from interop.openapi import ERRORS, FORBIDDEN, NOT_FOUND, _document


class PlaceDoc(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    aliases = serializers.ListField(child=serializers.CharField())
    kind = serializers.CharField()
    lat = serializers.FloatField()
    lon = serializers.FloatField()
    region_code = serializers.CharField()
    active = serializers.BooleanField()


_document(
    "dispatch.api.places.PlacesView",
    get=extend_schema(
        tags=["Places"],
        summary="Landmarks whose name or alias holds the words (staff)",
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="words")],
        responses={200: PlaceDoc(many=True), 403: FORBIDDEN},
    ),
    post=extend_schema(
        tags=["Places"],
        summary="Add a landmark (desk, audited)",
        request=OpenApiTypes.OBJECT,
        responses={201: PlaceDoc, 400: ERRORS, 403: FORBIDDEN},
    ),
)
_document(
    "dispatch.api.places.PlaceView",
    patch=extend_schema(
        tags=["Places"],
        summary="Rename, move or retire a landmark (desk, audited)",
        request=OpenApiTypes.OBJECT,
        responses={200: PlaceDoc, 400: ERRORS, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
)

# The statistics screens' endpoints (frontend.api): documented loosely, by name, so
# this module never breaks when they change.
_document(
    "frontend.api.PreviewView",
    post=extend_schema(
        tags=["Screens"],
        summary="What triage would make of a report, before saving (staff)",
        request=OpenApiTypes.OBJECT,
        responses={200: OpenApiTypes.OBJECT, 400: ERRORS, 403: FORBIDDEN},
    ),
)
_document(
    "frontend.api.IncidentDuplicatesView",
    get=extend_schema(
        tags=["Screens"],
        summary="Open incidents an incident may be the same event as, with reasons (staff)",
        responses={200: OpenApiTypes.OBJECT, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
)
_document(
    "frontend.api.PlaceSearchView",
    get=extend_schema(
        tags=["Screens"],
        summary="Places of the offline gazetteer by name, as the operator types (desk)",
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="a name or its start")],
        responses={200: OpenApiTypes.OBJECT, 403: FORBIDDEN},
    ),
)
_document(
    "frontend.api.StatsView",
    get=extend_schema(
        tags=["Screens"],
        summary="Statistics for a period (desk)",
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE),
            OpenApiParameter("to", OpenApiTypes.DATE),
        ],
        responses={200: OpenApiTypes.OBJECT, 400: ERRORS, 403: FORBIDDEN},
    ),
)
_document(
    "frontend.duty.DutyView",
    post=extend_schema(
        tags=["Screens"],
        summary="The agency board's heartbeat: marks me on duty, answers who of my agency is",
        request=None,
        responses={200: OpenApiTypes.OBJECT, 403: FORBIDDEN},
    ),
)
