"""Open311 GeoReport v2 endpoints, JSON and XML (`.json` / `.xml` suffix).

Errors are GeoReport's list of {code, description} with 400, 403 or 404.
GET is public and anonymized; POST needs the `api_key` of an active
IntegrationAccount and is form-encoded, as the specification says.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import APIException, ParseError, UnsupportedMediaType
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.views import APIView

from dispatch.api.serializers import normalize_phone
from dispatch.ratelimit import public_lookup_wait
from interop import codes, open311, selectors, services
from interop.open311 import Open311Error

MAX_RANGE = timedelta(days=90)
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)
TAGS = ["Open311 GeoReport v2"]

# --- rendering -------------------------------------------------------------------

CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "application/xml; charset=utf-8"}


def render(fmt: str, root: str, data: Any, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        body = open311.to_xml(root, data)
    else:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    content_type = CONTENT_TYPES.get(fmt, CONTENT_TYPES["json"])
    return HttpResponse(body, status=status, content_type=content_type)


def _detail_text(detail: Any) -> str:
    if isinstance(detail, dict):
        return "; ".join(f"{field}: {_detail_text(value)}" for field, value in detail.items())
    if isinstance(detail, list):
        return " ".join(_detail_text(item) for item in detail)
    return str(detail)


class Open311View(APIView):
    """Base: no session (no CSRF for integrations), errors in GeoReport's shape."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    parser_classes = [FormParser, MultiPartParser]

    def handle_exception(self, exc: Exception) -> HttpResponse:
        fmt = self.kwargs.get("fmt", "json")
        if isinstance(exc, Open311Error):
            status, description = exc.status, exc.description
            if exc.retry_after:
                response = render(
                    fmt, "errors", open311.errors_document(status, description), status
                )
                response["Retry-After"] = str(exc.retry_after)
                return response
        elif isinstance(exc, Http404):
            status, description = 404, "Not found."
        elif isinstance(exc, UnsupportedMediaType | ParseError):
            # GeoReport answers 400 for a body it cannot read.
            status, description = (
                400,
                "Send the request form-encoded (application/x-www-form-urlencoded).",
            )
        elif isinstance(exc, APIException):
            status, description = exc.status_code, _detail_text(exc.detail)
        else:
            return super().handle_exception(exc)
        return render(fmt, "errors", open311.errors_document(status, description), status)


# --- documentation of the shapes -------------------------------------------------

FMT = OpenApiParameter(
    "fmt", OpenApiTypes.STR, OpenApiParameter.PATH, enum=["json", "xml"], description="Format."
)
JURISDICTION = OpenApiParameter(
    "jurisdiction_id", OpenApiTypes.STR, description="Accepted and ignored: one jurisdiction."
)


class ErrorDoc(serializers.Serializer):
    code = serializers.IntegerField()
    description = serializers.CharField()


class ServiceDoc(serializers.Serializer):
    service_code = serializers.CharField()
    service_name = serializers.CharField()
    description = serializers.CharField(allow_null=True)
    metadata = serializers.BooleanField()
    type = serializers.ChoiceField(choices=["realtime", "batch", "blackbox"])
    keywords = serializers.CharField(allow_null=True)
    group = serializers.CharField(allow_null=True)


