"""GET/POST /api/places/ and PATCH /api/places/<id>/: the landmarks callers name.

The desk adds and corrects them (dispatch.services.places); any staff member may
search them, as the locate step does.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dispatch.api.permissions import IsDesk, IsStaffMember
from dispatch.api.serializers import CoordinatesMixin
from dispatch.services import places as place_services
from geo.models import Place, PlaceKind

SEARCH_MAX = 100


class PlaceInput(CoordinatesMixin):
    name = serializers.CharField(max_length=200)
    aliases = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=PlaceKind.choices, default=PlaceKind.OTHER)
    active = serializers.BooleanField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        self._check_pair(attrs, required=not self.partial)
        return attrs


def place_payload(place: Place) -> dict[str, Any]:
    return {
        "id": place.pk,
        "name": place.name,
        "aliases": place.alias_list(),
        "kind": place.kind,
        "lat": place.lat,
        "lon": place.lon,
        "region_code": place.region_code,
        "active": place.active,
    }


class PlacesView(ListAPIView):
    """GET ?q=...: active places whose name or alias holds the words (staff);
    POST: a new place (desk)."""

    def get_permissions(self) -> list[Any]:
        return [IsDesk()] if self.request.method == "POST" else [IsStaffMember()]

    def get_queryset(self) -> QuerySet[Place]:
        words = self.request.query_params.get("q", "").replace("\x00", "").strip()[:100]
        queryset = Place.objects.filter(active=True)
        if words:
            queryset = queryset.filter(Q(name__icontains=words) | Q(aliases__icontains=words))
        return queryset.order_by("name")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([place_payload(p) for p in page])

    def post(self, request: Request) -> Response:
        serializer = PlaceInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        place = place_services.place_save(user=request.user, **serializer.validated_data)
        return Response(place_payload(place), status=status.HTTP_201_CREATED)


class PlaceView(APIView):
    """PATCH /api/places/<id>/: rename, move or retire a place (desk)."""

    permission_classes = [IsDesk]

    def patch(self, request: Request, pk: int) -> Response:
        place = get_object_or_404(Place, pk=pk)
        serializer = PlaceInput(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        place = place_services.place_save(
            user=request.user, place=place, **serializer.validated_data
        )
        return Response(place_payload(place))
