"""REST views: parse input, call a service or a selector, shape the answer."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dispatch import ratelimit, selectors, services
from dispatch.api import media
from dispatch.api import serializers as s
from dispatch.api.authentication import TokenAuthentication
from dispatch.api.pagination import MAX_DIGITS
from dispatch.api.permissions import IsDesk, IsStaffMember
from dispatch.media import Accepted
from dispatch.models import Agency, Incident, Report
from dispatch.projections import event_message, incident_payload, iso, public_snapshot
from dispatch.roles import is_desk, is_staff_member


def _parse(
    serializer_class: type[s.serializers.Serializer],
    request: Request,
    context: dict[str, Any] | None = None,
) -> dict[str, Any]:
    serializer = serializer_class(data=request.data, context=context or {})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class ReportCreateView(APIView):
    """POST /api/reports/: anyone may report; the row is committed before triage."""

    permission_classes = [AllowAny]
    parser_classes = media.REPORT_PARSERS

    def post(self, request: Request) -> Response:
        staff = is_staff_member(request.user)
        media.refuse_oversized_body(request)
        data = _parse(s.ReportInput, request, context={"staff": staff})
        # Files are checked before anything is stored: a bad one refuses the report.
        photos = media.accepted_photos(request) + media.accepted_voice_notes(request)
        if not staff:
            # Operators behind one office address are staff: only the public is limited.
            wait = ratelimit.public_report_wait(meta=request.META, phone=data["reporter_phone"])
            if wait is not None:
                raise Throttled(
                    wait=wait, detail=_("Too many reports. Please try again in a moment.")
                )
        report = _store_report(request, data, photos)
        return Response(
            {
                "id": report.pk,
                "tracking_code": report.tracking_code,
                "status_url": f"/api/track/{report.tracking_code}/",
            },
            status=status.HTTP_201_CREATED,
        )


def _store_report(request: Request, data: dict[str, Any], photos: list[Accepted]) -> Report:
    """The report and its files, committed together before triage is queued.

    Without files the report is one INSERT, which commits by itself in autocommit
    (report_submit): a transaction block would only add BEGIN and COMMIT, two
    round trips, to nearly every report.
    """
    if not photos:
        return services.report_submit(user=request.user, **data)
    with transaction.atomic():
        report = services.report_submit(user=request.user, **data)
        for photo in photos:
            services.media_store(accepted=photo, source=data["channel"], report=report)
    return report


class TrackView(APIView):
    """GET /api/track/<code>/: the reporter's own view, without staff names or notes."""

    permission_classes = [AllowAny]

    def get(self, request: Request, code: str) -> Response:
        if not is_staff_member(request.user):
            wait = ratelimit.public_lookup_wait(meta=request.META)
            if wait is not None:
                message = _("Too many lookups from this connection. Wait a minute and try again.")
                raise Throttled(wait=wait, detail=message)
        report = selectors.report_by_tracking_code(code=code)
        if report is None:
            return Response({"detail": _("No report with this tracking code.")}, status=404)
        incident = report.incident
        return Response(
            {
                "tracking_code": report.tracking_code,
                "received_at": iso(report.received_at),
                "state": report.state,
                "incident": (
                    {
                        "id": incident.pk,
                        "status": incident.status,
                        "category": incident.category,
                        "priority": incident.priority,
                    }
                    if incident
                    else None
                ),
                "timeline": selectors.report_timeline(report=report),
            }
        )


class IncidentListView(ListAPIView):
    permission_classes = [IsStaffMember]

    def get_queryset(self) -> QuerySet[Incident]:
        queryset = selectors.incidents_visible_to(self.request.user)
        params = self.request.query_params
        given = {name: params[name] for name in s.IncidentFilterInput().fields if params.get(name)}
        serializer = s.IncidentFilterInput(data=given)
        serializer.is_valid(raise_exception=True)
        filters = serializer.validated_data
        for field in ("status", "category", "priority"):
            if filters.get(field):
                queryset = queryset.filter(**{f"{field}__in": filters[field]})
        if "agency" in filters:
            queryset = queryset.filter(assignments__agency_id=filters["agency"]).distinct()
        if filters.get("open") in ("1", "true"):
            queryset = queryset.filter(status__in=selectors.OPEN_STATUSES)
        return selectors.incident_queue(queryset=queryset)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([incident_payload(i) for i in page])


def _visible_incident(request: Request, pk: int) -> Incident:
    return get_object_or_404(selectors.incidents_visible_to(request.user), pk=pk)


def mask_phone(phone: str) -> str:
    """+6281234567890 -> +62812****7890: enough to recognise, not to call."""
    if len(phone) < 9:
        return "*" * len(phone)
    return phone[:6] + "*" * (len(phone) - 10) + phone[-4:]


