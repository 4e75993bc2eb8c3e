"""JSON endpoints of the screens: the call-taker's live preview and the statistics.

They parse input, call geo/priority and the selectors, and shape the answer;
they never write.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dispatch.api.permissions import IsDesk, IsStaffMember
from dispatch.api.serializers import TEXT_MAX, CoordinatesMixin
from dispatch.models import Channel
from dispatch.payloads import incident_payload
from frontend import selectors
from frontend.periods import parse_period
from geo.services import locate
from priority.engine import assess


class PreviewInput(CoordinatesMixin):
    # Blank is allowed: the preview runs while the call-taker is still typing.
    text = serializers.CharField(
        max_length=TEXT_MAX, required=False, allow_blank=True, default="", trim_whitespace=True
    )
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.PHONE)
    address = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        self._check_pair(attrs, required=False)
        return attrs


def _location(lat: float | None, lon: float | None, address: str, text: str) -> dict | None:
    result = locate(lat=lat, lon=lon, address=address, text=text)
    if not result.found:
        return None
    return {**result.as_dict(), "low_confidence": result.low_confidence}


def _duplicate(candidate: selectors.DuplicateCandidate) -> dict[str, Any]:
    return {
        "incident": incident_payload(candidate.incident),
        "distance_m": candidate.distance_m,
        "score": candidate.score,
        "reason": candidate.reason,
        "likely": candidate.likely,
    }


class PreviewView(APIView):
    """POST /api/preview/ {text, channel?, lat?, lon?, address?}: what triage would make of it.

    -> {assessment, location | null, duplicates: [{incident, distance_m, score, reason}]}
    """

    permission_classes = [IsStaffMember]

    def post(self, request: Request) -> Response:
        serializer = PreviewInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        assessment = assess(data["text"], channel=data["channel"])
        location = _location(data.get("lat"), data.get("lon"), data["address"], data["text"])
        lat = data.get("lat") if data.get("lat") is not None else (location or {}).get("lat")
        lon = data.get("lon") if data.get("lon") is not None else (location or {}).get("lon")
        candidates = selectors.duplicate_candidates(
            category=assessment.category, lat=lat, lon=lon, text=data["text"]
        )
        return Response(
            {
                "assessment": assessment.as_dict(),
                "location": location,
                "duplicates": [_duplicate(c) for c in candidates],
            }
        )


class StatsView(APIView):
    """GET /api/stats/?from=YYYY-MM-DD&to=YYYY-MM-DD: the statistics page's figures."""

    permission_classes = [IsDesk]

    def get(self, request: Request) -> Response:
        start, end, errors = parse_period(request.query_params, today=_today())
        if errors:
            return Response({"errors": errors}, status=400)
        return Response(selectors.stats_summary(start=start, end=end))


def _today() -> date:
    return timezone.localdate()
