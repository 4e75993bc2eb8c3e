"""`/api/incidents.geojson` (staff: full payloads; public: anonymized) and CSV exports."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.views import APIView

from dispatch.api.permissions import IsStaffMember
from dispatch.models import Status
from dispatch.projections import SHOWN_STATUSES
from dispatch.ratelimit import client_address
from dispatch.roles import is_desk, is_staff_member
from interop import exports, selectors, services

# A year and a day: enough for the yearly statistics, bounded for the server.
MAX_EXPORT_DAYS = 366
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


class IncidentsGeoJsonView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["GeoJSON"],
        summary="Incidents as a GeoJSON FeatureCollection",
        description=(
            "Staff get the incidents they may see with the full incident payload as "
            "properties, and may filter by `status` (comma list; default: those on the live "
            "map). Everyone else gets the public map's anonymized projection: location "
            "snapped to ~500 m, no names, phones or free text."
        ),
        parameters=[OpenApiParameter("status", OpenApiTypes.STR, description="staff only")],
        responses={(200, "application/geo+json"): OpenApiResponse(OpenApiTypes.OBJECT)},
    )
    def get(self, request: Request) -> HttpResponse:
        staff = is_staff_member(request.user)
        statuses = set(SHOWN_STATUSES)
        if staff and request.query_params.get("status"):
            wanted = {s.strip() for s in request.query_params["status"].split(",")}
            unknown = wanted - set(Status.values)
            if unknown:
                raise ValidationError({"status": [f"Unknown status: {', '.join(sorted(unknown))}"]})
            statuses = wanted
        incidents = selectors.incidents_for_map(user=request.user, statuses=statuses)[:5000]
        feature = exports.staff_feature if staff else exports.public_feature
        body = exports.feature_collection(feature(i) for i in incidents)
        return HttpResponse(
            json.dumps(body, ensure_ascii=False), content_type="application/geo+json"
        )


def _day(params: Any, name: str) -> date:
    raw = params.get(name, "")
    try:
        value = parse_date(raw) if raw else None
    except ValueError:
        value = None
    if value is None:
        raise ValidationError({name: ["Give a date as YYYY-MM-DD."]})
    if not EARLIEST <= value <= LATEST:
        # Year 1 in local time is before year 1 in UTC: no such datetime.
        raise ValidationError({name: [f"Give a date from {EARLIEST} to {LATEST}."]})
    return value


def date_range(params: Any) -> tuple[date, date, datetime, datetime]:
    """`start` and `end` (inclusive) as local days -> [start 00:00, day after end 00:00)."""
    start, end = _day(params, "start"), _day(params, "end")
    if end < start:
        raise ValidationError({"end": ["end is before start."]})
    if (end - start).days >= MAX_EXPORT_DAYS:
        raise ValidationError({"end": [f"At most {MAX_EXPORT_DAYS} days at a time."]})
    since = timezone.make_aware(datetime.combine(start, time.min))
    until = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    return start, end, since, until


def csv_response(name: str, start: date, end: date, lines: Any) -> HttpResponse:
    response = HttpResponse("".join(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{start}-{end}.csv"'
    return response


CSV_PARAMETERS = [
    OpenApiParameter("start", OpenApiTypes.DATE, required=True),
    OpenApiParameter("end", OpenApiTypes.DATE, required=True, description="inclusive"),
]


class IncidentsCsvView(APIView):
    permission_classes = [IsStaffMember]

    @extend_schema(
        tags=["Export"],
        summary="Incidents opened in a date range, as CSV (staff)",
        parameters=CSV_PARAMETERS,
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR)},
    )
    def get(self, request: Request) -> HttpResponse:
        start, end, since, until = date_range(request.query_params)
        incidents = selectors.incidents_created_between(user=request.user, start=since, end=until)
        lines = exports.csv_lines(
            exports.INCIDENT_COLUMNS, (exports.incident_row(i) for i in incidents)
        )
        return csv_response("incidents", start, end, lines)


class ReportsCsvView(APIView):
    permission_classes = [IsStaffMember]

    @extend_schema(
        tags=["Export"],
        summary="Reports received in a date range, as CSV (staff; agencies: their own)",
        parameters=CSV_PARAMETERS,
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR)},
    )
    def get(self, request: Request) -> HttpResponse:
        start, end, since, until = date_range(request.query_params)
        reports = list(
            selectors.reports_received_between(user=request.user, start=since, end=until)
        )
        # Reporters' contacts as the API shows them: in full and audited for the desk,
        # masked for agency staff.
        contact = is_desk(request.user)
        if contact:
            services.contact_export_record(
                user=request.user, reports=reports, address=client_address(request.META)
            )
        rows = (exports.report_row(r, contact=contact) for r in reports)
        lines = exports.csv_lines(exports.REPORT_COLUMNS, rows)
        return csv_response("reports", start, end, lines)
