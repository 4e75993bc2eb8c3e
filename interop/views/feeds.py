"""`/feeds/cap.xml` (an Atom feed of CAP 1.2 alerts) and `/feeds/cap/<id>.xml` (one alert)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.views import APIView

from interop import cap, selectors

TAGS = ["CAP 1.2"]


class _FeedView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    def public_map_url(self, request: Request) -> str:
        return request.build_absolute_uri("/publik/")


class CapFeedView(_FeedView):
    @extend_schema(
        tags=TAGS,
        summary="Atom feed of CAP alerts for active public incidents",
        description=(
            "One entry per incident on the public map (and per incident closed or "
            "cancelled in the last day, as a Cancel), with its current CAP 1.2 alert "
            "embedded and linked. Anonymized like the public map."
        ),
        responses={
            (200, "application/atom+xml"): OpenApiResponse(OpenApiTypes.STR),
        },
    )
    def get(self, request: Request) -> HttpResponse:
        incidents = selectors.incidents_for_cap(
            now=timezone.now(), cancelled_within=timedelta(hours=settings.CAP_FEED_CANCEL_HOURS)
        )
        events = selectors.events_by_incident(incident_ids=[i.pk for i in incidents])
        body = cap.feed_document(
            incidents,
            events,
            feed_url=request.build_absolute_uri(reverse("interop:cap-feed")),
            alert_url=lambda pk: request.build_absolute_uri(
                reverse("interop:cap-alert", kwargs={"pk": pk})
            ),
            web=self.public_map_url(request),
        )
        return HttpResponse(body, content_type="application/atom+xml; charset=utf-8")


class CapAlertView(_FeedView):
    @extend_schema(
        tags=TAGS,
        summary="The current CAP 1.2 alert of one incident",
        responses={
            (200, cap.CAP_MEDIA_TYPE): OpenApiResponse(OpenApiTypes.STR),
            404: OpenApiResponse(description="No such incident"),
        },
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        incident = selectors.incident_for_cap(pk=pk)
        if incident is None:
            raise NotFound("No such incident.")
        events = selectors.events_by_incident(incident_ids=[incident.pk]).get(incident.pk, [])
        body = cap.alert_document(incident, events, web=self.public_map_url(request))
        return HttpResponse(body, content_type=f"{cap.CAP_MEDIA_TYPE}; charset=utf-8")
