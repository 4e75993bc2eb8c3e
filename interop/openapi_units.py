"""OpenAPI documentation of the units API (units/api/views.py), as interop/openapi.py
documents dispatch's: from the outside, shapes mirroring units.projections and
docs/ARCHITECTURE.md, "Units"."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers

from interop.openapi import (
    CONFLICT,
    ERRORS,
    FORBIDDEN,
    NOT_FOUND,
    AgencyRefDoc,
    IncidentDoc,
    _document,
)
from units.api import serializers as inputs
from units.models import FacilityKind, UnitKind, UnitStatus

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description="A replay of the same key gets the first answer again and changes nothing",
)
KEY_REUSED = OpenApiResponse(description="This Idempotency-Key was used for another request")


class StationDoc(serializers.Serializer):
    name = serializers.CharField()
    lat = serializers.FloatField()
    lon = serializers.FloatField()


class UnitDoc(serializers.Serializer):
    id = serializers.IntegerField()
    call_sign = serializers.CharField()
    kind = serializers.ChoiceField(choices=UnitKind.values)
    status = serializers.ChoiceField(choices=UnitStatus.values)
    status_at = serializers.DateTimeField()
    agency = AgencyRefDoc()
    station = StationDoc()
    crew = serializers.IntegerField()
    lat = serializers.FloatField(allow_null=True)
    lon = serializers.FloatField(allow_null=True)
    position_at = serializers.DateTimeField(allow_null=True)
    accuracy_m = serializers.FloatField(allow_null=True)
    incident_id = serializers.IntegerField(allow_null=True, help_text="the incident it works")
    version = serializers.IntegerField()


class RecommendationDoc(serializers.Serializer):
    unit = UnitDoc()
    distance_km = serializers.FloatField(allow_null=True)
    eta_min = serializers.FloatField(allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField())


class UnitSentDoc(serializers.Serializer):
    unit = UnitDoc()
    incident = IncidentDoc()
    recommended_rank = serializers.IntegerField(allow_null=True)
    override = serializers.BooleanField()


class IncidentUnitDoc(serializers.Serializer):
    unit = UnitDoc()
    assigned_at = serializers.DateTimeField()
    cleared_at = serializers.DateTimeField(allow_null=True)
    recommended_rank = serializers.IntegerField(allow_null=True)
    override_reason = serializers.CharField()


class PositionsDoc(serializers.Serializer):
    positions = inputs.PositionInput(many=True, help_text="at most 500")


class PositionsAcceptedDoc(serializers.Serializer):
    accepted = serializers.IntegerField(help_text="fixes accepted, written within a second")


VIEWS = "units.api.views."
_document(
    VIEWS + "UnitListView",
    get=extend_schema(
        tags=["Units"],
        summary="Units the caller may see: all for the desk, an agency's own (staff)",
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=UnitStatus.values),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=UnitKind.values),
        ],
        responses={200: UnitDoc(many=True), 400: ERRORS, 403: FORBIDDEN},
    ),
)
_document(
    VIEWS + "RecommendationsView",
    get=extend_schema(
        tags=["Units"],
        summary="Available units of the kinds the incident needs, nearest first (staff)",
        responses={200: RecommendationDoc(many=True), 403: FORBIDDEN, 404: NOT_FOUND},
    ),
)
_document(
    VIEWS + "IncidentUnitsView",
    get=extend_schema(
        tags=["Units"],
        summary="The units sent to an incident, working it or cleared, in order (staff)",
        responses={200: IncidentUnitDoc(many=True), 403: FORBIDDEN, 404: NOT_FOUND},
    ),
    post=extend_schema(
        tags=["Units"],
        summary="Send a unit to an incident; an override of the recommendation needs a reason",
        parameters=[IDEMPOTENCY_KEY],
        request=inputs.AssignUnitInput,
        responses={
            201: UnitSentDoc,
            400: ERRORS,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
            422: KEY_REUSED,
        },
    ),
)
_document(
    VIEWS + "UnitStatusView",
    post=extend_schema(
        tags=["Units"],
        summary="A unit's progress: en route, on scene, transporting, returning, ...",
        parameters=[IDEMPOTENCY_KEY],
        request=inputs.UnitStatusInput,
        responses={
            200: UnitDoc,
            400: ERRORS,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
            422: KEY_REUSED,
        },
    ),
)
_document(
    VIEWS + "UnitPositionsView",
    post=extend_schema(
        tags=["Units"],
        summary="A batch of a unit's positions (inside Indonesia, not in the future)",
        description="A fix the unit's track has already (same time) is not stored again, "
        "so a replayed batch needs no Idempotency-Key.",
        request=PositionsDoc,
        responses={202: PositionsAcceptedDoc, 400: ERRORS, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
)


class FacilityPlaceDoc(serializers.Serializer):
    village = serializers.CharField()
    district = serializers.CharField()
    regency = serializers.CharField()


class FacilityDoc(serializers.Serializer):
    """units.facilities.facility_payload: a point of the console's map layers."""

    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=FacilityKind.values)
    kind_label = serializers.CharField(help_text="in the language of the request")
    layer = serializers.ChoiceField(choices=["stations", "health"])
    name = serializers.CharField()
    lat = serializers.FloatField()
    lon = serializers.FloatField()
    region_code = serializers.CharField(help_text="Kemendagri code of its village")
    place = FacilityPlaceDoc(help_text='names from the gazetteer, "" when unknown')
    agency = AgencyRefDoc(allow_null=True)


_document(
    "units.api.facilities.FacilityListView",
    get=extend_schema(
        tags=["Units"],
        summary="Stations, posts, hospitals and puskesmas of this area (staff; map layers)",
        parameters=[
            OpenApiParameter(
                "kind",
                OpenApiTypes.STR,
                description="comma list of " + ", ".join(FacilityKind.values),
            )
        ],
        responses={200: FacilityDoc(many=True), 400: ERRORS, 403: FORBIDDEN},
    ),
)