class AttributeValueDoc(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()


class AttributeDoc(serializers.Serializer):
    variable = serializers.BooleanField()
    code = serializers.CharField()
    datatype = serializers.CharField()
    required = serializers.BooleanField()
    datatype_description = serializers.CharField(allow_null=True)
    order = serializers.IntegerField()
    description = serializers.CharField()
    values = AttributeValueDoc(many=True, required=False)


class ServiceDefinitionDoc(serializers.Serializer):
    service_code = serializers.CharField()
    attributes = AttributeDoc(many=True)


class RequestDoc(serializers.Serializer):
    service_request_id = serializers.CharField()
    status = serializers.ChoiceField(choices=["open", "closed"])
    status_notes = serializers.CharField(allow_null=True)
    service_name = serializers.CharField(allow_null=True)
    service_code = serializers.CharField()
    description = serializers.CharField(allow_null=True)
    agency_responsible = serializers.CharField(allow_null=True)
    service_notice = serializers.CharField(allow_null=True)
    requested_datetime = serializers.DateTimeField()
    updated_datetime = serializers.DateTimeField(allow_null=True)
    expected_datetime = serializers.DateTimeField(allow_null=True)
    address = serializers.CharField(allow_null=True)
    address_id = serializers.CharField(allow_null=True)
    zipcode = serializers.CharField(allow_null=True)
    lat = serializers.FloatField(allow_null=True)
    long = serializers.FloatField(allow_null=True)
    media_url = serializers.URLField(allow_null=True)


class SubmittedDoc(serializers.Serializer):
    service_request_id = serializers.CharField()
    service_notice = serializers.CharField(allow_null=True)
    account_id = serializers.CharField(allow_null=True)


def _responses(ok: Any, *errors: int) -> dict[Any, Any]:
    responses: dict[Any, Any] = {ok[0]: ok[1]}
    for status in errors:
        responses[status] = OpenApiResponse(ErrorDoc(many=True), description="GeoReport errors")
    return responses


# --- services --------------------------------------------------------------------


class ServiceListView(Open311View):
    @extend_schema(
        tags=TAGS,
        summary="Service list (our incident categories)",
        parameters=[FMT, JURISDICTION],
        responses=_responses((200, ServiceDoc(many=True))),
    )
    def get(self, request: Request, fmt: str) -> HttpResponse:
        return render(fmt, "services", open311.services())


class ServiceDefinitionView(Open311View):
    @extend_schema(
        tags=TAGS,
        summary="Service definition (extra questions of a service)",
        parameters=[FMT, JURISDICTION],
        responses=_responses((200, ServiceDefinitionDoc), 404),
    )
    def get(self, request: Request, code: str, fmt: str) -> HttpResponse:
        if not codes.is_service(code):
            raise Open311Error(404, f"Service code {code!r} not found.")
        return render(fmt, "service_definition", open311.service_definition(code))


# --- parsing a POSTed request ----------------------------------------------------


class RequestInput(serializers.Serializer):
    api_key = serializers.CharField(max_length=200)
    service_code = serializers.CharField(max_length=64)
    lat = serializers.FloatField(required=False)
    long = serializers.FloatField(required=False)
    address_string = serializers.CharField(max_length=500, required=False, allow_blank=True)
    address_id = serializers.CharField(max_length=64, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    device_id = serializers.CharField(max_length=200, required=False, allow_blank=True)
    account_id = serializers.CharField(max_length=200, required=False, allow_blank=True)
    first_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    description = serializers.CharField(
        max_length=4000, required=False, allow_blank=True, trim_whitespace=True
    )
    media_url = serializers.URLField(max_length=1000, required=False, allow_blank=True)

    def validate_lat(self, value: float) -> float:
        if not math.isfinite(value) or not -90 <= value <= 90:
            raise serializers.ValidationError("Latitude must be between -90 and 90.")
        return value

    def validate_long(self, value: float) -> float:
        if not math.isfinite(value) or not -180 <= value <= 180:
            raise serializers.ValidationError("Longitude must be between -180 and 180.")
        return value

    def validate_phone(self, value: str) -> str:
        if not value:
            return ""
        try:
            return normalize_phone(value)
        except ValueError:
            raise serializers.ValidationError("Not a valid phone number.") from None


ATTRIBUTE_KEY = re.compile(r"^attribute\[([A-Za-z0-9_\-]{1,64})\]$")


def _attributes(service_code: str, data: Any) -> dict[str, str]:
    """`attribute[code]` fields, checked against the service definition."""
    known = {a.code: a for a in codes.SERVICE_ATTRIBUTES.get(service_code, ())}
    answers: dict[str, str] = {}
    for key in data:
        match = ATTRIBUTE_KEY.match(str(key))
        if not match:
            continue
        code, value = match.group(1), str(data.get(key, "")).strip()
        attribute = known.get(code)
        if attribute is None:
            raise Open311Error(400, f"Unknown attribute {code!r} for service {service_code}.")
        if not value:
            continue
        if attribute.values and value not in {v.key for v in attribute.values}:
            raise Open311Error(400, f"attribute[{code}] is not one of the listed values.")
        if attribute.datatype == "number" and not re.fullmatch(r"\d{1,6}", value):
            raise Open311Error(400, f"attribute[{code}] must be a whole number.")
        answers[code] = value[:200]
    missing = [a.code for a in known.values() if a.required and a.code not in answers]
    if missing:
        raise Open311Error(400, f"Missing attribute(s): {', '.join(missing)}.")
    return answers


def _parse_request(data: Any) -> dict[str, Any]:
    if not str(data.get("service_code", "")).strip():
        raise Open311Error(400, "service_code was not provided.")
    serializer = RequestInput(data=data)
    if not serializer.is_valid():
        raise Open311Error(400, _detail_text(serializer.errors))
    values = serializer.validated_data
    service_code = values["service_code"]
    if not codes.is_service(service_code):
        raise Open311Error(404, f"Service code {service_code!r} not found.")
    lat, lon = values.get("lat"), values.get("long")
    if (lat is None) != (lon is None):
        raise Open311Error(400, "Give both lat and long, or neither.")
    address = values.get("address_string", "")
    region = values.get("address_id", "")
    if lat is None and not address and not region:
        raise Open311Error(
            400, "A location is required: lat and long, address_string or address_id."
        )
    if region and not address:
        address = selectors.region_description(region) or region
    extras = []
    if values.get("media_url"):
        extras.append(f"Media: {values['media_url']}")
    if values.get("email"):
        extras.append(f"Email pelapor: {values['email']}")
    name = " ".join(filter(None, [values.get("first_name", ""), values.get("last_name", "")]))
    return {
        "service_code": service_code,
        "description": values.get("description", ""),
        "address": address,
        "lat": lat,
        "lon": lon,
        "reporter_name": name.strip(),
        "reporter_phone": values.get("phone", ""),
        "attributes": _attributes(service_code, data),
        "extras": extras,
    }


# --- requests --------------------------------------------------------------------


def _parse_when(name: str, value: str) -> datetime:
    """A W3C date or date-time; a date is its local midnight, no zone is local time."""
    value = value.strip()
    try:
        parsed = parse_datetime(value)
        if parsed is None and " " in value:
            # An unescaped '+' of the zone arrives as a space: '...T10:00:00 07:00'.
            head, _, zone = value.rpartition(" ")
            parsed = parse_datetime(f"{head}+{zone}")
        if parsed is None:
            day = parse_date(value)
            if day is not None:
                parsed = datetime.combine(day, time.min)
    except ValueError:
        parsed = None
    if parsed is None:
        raise Open311Error(400, f"{name} is not a W3C date-time, e.g. 2026-01-01T00:00:00+07:00.")
    if not EARLIEST.year <= parsed.year <= LATEST.year:
        # Far dates overflow once shifted between zones; nothing is filed then anyway.
        raise Open311Error(400, f"{name} must be between {EARLIEST.year} and {LATEST.year}.")
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _date_range(params: Any) -> tuple[datetime, datetime]:
    start_raw, end_raw = params.get("start_date", ""), params.get("end_date", "")
    start = _parse_when("start_date", start_raw) if start_raw.strip() else None
    end = _parse_when("end_date", end_raw) if end_raw.strip() else None
    if start is None and end is None:
        end = timezone.now()
    if start is None:
        start = end - MAX_RANGE
    if end is None:
        end = start + MAX_RANGE
    if end < start:
        raise Open311Error(400, "end_date is before start_date.")
    if end - start > MAX_RANGE:
        raise Open311Error(400, "start_date and end_date may be at most 90 days apart.")
    return start, end


def _comma_list(params: Any, name: str) -> list[str]:
    return [v.strip() for v in params.get(name, "").split(",") if v.strip()][:200]


def _limit_reads(request: Request) -> None:
    """Reads by id or tracking code are limited per address, like /api/track/."""
    wait = public_lookup_wait(meta=request.META)
    if wait is not None:
        raise Open311Error(429, "Too many requests from this address; try again in a minute.", wait)


class RequestListView(Open311View):
    @extend_schema(
        tags=TAGS,
        summary="Service requests (anonymized)",
        description=(
            "Public and anonymized like the public map: no names, phones, free text or "
            "exact coordinates. `service_request_id` (comma list of report ids or "
            "tracking codes) overrides the other filters. Without dates: the last 90 days."
        ),
        parameters=[
            FMT,
            JURISDICTION,
            OpenApiParameter("service_request_id", OpenApiTypes.STR),
            OpenApiParameter("service_code", OpenApiTypes.STR),
            OpenApiParameter("status", OpenApiTypes.STR, description="open, closed (comma list)"),
            OpenApiParameter("start_date", OpenApiTypes.DATETIME),
            OpenApiParameter("end_date", OpenApiTypes.DATETIME),
        ],
        responses=_responses((200, RequestDoc(many=True)), 400),
    )
    def get(self, request: Request, fmt: str) -> HttpResponse:
        _limit_reads(request)
        params = request.query_params
        ids = _comma_list(params, "service_request_id")
        malformed = [i for i in ids if not selectors.is_request_id(i)]
        if malformed:
            raise Open311Error(400, "service_request_id is a list of report ids or tracking codes.")
        if ids:
            reports = selectors.reports_by_request_ids(request_ids=ids)
        else:
            service_codes = _comma_list(params, "service_code")
            unknown = [c for c in service_codes if not codes.is_service(c)]
            if unknown:
                raise Open311Error(400, f"Unknown service_code: {', '.join(unknown)[:200]}.")
            statuses = _comma_list(params, "status")
            if any(s not in ("open", "closed") for s in statuses):
                raise Open311Error(400, "status is open or closed.")
            start, end = _date_range(params)
            reports = selectors.reports_for_open311(
                start=start,
                end=end,
                service_codes=service_codes,
                statuses=statuses,
                limit=settings.OPEN311_MAX_REQUESTS,
            )
        return render(fmt, "service_requests", [open311.public_request(r) for r in reports])

    @extend_schema(
        tags=TAGS,
        summary="Submit a service request (needs api_key)",
        description=(
            "Form-encoded. One location: lat + long, address_string or address_id (a "
            "Kemendagri region code). `attribute[<code>]` answers the service definition's "
            "questions. The answer's service_request_id is the report id; service_notice "
            "carries the reporter's tracking code."
        ),
        parameters=[FMT],
        request={
            "application/x-www-form-urlencoded": RequestInput,
            "multipart/form-data": RequestInput,
        },
        responses=_responses((200, SubmittedDoc(many=True)), 400, 403, 404),
    )
    def post(self, request: Request, fmt: str) -> HttpResponse:
        account = selectors.integration_by_key(key=str(request.data.get("api_key", "")))
        if account is None:
            raise Open311Error(403, "api_key is missing or not valid.")
        fields = _parse_request(request.data)
        report = services.open311_request_submit(account=account, **fields)
        return render(fmt, "service_requests", open311.submitted(report))


class RequestDetailView(Open311View):
    @extend_schema(
        tags=TAGS,
        summary="One service request (anonymized), by report id or tracking code",
        parameters=[FMT, JURISDICTION],
        responses=_responses((200, RequestDoc(many=True)), 404),
    )
    def get(self, request: Request, request_id: str, fmt: str) -> HttpResponse:
        _limit_reads(request)
        report = selectors.report_by_request_id(request_id=request_id)
        if report is None:
            raise Open311Error(404, f"Service request {request_id!r} not found.")
        return render(fmt, "service_requests", [open311.public_request(report)])
