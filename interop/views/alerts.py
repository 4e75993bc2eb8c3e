"""`/api/alerts/` (the open alerts a user may see) and `POST /api/alerts/<id>/ack/`:
the board's button that stops an alert's escalation (interop/alerts.py)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from interop import selectors, services
from interop.models import AlertReason, AlertState, DutyRole


class _AgencyDoc(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    name = serializers.CharField()


class _DeliveryDoc(serializers.Serializer):
    role = serializers.ChoiceField(choices=DutyRole.values)
    name = serializers.CharField()
    channel = serializers.CharField()
    status = serializers.CharField(help_text="pending, sending, sent, failed, or held")
    created_at = serializers.DateTimeField()
    held_until = serializers.DateTimeField(allow_null=True)


class AlertDoc(serializers.Serializer):
    id = serializers.IntegerField()
    incident_id = serializers.IntegerField()
    agency = _AgencyDoc()
    reason = serializers.ChoiceField(choices=AlertReason.values)
    priority = serializers.CharField()
    state = serializers.ChoiceField(choices=AlertState.values)
    level = serializers.IntegerField(
        help_text="highest step reached: 0 officer, 1 head, 2 supervisor"
    )
    created_at = serializers.DateTimeField()
    next_at = serializers.DateTimeField(allow_null=True)
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    ack_via = serializers.CharField()
    deliveries = _DeliveryDoc(many=True)


class AlertListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["Alerts"],
        summary="Open alerts the caller may see",
        responses={200: AlertDoc(many=True)},
    )
    def get(self, request: Request) -> Response:
        alerts = selectors.alerts_visible_to(request.user).filter(state=AlertState.OPEN)
        return Response([selectors.alert_payload(a) for a in alerts.order_by("-created_at")[:200]])


class AlertAckView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["Alerts"],
        summary="Acknowledge an alert: its escalation stops",
        request=None,
        responses={
            200: AlertDoc,
            403: OpenApiResponse(description="The alert is not for the caller"),
            404: OpenApiResponse(description="No such alert"),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        alert = get_object_or_404(selectors.alerts_visible_to(request.user), pk=pk)
        alert = services.alert_acknowledge(alert=alert, user=request.user, now=timezone.now())
        alert = selectors.alerts_visible_to(request.user).get(pk=alert.pk)
        return Response(selectors.alert_payload(alert))
