"""POST /api/incidents/<id>/callback/: a reporter's number, for the crew to call back.

Answers `{report_id, reporter_name, reporter_phone}` in full to those allowed
(dispatch.services.contacts), each answer audited; 403 to anyone else.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dispatch import ratelimit, selectors, services
from dispatch.api.permissions import IsStaffMember


class CallBackInput(serializers.Serializer):
    report_id = serializers.IntegerField(min_value=1)


class CallBackView(APIView):
    permission_classes = [IsStaffMember]

    def post(self, request: Request, pk: int) -> Response:
        incident = get_object_or_404(selectors.incidents_visible_to(request.user), pk=pk)
        data = CallBackInput(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.reporter_call_back(
            user=request.user,
            incident=incident,
            report_id=data.validated_data["report_id"],
            address=ratelimit.client_address(request.META),
        )
        return Response(
            {
                "report_id": report.pk,
                "reporter_name": report.reporter_name,
                "reporter_phone": report.reporter_phone,
            }
        )
