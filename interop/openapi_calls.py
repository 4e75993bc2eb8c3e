"""OpenAPI documentation of the calls API (calls/api.py): the phone system's events,
handset locations (AML, ETSI TS 103 625) and the console's reads of them."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers

from calls import aml
from calls.api import CallEventInput, CallReportInput
from calls.models import AmlChannel, CallOutcome
from interop.openapi import CONFLICT, ERRORS, FORBIDDEN, NOT_FOUND, _document

UNSUPPORTED = OpenApiResponse(ERRORS.response, description="Not form-encoded")


class CallAcceptedDoc(serializers.Serializer):
    id = serializers.IntegerField()
    call_id = serializers.CharField()
    outcome = serializers.ChoiceField(
        choices=["", *CallOutcome.values], help_text='"" while the call goes on'
    )


class AmlBodyDoc(serializers.Serializer):
    """The AML HTTPS body, form-encoded; every field is checked (calls/aml.py)."""

    v = serializers.ChoiceField(choices=list(aml.HTTPS_VERSIONS), help_text="interface version")
    device_number = serializers.CharField(help_text="the caller's number (MSISDN)")
    location_latitude = serializers.FloatField(help_text="degrees, WGS84; inside Indonesia")
    location_longitude = serializers.FloatField(help_text="degrees, WGS84; inside Indonesia")
    location_accuracy = serializers.FloatField(help_text="metres, more than 0, at most 50000")
    location_time = serializers.IntegerField(help_text="Unix ms; not in the future, < 1 day old")
    location_source = serializers.ChoiceField(choices=list(aml.LOCATION_SOURCES), required=False)
    emergency_number = serializers.CharField(required=False)
    source = serializers.ChoiceField(choices=list(aml.SOURCES), required=False)
    time = serializers.IntegerField(required=False, help_text="call start, Unix ms")
    location_altitude = serializers.FloatField(required=False)
    location_altitude_msl = serializers.FloatField(required=False)
    location_floor = serializers.CharField(required=False)
    location_vertical_accuracy = serializers.FloatField(required=False)
    location_confidence = serializers.FloatField(required=False, help_text="percent")
    location_bearing = serializers.FloatField(required=False)
    location_bearing_accuracy = serializers.FloatField(required=False)
    location_speed = serializers.FloatField(required=False, help_text="m/s")
    location_speed_accuracy = serializers.FloatField(required=False)
    device_model = serializers.CharField(required=False)
    device_imei = serializers.CharField(required=False)
    device_imsi = serializers.CharField(required=False)
    cell_carrier = serializers.CharField(required=False)
    cell_home_mcc = serializers.CharField(required=False)
    cell_home_mnc = serializers.CharField(required=False)
    cell_network_mcc = serializers.CharField(required=False)
    cell_network_mnc = serializers.CharField(required=False)
    location_certainty = serializers.FloatField(required=False, help_text="percent")
    gt_location_latitude = serializers.FloatField(required=False)
    gt_location_longitude = serializers.FloatField(required=False)
    device_iccid = serializers.CharField(required=False)
    device_languages = serializers.CharField(required=False, help_text="BCP 47, comma list")
    adr_carcrash_time = serializers.IntegerField(required=False, help_text="Unix ms")
    hmac = serializers.CharField(required=False, help_text="40 hex; form checked only")


class AmlStoredDoc(serializers.Serializer):
    stored = serializers.IntegerField()
    call_id = serializers.CharField(allow_null=True, help_text="the call it was attached to")


class FixDoc(serializers.Serializer):
    lat = serializers.FloatField()
    lon = serializers.FloatField()
    accuracy_m = serializers.FloatField()
    located_at = serializers.DateTimeField(allow_null=True)
    source = serializers.CharField()
    # A plain string: an enum would collide with the reports' `channel` in the schema.
    channel = serializers.CharField(help_text=" or ".join(AmlChannel.values))


class CallDoc(serializers.Serializer):
    id = serializers.IntegerField()
    call_id = serializers.CharField()
    caller = serializers.CharField(help_text='E.164; "" when withheld')
    extension = serializers.CharField()
    started_at = serializers.DateTimeField()
    ringing_at = serializers.DateTimeField(allow_null=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    ended_at = serializers.DateTimeField(allow_null=True)
    outcome = serializers.CharField()
    callback_done_at = serializers.DateTimeField(allow_null=True)
    report_ids = serializers.ListField(child=serializers.IntegerField())
    location = FixDoc(allow_null=True, help_text="the handset's most precise fix")


class CurrentCallDoc(serializers.Serializer):
    extension = serializers.CharField()
    call = CallDoc(
        allow_null=True,
        help_text="plus the caller's history: reports, report_count, prank_count, "
        "repeat_prank, last_location, nearby",
    )
    callbacks_waiting = serializers.IntegerField()


class HandsetDoc(FixDoc):
    call = serializers.IntegerField()


VIEWS = "calls.api."
_document(
    VIEWS + "CallEventView",
    post=extend_schema(
        tags=["Calls"],
        summary="A call event from the phone system: ring, answer, hangup (pbx account, desk)",
        request=CallEventInput,
        responses={202: CallAcceptedDoc, 400: ERRORS, 403: FORBIDDEN, 409: CONFLICT},
    ),
)
_document(
    VIEWS + "AmlView",
    post=extend_schema(
        tags=["Calls"],
        summary="A handset's AML location, ETSI TS 103 625 HTTPS format (pbx account)",
        request={"application/x-www-form-urlencoded": AmlBodyDoc},
        responses={200: AmlStoredDoc, 400: ERRORS, 403: FORBIDDEN, 415: UNSUPPORTED},
    ),
)
_document(
    VIEWS + "CurrentCallView",
    get=extend_schema(
        tags=["Calls"],
        summary="The call answered at the caller's extension, with history (desk)",
        responses={200: CurrentCallDoc, 403: FORBIDDEN},
    ),
)
_document(
    VIEWS + "CallbacksView",
    get=extend_schema(
        tags=["Calls"],
        summary="Dropped and abandoned calls to call back (desk; audited)",
        responses={200: CallDoc(many=True), 403: FORBIDDEN},
    ),
)
_document(
    VIEWS + "CallbackDoneView",
    post=extend_schema(
        tags=["Calls"],
        summary="Mark a call called back (desk; audited; twice changes nothing)",
        request=None,
        responses={200: CallDoc, 400: ERRORS, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
)
_document(
    VIEWS + "CallReportView",
    post=extend_schema(
        tags=["Calls"],
        summary="The report taken from a call (desk)",
        request=CallReportInput,
        responses={200: CallDoc, 400: ERRORS, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
)
_document(
    VIEWS + "IncidentHandsetView",
    get=extend_schema(
        tags=["Calls"],
        summary="Handset positions (AML) of the calls an incident's reports came from (staff)",
        responses={200: HandsetDoc(many=True), 403: FORBIDDEN, 404: NOT_FOUND},
    ),
)
