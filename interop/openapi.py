"""OpenAPI documentation of the dispatch REST API, kept beside it rather than in it.

The dispatch views parse their input with serializers they call by hand and
answer plain dicts (dispatch.projections), so drf-spectacular cannot see their
bodies. drf-spectacular's view extensions annotate a view from the outside:
the schema documents every request and response body without a line changed
in dispatch/api/views.py. The shapes below mirror docs/ARCHITECTURE.md, "HTTP", and
dispatch.projections; the schemathesis test checks the API against them.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiViewExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers

from dispatch.api import contacts as inputs_contacts
from dispatch.api import serializers as inputs

# --- shapes ----------------------------------------------------------------------


class ErrorsDoc(serializers.Serializer):
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class DetailDoc(serializers.Serializer):
    detail = serializers.CharField()


class AgencyRefDoc(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    name = serializers.CharField()


class AssignedAgencyDoc(AgencyRefDoc):
    role = serializers.ChoiceField(choices=["lead", "support"])


class IncidentDoc(serializers.Serializer):
    id = serializers.IntegerField()
    category = serializers.CharField()
    priority = serializers.CharField()
    score = serializers.IntegerField()
    fast_track = serializers.BooleanField()
    status = serializers.CharField()
    cancel_reason = serializers.CharField(allow_null=True)
    lat = serializers.FloatField(allow_null=True)
    lon = serializers.FloatField(allow_null=True)
    region_code = serializers.CharField()
    location_state = serializers.ChoiceField(
        choices=["known", "approximate", "unknown"],
        help_text="unknown: lat/lon are null and the incident is on no public map",
    )
    location_detail = serializers.DictField(
        help_text='what the point rests on: {"level", "reasons": [{"code", ...}]}'
    )
    report_count = serializers.IntegerField()
    lead_agency = AgencyRefDoc(allow_null=True)
    agencies = AssignedAgencyDoc(many=True)
    merged_into = serializers.IntegerField(allow_null=True)
    victim_protected = serializers.BooleanField(
        help_text="could expose a victim (dispatch.protection): on no public map or feed"
    )
    claim_deadline = serializers.DateTimeField(allow_null=True)
    resolve_deadline = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    claimed_at = serializers.DateTimeField(allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()


class ReportDoc(serializers.Serializer):
    id = serializers.IntegerField()
    channel = serializers.CharField()
    received_at = serializers.DateTimeField()
    text = serializers.CharField()
    address = serializers.CharField()
    lat = serializers.FloatField(allow_null=True)
    lon = serializers.FloatField(allow_null=True)
    reporter_name = serializers.CharField()
    reporter_phone = serializers.CharField()
    state = serializers.CharField()
    location_confidence = serializers.FloatField(allow_null=True)
    location_provider = serializers.CharField()
    location_state = serializers.CharField(allow_null=True)
    location_detail = serializers.DictField()
    assessment = serializers.DictField()
    answers = serializers.DictField(child=serializers.CharField())


class FailedReportDoc(ReportDoc):
    attempts = serializers.IntegerField()
    last_error = serializers.CharField()


class IncidentEventDoc(serializers.Serializer):
    id = serializers.IntegerField()
    event = serializers.CharField()
    at = serializers.DateTimeField()
    actor = serializers.CharField(allow_null=True, help_text="The user who made the change.")
    system_actor = serializers.CharField(
        allow_null=True, help_text="The part of the system that made it: triage, sla-watchdog..."
    )
    data = serializers.DictField()


class MediaDoc(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=["image", "audio"])
    content_type = serializers.CharField()
    source = serializers.CharField(help_text="web, api, whatsapp, field")
    report_id = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()
    thumbnail_url = serializers.CharField(allow_null=True)
    rendition_url = serializers.CharField(allow_null=True, help_text="Without EXIF or GPS")
    original_url = serializers.CharField(
        allow_null=True, help_text="Only for those who may call the reporter back (audited)"
    )


class ReportWithPhotosDoc(inputs.ReportInput):
    photo = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        help_text="JPEG, PNG or WebP, checked by content; 413 over the size limit",
    )
    voice = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        help_text="voice notes: OGG/Opus, AAC/M4A or MP3, checked by content",
    )


class IncidentDetailDoc(IncidentDoc):
    flags = serializers.ListField(child=serializers.CharField())
    resolution_note = serializers.CharField()
    can_call_back = serializers.BooleanField(
        help_text="May this user ask for a reporter's number (POST .../callback/)"
    )
    reports = ReportDoc(many=True)
    media = MediaDoc(many=True)
    events = IncidentEventDoc(many=True)


class ReportCreatedDoc(serializers.Serializer):
    id = serializers.IntegerField()
    tracking_code = serializers.CharField()
    status_url = serializers.CharField()


class TrackIncidentDoc(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    category = serializers.CharField()
    priority = serializers.CharField()


class TimelineDoc(serializers.Serializer):
    at = serializers.DateTimeField()
    status = serializers.CharField()


class TrackDoc(serializers.Serializer):
    tracking_code = serializers.CharField()
    received_at = serializers.DateTimeField()
    state = serializers.CharField()
    incident = TrackIncidentDoc(allow_null=True)
    timeline = TimelineDoc(many=True)


class EventMessageDoc(serializers.Serializer):
    type = serializers.CharField()
    id = serializers.IntegerField()
    event = serializers.CharField()
    incident = serializers.DictField(allow_null=True)
    data = serializers.DictField()
    at = serializers.DateTimeField()


class EventsDoc(serializers.Serializer):
    events = EventMessageDoc(many=True)
    last_event_id = serializers.IntegerField()
    more = serializers.BooleanField()


class RetryDoc(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.CharField()


class TokenDoc(serializers.Serializer):
    token = serializers.CharField()
    expiry = serializers.DateTimeField(
        help_text="The end of the token's shift (API_TOKEN_TTL_HOURS)."
    )


class PublicIncidentDoc(serializers.Serializer):
    """dispatch.projections.public_incident: the public map's anonymized incident."""

    id = serializers.IntegerField()
    category = serializers.CharField()
    priority = serializers.CharField()
    status = serializers.CharField()
    lat = serializers.FloatField(allow_null=True, help_text="snapped to a ~500 m grid")
    lon = serializers.FloatField(allow_null=True, help_text="snapped to a ~500 m grid")
    region_code = serializers.CharField()
    report_count = serializers.IntegerField()
    created_at = serializers.CharField(allow_null=True, help_text="to the minute")
    updated_at = serializers.CharField(allow_null=True, help_text="to the minute")
    version = serializers.IntegerField()


