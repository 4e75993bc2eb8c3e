"""The calls API: the phone system's events and handset locations, and what the
operator's console reads of them (docs/TELEPHONY.md).

- `POST /api/calls/` `{event, call_id, caller, extension, at}` -> 202 (the PBX).
- `POST /api/aml/` the AML HTTPS body of ETSI TS 103 625, form-encoded -> 200 (the PBX
  account: the telephony integration receives the network's AML messages).
- `GET /api/calls/current/` the call answered at the operator's extension (desk).
- `GET /api/calls/callbacks/`, `POST /api/calls/<id>/callback/` the call-back list.
- `POST /api/calls/<id>/report/` `{report_id}` the report taken from a call.
- `GET /api/incidents/<id>/handset/` the handset fixes of an incident's calls.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, parsers, serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from calls import aml, selectors, services
from calls.models import AmlChannel, Call
from dispatch import ratelimit
from dispatch.api.permissions import IsDesk, IsStaffMember
from dispatch.api.serializers import normalize_phone
from dispatch.roles import Role, role_of
from dispatch.selectors import incidents_visible_to

# What a PBX sends for a caller who withheld the number (Asterisk: "anonymous").
WITHHELD = {"", "anonymous", "unknown", "private", "restricted", "withheld"}
EXTENSION = re.compile(r"[0-9A-Za-z*#+_.-]{1,32}")
CALL_ID = re.compile(r"^[\x21-\x7e]{1,128}\Z")  # printable ASCII, no spaces
CLOCK_SKEW = timedelta(seconds=60)


class IsPhoneSystem(BasePermission):
    """The phone system's account; the desk too (a softphone in the operator's browser)."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return role_of(request.user) in (Role.PBX, Role.DISPATCHER, Role.SUPERVISOR)


class IsAmlSender(BasePermission):
    """Only the phone system's account posts AML: a position is believed as sent."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return role_of(request.user) == Role.PBX


class CallEventInput(serializers.Serializer):
    event = serializers.ChoiceField(choices=services.EVENTS)
    call_id = serializers.RegexField(
        CALL_ID, error_messages={"invalid": gettext_lazy("1 to 128 printable characters.")}
    )
    caller = serializers.CharField(allow_blank=True, max_length=40, trim_whitespace=True)
    extension = serializers.CharField(required=False, allow_blank=True, default="", max_length=32)
    at = serializers.DateTimeField()

    def validate_caller(self, value: str) -> str:
        if value.lower() in WITHHELD:
            return ""
        try:
            return normalize_phone(value)
        except ValueError:
            raise serializers.ValidationError(_("Not a phone number.")) from None

    def validate_extension(self, value: str) -> str:
        if value and not EXTENSION.fullmatch(value):
            raise serializers.ValidationError(_("Letters, digits and * # + _ . - only."))
        return value

    def validate_at(self, value: Any) -> Any:
        if value > timezone.now() + CLOCK_SKEW:
            raise serializers.ValidationError(_("This time is in the future: check the clock."))
        return value

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if data["event"] == services.ANSWER and not data["extension"]:
            raise serializers.ValidationError(
                {"extension": [_("An answer needs the extension that took the call.")]}
            )
        return data


class CallEventView(APIView):
    permission_classes = [IsPhoneSystem]

    def post(self, request: Request) -> Response:
        data = CallEventInput(data=request.data)
        data.is_valid(raise_exception=True)
        call = services.call_event_record(**data.validated_data)
        body = {"id": call.pk, "call_id": call.call_id, "outcome": call.outcome}
        return Response(body, status=status.HTTP_202_ACCEPTED)


class AmlView(APIView):
    permission_classes = [IsAmlSender]
    parser_classes = [parsers.FormParser]

    def post(self, request: Request) -> Response:
        form = request.data
        repeated = sorted(k for k in form if len(form.getlist(k)) > 1)
        if repeated:
            message = _("Send each field once: %s.") % repeated[0]
            raise exceptions.ValidationError({"body": [message]})
        fields = {k: form.get(k, "") for k in form}
        try:
            fix = aml.https_parse(fields, now=timezone.now())
            number = normalize_phone(fix.device_number)
        except aml.AmlError as exc:
            raise exceptions.ValidationError({"body": [str(exc)]}) from None
        except ValueError:
            raise exceptions.ValidationError(
                {"device_number": [_("Not a phone number.")]}
            ) from None
        stored = services.handset_location_receive(
            fix=fix, device_number=number, channel=AmlChannel.HTTPS
        )
        call = stored.call.call_id if stored.call else None
        return Response({"stored": stored.pk, "call_id": call})

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, exceptions.UnsupportedMediaType):
            message = _("Send the AML body form-encoded (application/x-www-form-urlencoded).")
            return Response({"errors": {"body": [message]}}, status=exc.status_code)
        return super().handle_exception(exc)


class CurrentCallView(APIView):
    """Polled by the console every 1.5 s (frontend/static/frontend/console/calls.js).

    Why a poll and not the socket: the hub relays the incident event log to
    audiences (desk, agency, public) and resumes from it (realtime/hub.py); a call
    at one extension is neither in that log nor for an audience, and a per-user
    route through every hub would be a change to the reliability-audited path for a
    message one person reads. One indexed query per operator every 1.5 s is cheap.
    """

    permission_classes = [IsDesk]

    def get(self, request: Request) -> Response:
        extension = request.user.staff.extension
        call = selectors.call_answered_at(extension=extension)
        body: dict[str, Any] = {
            "extension": extension,
            "call": None,
            "callbacks_waiting": selectors.callbacks_pending().count(),
        }
        if call is not None:
            body["call"] = {**selectors.call_payload(call), **selectors.caller_history(call=call)}
        return Response(body)


class CallbacksView(APIView):
    permission_classes = [IsDesk]

    def get(self, request: Request) -> Response:
        calls = list(selectors.callbacks_pending()[:100])
        services.callback_list_record(
            user=request.user, calls=calls, address=ratelimit.client_address(request.META)
        )
        return Response([selectors.call_payload(c) for c in calls])


class CallbackDoneView(APIView):
    permission_classes = [IsDesk]

    def post(self, request: Request, pk: int) -> Response:
        call = services.call_callback_done(
            user=request.user,
            call=get_object_or_404(Call, pk=pk),
            address=ratelimit.client_address(request.META),
        )
        return Response(selectors.call_payload(call))


class CallReportInput(serializers.Serializer):
    report_id = serializers.IntegerField(min_value=1)


class CallReportView(APIView):
    permission_classes = [IsDesk]

    def post(self, request: Request, pk: int) -> Response:
        data = CallReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        call = services.call_report_link(
            user=request.user,
            call=get_object_or_404(Call, pk=pk),
            report_id=data.validated_data["report_id"],
        )
        return Response(selectors.call_payload(call))


class IncidentHandsetView(APIView):
    permission_classes = [IsStaffMember]

    def get(self, request: Request, pk: int) -> Response:
        incident = get_object_or_404(incidents_visible_to(request.user), pk=pk)
        return Response(selectors.handset_positions(incident=incident))
