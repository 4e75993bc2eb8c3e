"""`/api/track/<code>/rating/`: a web reporter rates the handling of their report
(1 to 5) once its incident is resolved; the tracking code is the key.

GET -> `{rating, can_rate}` (kept apart from `/api/track/<code>/`, whose shape is a
contract). POST `{rating}` -> 200 `{rating, can_rate}`; 400 for a rating outside
1-5; 404 for an unknown code; 409 when not resolved yet or rated already; 429 as
the tracking lookups.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dispatch import ratelimit, selectors, services
from dispatch.models import Report
from dispatch.roles import is_staff_member


class RatingInput(serializers.Serializer):
    rating = serializers.IntegerField(
        min_value=1,
        max_value=5,
        error_messages={
            "min_value": gettext_lazy("Give a rating from 1 to 5."),
            "max_value": gettext_lazy("Give a rating from 1 to 5."),
        },
    )


def _limited(request: Request) -> None:
    if not is_staff_member(request.user):
        wait = ratelimit.public_lookup_wait(meta=request.META)
        if wait is not None:
            message = _("Too many lookups from this connection. Wait a minute and try again.")
            raise Throttled(wait=wait, detail=message)


def _answer(report: Report) -> Response:
    return Response({"rating": report.rating, "can_rate": services.report_may_rate(report=report)})


class TrackRatingView(APIView):
    permission_classes = [AllowAny]

    def get(self, request: Request, code: str) -> Response:
        _limited(request)
        report = selectors.report_by_tracking_code(code=code)
        if report is None:
            return Response({"detail": _("No report with this tracking code.")}, status=404)
        return _answer(report)

    def post(self, request: Request, code: str) -> Response:
        _limited(request)
        data = RatingInput(data=request.data)
        data.is_valid(raise_exception=True)
        report = selectors.report_by_tracking_code(code=code)
        if report is None:
            return Response({"detail": _("No report with this tracking code.")}, status=404)
        rated = services.report_rate(
            report=report, rating=data.validated_data["rating"], via=report.channel
        )
        return _answer(rated)
