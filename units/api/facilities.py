"""GET /api/facilities/: the stations, posts, hospitals and puskesmas of the
deployment's area, for the console's map layers (units/facilities.py). Staff only."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dispatch.api.permissions import IsStaffMember
from units.facilities import facilities_in_area, facility_payload
from units.models import FacilityKind


class FacilityFilterInput(serializers.Serializer):
    # A comma list: the console asks for one layer's kinds at once.
    kind = serializers.CharField(required=False, allow_blank=True)

    def validate_kind(self, value: str) -> list[str]:
        kinds = [kind.strip() for kind in value.split(",") if kind.strip()]
        unknown = sorted(set(kinds) - set(FacilityKind.values))
        if unknown:
            raise serializers.ValidationError(f"unknown kind: {', '.join(unknown)}")
        return kinds


class FacilityListView(APIView):
    """GET /api/facilities/[?kind=hospital,puskesmas]: the facilities of this area."""

    permission_classes = [IsStaffMember]

    def get(self, request: Request) -> Response:
        params = FacilityFilterInput(
            data={k: v for k, v in request.query_params.items() if k == "kind"}
        )
        params.is_valid(raise_exception=True)
        kinds = params.validated_data.get("kind", [])
        return Response([facility_payload(f) for f in facilities_in_area(kinds=kinds)])