def mask_name(name: str) -> str:
    return " ".join(part[:1] + "***" for part in name.split())


def _report_payload(report: Report, *, contact: bool = True) -> dict[str, Any]:
    return {
        "id": report.pk,
        "channel": report.channel,
        "received_at": iso(report.received_at),
        "text": report.text,
        "address": report.address,
        "lat": report.lat,
        "lon": report.lon,
        "reporter_name": report.reporter_name if contact else mask_name(report.reporter_name),
        "reporter_phone": report.reporter_phone if contact else mask_phone(report.reporter_phone),
        "state": report.state,
        "location_confidence": report.location_confidence,
        "location_provider": report.location_provider,
        "location_state": report.location_state or None,
        "location_detail": report.location_detail or {},
        "assessment": report.assessment,
        "answers": report.answers or {},
    }


class IncidentDetailView(APIView):
    permission_classes = [IsStaffMember]

    def get(self, request: Request, pk: int) -> Response:
        incident = _visible_incident(request, pk)
        body = incident_payload(incident)
        body["resolution_note"] = incident.resolution_note
        # Whether this user may ask for a reporter's number to call back (audited).
        body["can_call_back"] = services.may_call_back(user=request.user, incident=incident)
        # Reporters' contacts: in full for dispatchers (audited), masked for the rest.
        contact = is_desk(request.user)
        reports = list(incident.reports.order_by("received_at"))
        body["reports"] = [_report_payload(r, contact=contact) for r in reports]
        if contact and any(r.reporter_phone or r.reporter_name for r in reports):
            services.contact_view_record(
                user=request.user,
                incident=incident,
                report_ids=[r.pk for r in reports],
                address=ratelimit.client_address(request.META),
            )
        body["media"] = media.incident_media(incident, request.user)
        body["events"] = [
            {
                "id": e.pk,
                "event": e.type,
                "at": iso(e.created_at),
                "actor": e.actor.get_username() if e.actor else None,
                "system_actor": e.system_actor or None,
                "data": {k: v for k, v in e.data.items() if k not in ("incident", "agency_ids")},
            }
            for e in incident.events.select_related("actor").order_by("pk")
        ]
        return Response(body)


class IncidentActionView(APIView):
    """Base of POST /api/incidents/<id>/<action>/: answers the incident as it now is."""

    permission_classes = [IsStaffMember]
    input_class: type[s.serializers.Serializer] = s.NoteInput

    def post(self, request: Request, pk: int) -> Response:
        incident = _visible_incident(request, pk)
        data = _parse(self.input_class, request)
        incident = self.act(request, incident, data)
        return Response(incident_payload(incident))

    def act(self, request: Request, incident: Incident, data: dict[str, Any]) -> Incident:
        raise NotImplementedError


def _agency(agency_id: int | None) -> Agency | None:
    if agency_id is None:
        return None
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None:
        raise ValidationError({"agency_id": [_("No such agency.")]})
    return agency


class ClaimView(IncidentActionView):
    input_class = s.AgencyChoiceInput

    def act(self, request: Request, incident: Incident, data: dict[str, Any]) -> Incident:
        agency = _agency(data.get("agency_id"))
        return services.incident_claim(incident=incident, user=request.user, agency=agency)


class ReleaseView(IncidentActionView):
    def act(self, request: Request, incident: Incident, data: dict[str, Any]) -> Incident:
        return services.incident_release(incident=incident, user=request.user, note=data["note"])


class StatusView(IncidentActionView):
    input_class = s.StatusInput

    def act(self, request: Request, incident: Incident, data: dict[str, Any]) -> Incident:
        return services.incident_set_status(
            incident=incident, user=request.user, status=data["status"], note=data["note"]
        )


class ReopenView(IncidentActionView):
    def act(self, request: Request, incident: Incident, data: dict[str, Any]) -> Incident:
        return services.incident_reopen(incident=incident, user=request.user, note=data["note"])


class AssignView(IncidentActionView):
    permission_classes = [IsDesk]
    input_class = s.AssignInput

    def act(self, request: Request, incident: Incident, data: dict[str, Any]) -> Incident:
        agency = _agency(data["agency_id"])
        return services.incident_assign(
            incident=incident, user=request.user, agency=agency, role=data["role"]
        )


class MergeView(IncidentActionView):
    permission_classes = [IsDesk]
    input_class = s.MergeInput

    def act(self, request: Request, incident: Incident, data: dict[str, Any]) -> Incident:
        other = Incident.objects.filter(pk=data["other_id"]).first()
        if other is None:
            raise ValidationError({"other_id": [_("No such incident.")]})
        return services.incident_merge(incident=incident, other=other, user=request.user)