class PublicSnapshotDoc(serializers.Serializer):
    type = serializers.CharField()
    last_event_id = serializers.IntegerField()
    incidents = PublicIncidentDoc(many=True)


# --- the extensions --------------------------------------------------------------

ERRORS = OpenApiResponse(ErrorsDoc, description="Invalid input: {errors: {field: [message]}}")
FORBIDDEN = OpenApiResponse(DetailDoc, description="Not allowed")
NOT_FOUND = OpenApiResponse(DetailDoc, description="Not found")
CONFLICT = OpenApiResponse(DetailDoc, description="Refused in the incident's state (lost race)")


def _document(target: str, **methods: Any) -> type[OpenApiViewExtension]:
    """Register an extension that decorates `target`'s methods with these schemas."""

    def view_replacement(self: OpenApiViewExtension) -> type:
        # A subclass: the real view class is left exactly as it is.
        documented = type(self.target_class.__name__, (self.target_class,), {})
        return extend_schema_view(**methods)(documented)

    name = "Doc" + target.rsplit(".", 1)[-1]
    return type(
        name,
        (OpenApiViewExtension,),
        {"target_class": target, "view_replacement": view_replacement},
    )


VIEWS = "dispatch.api.views."

_document(
    VIEWS + "ReportCreateView",
    post=extend_schema(
        tags=["Reports"],
        summary="Submit a report (public): JSON, or multipart/form-data with `photo` files",
        request={
            "application/json": inputs.ReportInput,
            "multipart/form-data": ReportWithPhotosDoc,
        },
        responses={
            201: ReportCreatedDoc,
            400: ERRORS,
            413: OpenApiResponse(ErrorsDoc, description="A photo over the size limit"),
            429: DetailDoc,
        },
    ),
)
_document(
    VIEWS + "TrackView",
    get=extend_schema(
        tags=["Reports"],
        summary="The reporter's view of a report, by tracking code",
        responses={200: TrackDoc, 404: NOT_FOUND},
    ),
)
_document(
    VIEWS + "IncidentListView",
    get=extend_schema(
        tags=["Incidents"],
        summary="Incidents the caller may see, in queue order (staff)",
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, description="comma list"),
            OpenApiParameter("category", OpenApiTypes.STR, description="comma list"),
            OpenApiParameter("priority", OpenApiTypes.STR, description="comma list"),
            OpenApiParameter("agency", OpenApiTypes.INT),
            OpenApiParameter("open", OpenApiTypes.STR, enum=["1", "true"]),
        ],
        responses={200: IncidentDoc(many=True), 403: FORBIDDEN},
    ),
)
_document(
    VIEWS + "IncidentDetailView",
    get=extend_schema(
        tags=["Incidents"],
        summary="One incident with its reports and events (staff)",
        responses={200: IncidentDetailDoc, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
)


class CallBackDoc(serializers.Serializer):
    report_id = serializers.IntegerField()
    reporter_name = serializers.CharField()
    reporter_phone = serializers.CharField()


_document(
    "dispatch.api.contacts.CallBackView",
    post=extend_schema(
        tags=["Incident actions"],
        summary="A reporter's full number to call back (desk, or the agency handling it; audited)",
        request=inputs_contacts.CallBackInput,
        responses={200: CallBackDoc, 400: ERRORS, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
)

SUMMARIES = {
    "ClaimView": "Claim for an agency (one claim wins; 409)",
    "ReleaseView": "Give a claimed incident back to the queue",
    "StatusView": "En route, on scene, resolved, closed",
    "ReopenView": "Reopen a resolved, closed or cancelled incident",
    "AssignView": "Route to an agency as lead or support (desk)",
    "MergeView": "Fold another incident into this one (desk)",
    "SplitView": "Move reports to a new incident (desk); answers the new incident",
    "DisposeView": "A supervisor's disposition: route a held complaint (desk)",
    "CancelView": "Cancel as prank, duplicate or invalid (desk)",
    "LocateView": "Set the location by hand (desk)",
}


def _document_actions() -> None:
    """Every POST /api/incidents/<id>/<action>/ view, with its own input serializer.

    Found by class rather than listed, so an action added later is documented too.
    """
    from dispatch.api import views

    for name, view in sorted(vars(views).items()):
        if not (isinstance(view, type) and issubclass(view, views.IncidentActionView)):
            continue
        if view is views.IncidentActionView:
            continue
        _document(
            f"{view.__module__}.{name}",
            post=extend_schema(
                tags=["Incident actions"],
                summary=SUMMARIES.get(name, name.removesuffix("View")),
                request=view.input_class,
                responses={
                    200: IncidentDoc,
                    400: ERRORS,
                    403: FORBIDDEN,
                    404: NOT_FOUND,
                    409: CONFLICT,
                },
            ),
        )


_document_actions()

_document(
    VIEWS + "EventsView",
    get=extend_schema(
        tags=["Events"],
        summary="The event log after a position, filtered for the caller (staff)",
        parameters=[OpenApiParameter("after", OpenApiTypes.INT, description="event id")],
        responses={200: EventsDoc, 400: ERRORS, 403: FORBIDDEN},
    ),
)
_document(
    VIEWS + "PublicIncidentsView",
    get=extend_schema(
        tags=["Public"],
        summary="The public map's incidents, anonymized",
        responses={200: PublicSnapshotDoc},
    ),
)
_document(
    VIEWS + "FailedReportsView",
    get=extend_schema(
        tags=["Reports"],
        summary="Reports whose triage failed (desk)",
        responses={200: FailedReportDoc(many=True), 403: FORBIDDEN},
    ),
)
_document(
    VIEWS + "WaitingReportsView",
    get=extend_schema(
        tags=["Reports"],
        summary="Reports still waiting for triage after REPORT_WAITING_AFTER_S (desk)",
        responses={200: FailedReportDoc(many=True), 403: FORBIDDEN},
    ),
)
_document(
    VIEWS + "ReportRetryView",
    post=extend_schema(
        tags=["Reports"],
        summary="Hand a failed or waiting report back to triage (desk)",
        request=None,
        responses={202: RetryDoc, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
    ),
)
_document(
    VIEWS + "TokenView",
    post=extend_schema(
        tags=["Sign-in"],
        summary="An API token for integrations",
        request=inputs.TokenInput,
        responses={200: TokenDoc, 400: ERRORS},
    ),
)
_document(
    VIEWS + "LogoutView",
    post=extend_schema(
        tags=["Sign-in"],
        summary="Revoke the token of this request",
        request=None,
        responses={204: None, 401: FORBIDDEN},
    ),
)
_document(
    VIEWS + "LogoutAllView",
    post=extend_schema(
        tags=["Sign-in"],
        summary="Revoke every token of the caller",
        request=None,
        responses={204: None, 401: FORBIDDEN},
    ),
)
