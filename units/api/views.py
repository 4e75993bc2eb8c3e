"""REST views of units (docs/ARCHITECTURE.md, "Units"): parse, call a service or a
selector, answer. Staff only; agency staff act on their own units.

Writes accept an `Idempotency-Key` header: a replay of the same key gets the first
answer again (header `Idempotent-Replayed: true`) and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import timezone
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dispatch import selectors as dispatch_selectors
from dispatch.api.permissions import IsStaffMember
from dispatch.models import Incident
from dispatch.projections import incident_payload, iso
from units import recommend, selectors, services
from units.api import serializers as s
from units.api.remembered import RememberedAuthentication, unit_of
from units.models import Unit
from units.projections import unit_payload, units_payload
from units.services.idempotency import request_fingerprint


def _parse(serializer_class: type[Any], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def answer_once(request: Request, run: Callable[[], tuple[int, Any]]) -> Response:
    """Run a write, once per Idempotency-Key when the client sends one."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        code, body = run()
        return Response(body, status=code)
    fingerprint = request_fingerprint(method=request.method, path=request.path, body=request.data)
    answer = services.request_once(user=request.user, key=key, fingerprint=fingerprint, run=run)
    response = Response(answer.body, status=answer.status)
    if answer.replayed:
        response["Idempotent-Replayed"] = "true"
    return response


def _visible_incident(request: Request, pk: int) -> Incident:
    return get_object_or_404(dispatch_selectors.incidents_visible_to(request.user), pk=pk)


def _unit(pk: int) -> Unit:
    # Any unit: acting on another agency's is refused by the service (403), not hidden.
    return get_object_or_404(Unit.objects.select_related("agency"), pk=pk)


class UnitListView(APIView):
    """GET /api/units/[?status=&kind=]: the units the caller may see, with positions."""

    permission_classes = [IsStaffMember]

    def get(self, request: Request) -> Response:
        params = {k: v for k, v in request.query_params.items() if k in ("status", "kind")}
        filters = _parse(s.UnitFilterInput, params)
        queryset = selectors.units_visible_to(request.user)
        if filters:
            queryset = queryset.filter(**filters)
        return Response(units_payload(list(queryset.order_by("agency__kind", "call_sign"))))


def recommendation_payload(found: recommend.Recommendation, unit: dict[str, Any]) -> dict[str, Any]:
    return {
        "unit": unit,
        "distance_km": found.distance_km,
        "eta_min": found.eta_min,
        "reasons": found.reasons,
    }


class RecommendationsView(APIView):
    """GET /api/incidents/<id>/recommendations/: units to send, best first."""

    permission_classes = [IsStaffMember]

    def get(self, request: Request, pk: int) -> Response:
        incident = _visible_incident(request, pk)
        found = recommend.recommendations(
            incident=incident, units=selectors.units_visible_to(request.user), now=timezone.now()
        )
        units = units_payload([r.unit for r in found])
        return Response([recommendation_payload(r, u) for r, u in zip(found, units, strict=True)])


class IncidentUnitsView(APIView):
    """POST /api/incidents/<id>/units/ {unit_id, reason?}: send a unit.

    A unit other than the first of the caller's recommendation is an override: it
    needs a reason, and the event log keeps both. GET lists the units sent to the
    incident, those working it and those that cleared it, in order.
    """

    permission_classes = [IsStaffMember]

    def get(self, request: Request, pk: int) -> Response:
        incident = _visible_incident(request, pk)
        rows = list(selectors.incident_units(incident_id=incident.pk))
        units = units_payload([row.unit for row in rows])
        return Response(
            [
                {
                    "unit": unit,
                    "assigned_at": iso(row.assigned_at),
                    "cleared_at": iso(row.cleared_at),
                    "recommended_rank": row.recommended_rank,
                    "override_reason": row.override_reason,
                }
                for row, unit in zip(rows, units, strict=True)
            ]
        )

    def post(self, request: Request, pk: int) -> Response:
        incident = _visible_incident(request, pk)

        def run() -> tuple[int, Any]:
            data = _parse(s.AssignUnitInput, request.data)
            unit = _unit(data["unit_id"])
            found = recommend.recommendations(
                incident=incident,
                units=selectors.units_visible_to(request.user),
                now=timezone.now(),
            )
            ranks = {r.unit.pk: rank for rank, r in enumerate(found, start=1)}
            assignment = services.unit_assign(
                unit=unit,
                incident=incident,
                user=request.user,
                recommended_rank=ranks.get(unit.pk),
                reason=data["reason"],
            )
            body = {
                "unit": unit_payload(assignment.unit),
                "incident": incident_payload(dispatch_selectors.incident_get(pk=incident.pk)),
                "recommended_rank": assignment.recommended_rank,
                "override": assignment.recommended_rank != 1,
            }
            return status.HTTP_201_CREATED, body

        return answer_once(request, run)


class UnitStatusView(APIView):
    """POST /api/units/<id>/status/ {status}: the unit's progress; answers the unit."""

    permission_classes = [IsStaffMember]

    def post(self, request: Request, pk: int) -> Response:
        def run() -> tuple[int, Any]:
            data = _parse(s.UnitStatusInput, request.data)
            unit = services.unit_set_status(
                unit=_unit(pk), user=request.user, status=data["status"]
            )
            return status.HTTP_200_OK, unit_payload(unit)

        return answer_once(request, run)


class UnitPositionsView(APIView):
    """POST /api/units/<id>/positions/ {positions: [{lat, lon, at, accuracy_m}]}.

    202 once checked: the fixes are written within a second with every other unit's
    (units.services.position_writes). No Idempotency-Key record: a fix the track has
    already is not stored again, so a replayed batch changes nothing. Who sends it
    and the unit are remembered for a few seconds (units.api.remembered).
    """

    authentication_classes = [RememberedAuthentication]
    permission_classes = [IsStaffMember]

    def post(self, request: Request, pk: int) -> Response:
        unit = unit_of(pk)
        data = _parse(s.PositionsInput, request.data)
        accepted = services.unit_positions_record(
            unit=unit, user=request.user, positions=data["positions"]
        )
        return Response({"accepted": accepted}, status=status.HTTP_202_ACCEPTED)