class SplitView(IncidentActionView):
    """Answers the new incident made of the moved reports."""

    permission_classes = [IsDesk]
    input_class = s.SplitInput

    def act(self, request: Request, incident: Incident, data: dict[str, Any]) -> Incident:
        return services.incident_split(
            incident=incident, user=request.user, report_ids=data["report_ids"]
        )


class DisposeView(IncidentActionView):
    permission_classes = [IsDesk]

    def act(self, request: Request, incident: Incident, data: dict[str, Any]) -> Incident:
        return services.incident_dispose(incident=incident, user=request.user, note=data["note"])


class CancelView(IncidentActionView):
    permission_classes = [IsDesk]
    input_class = s.CancelInput

    def act(self, request: Request, incident: Incident, data: dict[str, Any]) -> Incident:
        return services.incident_cancel(
            incident=incident, user=request.user, reason=data["reason"], note=data["note"]
        )


class LocateView(IncidentActionView):
    permission_classes = [IsDesk]
    input_class = s.LocateInput

    def act(self, request: Request, incident: Incident, data: dict[str, Any]) -> Incident:
        return services.incident_locate(
            incident=incident, user=request.user, lat=data["lat"], lon=data["lon"]
        )


class EventsView(APIView):
    """GET /api/events/?after=<id>: the log from a position, filtered for the caller.

    `last_event_id` is the position scanned up to: an agency client resumes from it
    even when none of the scanned events were its own.
    """

    permission_classes = [IsStaffMember]
    limit = 500

    def get(self, request: Request) -> Response:
        raw = request.query_params.get("after", "0") or "0"
        # ASCII digits that fit the id: '²' passes isdigit() but not int() (a 500).
        if not (raw.isascii() and raw.isdigit() and len(raw) <= MAX_DIGITS):
            raise ValidationError({"after": [_("Give an event id (a whole number).")]})
        after = int(raw)
        scanned = selectors.events_scanned_after(after=after, limit=self.limit)
        visible = selectors.events_visible_to(user=request.user, events=scanned)
        last = scanned[-1].pk if scanned else max(after, 0)
        return Response(
            {
                "events": [event_message(e) for e in visible],
                "last_event_id": last,
                "more": len(scanned) == self.limit,
            }
        )


class PublicIncidentsView(APIView):
    """GET /api/public/incidents/: what the public map shows, anonymized.

    Category, priority, status, a location snapped to ~500 m and times to the
    minute: never words, names, phones or exact coordinates (dispatch.projections).
    """

    permission_classes = [AllowAny]

    def get(self, request: Request) -> Response:
        return Response(public_snapshot())


class FailedReportsView(ListAPIView):
    """Reports whose triage failed: the dispatcher sees them and can retry."""

    permission_classes = [IsDesk]

    def get_queryset(self) -> QuerySet[Report]:
        return selectors.failed_reports()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        if page:
            services.contact_view_record(
                user=request.user,
                incident=None,
                report_ids=[r.pk for r in page],
                address=ratelimit.client_address(request.META),
            )
        rows = [
            {**_report_payload(r), "attempts": r.attempts, "last_error": r.last_error} for r in page
        ]
        return self.get_paginated_response(rows)


class WaitingReportsView(FailedReportsView):
    """Reports still waiting for triage after REPORT_WAITING_AFTER_S: a call the
    dispatcher should know about while its triage is retried (or to retry by hand)."""

    def get_queryset(self) -> QuerySet[Report]:
        since = timezone.now() - timedelta(seconds=settings.REPORT_WAITING_AFTER_S)
        return selectors.waiting_reports(received_before=since)


class ReportRetryView(APIView):
    permission_classes = [IsDesk]

    def post(self, request: Request, pk: int) -> Response:
        report = get_object_or_404(Report, pk=pk)
        services.report_retry(report=report, user=request.user)
        return Response({"id": report.pk, "state": "pending"}, status=status.HTTP_202_ACCEPTED)


class TokenView(APIView):
    """POST /api/auth/token/ {username, password} -> {token, expiry}, for integrations.

    A new token per call, valid for API_TOKEN_TTL_HOURS (a shift).
    """

    permission_classes = [AllowAny]
    authentication_classes: list = []

    def post(self, request: Request) -> Response:
        data = _parse(s.TokenInput, request)
        user = authenticate(request._request, username=data["username"], password=data["password"])
        if user is None or not user.is_active:
            raise ValidationError({"non_field_errors": [_("Wrong username or password.")]})
        token, expiry = services.token_issue(user=user)
        return Response({"token": token, "expiry": iso(expiry)})


class LogoutView(APIView):
    """POST /api/auth/logout/: revoke the token this request is made with."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]

    def post(self, request: Request) -> Response:
        services.token_revoke(token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutAllView(APIView):
    """POST /api/auth/logoutall/: revoke every token of the caller (a lost phone)."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]

    def post(self, request: Request) -> Response:
        services.tokens_revoke_all(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
