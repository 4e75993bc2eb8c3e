"""JSON endpoints of the screens: the call-taker's live preview and the statistics.

They parse input, call the selectors, and shape the answer; they never write.
The preview runs the very selectors triage runs (dispatch.selectors.report_judge and
matching_incidents), so the call-taker sees what triage will do.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dispatch import selectors as dispatch_selectors
from dispatch.api.permissions import IsDesk, IsStaffMember
from dispatch.api.serializers import TEXT_MAX, AnswersField, CoordinatesMixin
from dispatch.matching import MatchCandidate, matching_incidents, possible_duplicates
from dispatch.models import Channel, Incident
from dispatch.projections import incident_payload
from frontend import selectors
from frontend.periods import parse_period
from geo.services import LocateResult
from priority import questions


class PreviewInput(CoordinatesMixin):
    # Blank is allowed: the preview runs while the call-taker is still typing.
    text = serializers.CharField(
        max_length=TEXT_MAX, required=False, allow_blank=True, default="", trim_whitespace=True
    )
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.PHONE)
    address = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    answers = AnswersField(required=False, default=dict)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        self._check_pair(attrs, required=False)
        return attrs


def _location(result: LocateResult) -> dict[str, Any]:
    """Where triage would put the report, with its state and why (lat/lon null when
    the place is unknown): the call-taker sees what to ask the caller."""
    return {
        **result.as_dict(),
        "low_confidence": result.low_confidence,
        **result.explained(),
    }


def _duplicate(candidate: MatchCandidate, incident: Incident) -> dict[str, Any]:
    return {
        "incident": incident_payload(incident),
        "distance_m": candidate.distance_m,
        "score": candidate.score,
        "reason": candidate.reason,
        "likely": candidate.likely,
    }


class PreviewView(APIView):
    """POST /api/preview/ {text, channel?, lat?, lon?, address?}: what triage would make of it.

    -> {assessment, location: {lat, lon, ..., state, level, reasons},
        duplicates: [{incident, distance_m, score, reason, likely}],
        questions: [the key questions of the assessed category]}
    """

    permission_classes = [IsStaffMember]

    def post(self, request: Request) -> Response:
        serializer = PreviewInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        judgement = dispatch_selectors.report_judge(
            text=data["text"],
            channel=data["channel"],
            address=data["address"],
            lat=data.get("lat"),
            lon=data.get("lon"),
            answers=data["answers"],
        )
        sighting = dispatch_selectors.sighting_of_judgement(judgement, text=data["text"])
        # Only incidents the caller may open (the rule of the detail view).
        visible = dispatch_selectors.incidents_visible_to(request.user)
        candidates = matching_incidents(report=sighting, among=visible)
        duplicates = _shown_duplicates(candidates, visible)
        return Response(
            {
                "assessment": judgement.assessment.as_dict(),
                "location": _location(judgement.location),
                "duplicates": duplicates,
                "questions": [q.id for q in questions.questions_for(judgement.assessment.category)],
            }
        )


def _shown_duplicates(
    candidates: list[MatchCandidate], visible: QuerySet[Incident]
) -> list[dict[str, Any]]:
    # Candidates come with the judged columns only; the shown ones are read whole
    # (one closed or rerouted in between is left out).
    shown = visible.in_bulk([c.incident.pk for c in candidates])
    return [_duplicate(c, shown[c.incident.pk]) for c in candidates if c.incident.pk in shown]


class IncidentDuplicatesView(APIView):
    """GET /api/incidents/<id>/duplicates/: the open incidents this one may be the same
    event as, judged as triage judges a new report; the dispatcher merges by hand.

    -> {duplicates: [{incident, distance_m, score, reason, likely}]}, best first.
    """

    permission_classes = [IsStaffMember]

    def get(self, request: Request, pk: int) -> Response:
        visible = dispatch_selectors.incidents_visible_to(request.user)
        incident = get_object_or_404(visible, pk=pk)
        candidates = possible_duplicates(incident=incident, among=visible)
        return Response({"duplicates": _shown_duplicates(candidates, visible)})


class PlaceSearchView(APIView):
    """GET /api/place-search/?q=...: the locate step's suggestions as the operator
    types: landmarks, then kelurahan, kecamatan and kabupaten/kota of the offline
    gazetteer. -> {results: [{code, name, level, names, lat, lon}]}"""

    permission_classes = [IsDesk]

    def get(self, request: Request) -> Response:
        return Response({"results": selectors.places_named(request.query_params.get("q", ""))})


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
