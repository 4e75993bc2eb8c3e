"""The dispatch core: agencies, reports, incidents, assignments and the event log.

Code lists (categories, priorities, agency kinds, statuses) are contracts of
docs/ARCHITECTURE.md, "Code lists": their values never change; their labels are translated.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    FIRE = "fire", _("Fire")
    TRAFFIC_ACCIDENT = "traffic_accident", _("Traffic accident")
    MEDICAL = "medical", _("Medical emergency")
    DISASTER = "disaster", _("Disaster")
    RESCUE = "rescue", _("Rescue")
    CRIME = "crime", _("Crime")
    PUBLIC_ORDER = "public_order", _("Public order")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    ENVIRONMENT = "environment", _("Environment")
    SOCIAL_WELFARE = "social_welfare", _("Social welfare")
    HEALTH_SERVICE = "health_service", _("Health service")
    PUBLIC_SERVICE = "public_service", _("Public service")
    INFORMATION = "information", _("Information and aspirations")
    OTHER = "other", _("Other")


class Priority(models.TextChoices):
    P1 = "P1", _("P1 - immediate (threat to life or property)")
    P2 = "P2", _("P2 - urgent")
    P3 = "P3", _("P3 - needs handling")
    P4 = "P4", _("P4 - not urgent")


class AgencyKind(models.TextChoices):
    DAMKAR = "damkar", _("Fire brigade (Damkar)")
    BPBD = "bpbd", _("BPBD")
    DINKES = "dinkes", _("Health office (Dinkes)")
    SATPOLPP = "satpolpp", _("Satpol PP")
    POLRI = "polri", _("Police (Polri)")
    DISHUB = "dishub", _("Transport office (Dishub)")
    DINSOS = "dinsos", _("Social affairs office (Dinsos)")
    DLH = "dlh", _("Environment office (DLH)")
    PUPR = "pupr", _("Public works (PUPR)")
    DP3A = "dp3a", _("DP3A")
    DISDUKCAPIL = "disdukcapil", _("Disdukcapil")
    PLN = "pln", _("PLN")
    PDAM = "pdam", _("PDAM")
    BASARNAS = "basarnas", _("Basarnas")


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    WEB = "web", _("Web form")
    API = "api", _("API")
    OPEN311 = "open311", _("Open311")


class Status(models.TextChoices):
    NEW = "new", _("New")
    CLAIMED = "claimed", _("Claimed")
    EN_ROUTE = "en_route", _("En route")
    ON_SCENE = "on_scene", _("On scene")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class CancelReason(models.TextChoices):
    PRANK = "prank", _("Prank")
    DUPLICATE = "duplicate", _("Duplicate")
    INVALID = "invalid", _("Invalid")


OPEN_STATUSES = (Status.NEW, Status.CLAIMED, Status.EN_ROUTE, Status.ON_SCENE)


class EventType(models.TextChoices):
    """What an IncidentEvent records. The values travel to every screen and integration
    (docs/ARCHITECTURE.md, "Events"): they never change. Each has a state-convergence
    scenario in tests/realtime/test_state_convergence.py."""

    OPENED = "incident.opened", _("Opened")
    ASSIGNED = "incident.assigned", _("Assigned")
    CLAIMED = "incident.claimed", _("Claimed")
    RELEASED = "incident.released", _("Released")
    STATUS_CHANGED = "incident.status_changed", _("Status changed")
    REOPENED = "incident.reopened", _("Reopened")
    CANCELLED = "incident.cancelled", _("Cancelled")
    MERGED = "incident.merged", _("Merged")
    SPLIT = "incident.split", _("Split")
    DISPOSED = "incident.disposed", _("Disposition given")
    LOCATED = "incident.located", _("Location moved")
    REPORT_ATTACHED = "incident.report_attached", _("Another report")
    REPRIORITIZED = "incident.reprioritized", _("Priority raised")
    ESCALATED = "incident.escalated", _("Escalated")
    # Units (the units app): `data.unit` carries the unit after the change; an event
    # of a unit at work also carries its incident.
    UNIT_ASSIGNED = "unit.assigned", _("Unit assigned")
    UNIT_STATUS_CHANGED = "unit.status_changed", _("Unit status changed")
    # No longer appended: positions are soft state, relayed apart (realtime/
    # positions.py). Kept so that the events of older logs still read.
    UNIT_POSITION = "unit.position", _("Unit position")
    # Alerts to people (interop.alerts): a message of the escalation chain went out
    # (or waits for quiet hours), and someone acknowledged it (a reply, the board, a
    # claim) or it stopped. `data.alert` says which; the incident is carried as usual.
    ALERT_SENT = "alert.sent", _("Alert sent")
    ALERT_ACKNOWLEDGED = "alert.acknowledged", _("Alert acknowledged")
    # The reporter heard by their channel that the incident was claimed or resolved
    # (`data.stage`, `data.report_ids`), and rated the handling (`data.rating` 1-5).
    REPORTER_NOTIFIED = "reporter.notified", _("Reporter notified")
    REPORTER_RATED = "reporter.rated", _("Reporter rated")


class LocationState(models.TextChoices):
    """How far an incident's point can be trusted (geo.evidence). `unknown`: no point;
    the incident never reaches the public map, Open311 or CAP."""

    KNOWN = "known", _("Location known")
    APPROXIMATE = "approximate", _("Location approximate")
    UNKNOWN = "unknown", _("Location unknown")


class Agency(models.Model):
    # A free slug, not choices: a deployment may add kinds beyond the default catalogue.
    kind = models.SlugField(max_length=32, help_text=_("Agency kind, e.g. damkar, bpbd"))
    name = models.CharField(max_length=200)
    # Kemendagri code prefixes the agency answers for, e.g. ["18.71"] for the city,
    # ["18"] for the province. The most specific prefix wins when routing.
    jurisdiction = models.JSONField(default=list, blank=True)
    contact = models.CharField(max_length=200, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class StaffRole(models.TextChoices):
    DISPATCHER = "dispatcher", _("Dispatcher / operator")
    SUPERVISOR = "supervisor", _("Supervisor")
    AGENCY = "agency", _("Agency staff")
    # The phone system's account (calls.api): posts call events and handset
    # locations, sees nothing else.
    PBX = "pbx", _("Phone system (PBX)")


class Staff(models.Model):
    """A user's role in the dispatch centre. Users without one are the public."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff"
    )
    role = models.CharField(max_length=16, choices=StaffRole.choices)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    # E.164 (+62...). Field staff may act by SMS/WhatsApp from this number only.
    phone = models.CharField(max_length=20, blank=True, db_index=True)
    # The operator's phone extension: a call the PBX answers there pops the intake
    # on this user's console (calls.selectors.call_answered_at).
    extension = models.CharField(max_length=32, blank=True, db_index=True)

    class Meta:
        verbose_name_plural = "staff"
        constraints = [
            models.CheckConstraint(
                name="agency_staff_has_agency",
                condition=~models.Q(role="agency") | models.Q(agency__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


class Incident(models.Model):
    category = models.CharField(max_length=32, choices=Category.choices, default=Category.OTHER)
    priority = models.CharField(max_length=2, choices=Priority.choices, default=Priority.P3)
    score = models.PositiveSmallIntegerField(
        default=50, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    cancel_reason = models.CharField(max_length=16, choices=CancelReason.choices, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    region_code = models.CharField(max_length=16, blank=True)
    location_state = models.CharField(
        max_length=12, choices=LocationState.choices, default=LocationState.UNKNOWN
    )
    # What the point rests on, for the operator: {"level", "reasons": [{code, ...}]}.
    location_detail = models.JSONField(default=dict, blank=True)
    report_count = models.PositiveIntegerField(default=0)
    lead_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="led_incidents"
    )
    agencies = models.ManyToManyField(Agency, through="Assignment", related_name="incidents")
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claim_deadline = models.DateTimeField(null=True, blank=True)
    resolve_deadline = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.TextField(blank=True, validators=[MaxLengthValidator(4000)])
    # Signals for the dispatcher: "low_confidence_location", "prank_suspect", ...
    flags = models.JSONField(default=list, blank=True)
    # Where a deployment wants a supervisor's disposition before a complaint is
    # forwarded (Bandar Lampung), the incident waits here, unrouted.
    awaiting_disposition = models.BooleanField(default=False)
    escalated_at = models.DateTimeField(null=True, blank=True)
    # A report of it could expose a victim (dispatch.protection): never public.
    victim_protected = models.BooleanField(default=False)
    # Bumped by every change: clients and conditional updates compare it.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["priority", "created_at"]
        indexes = [
            models.Index(fields=["status", "priority", "created_at"]),
            models.Index(fields=["updated_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.category} {self.priority} {self.status}"

    @property
    def fast_track(self) -> bool:
        return self.priority == Priority.P1

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    SUPPORT = "support", _("Support")


class Assignment(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="assignments")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(max_length=8, choices=AssignmentRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["incident", "agency"], name="one_assignment_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.role} #{self.incident_id}"


# An alphabet without 0/O, 1/I/L: tracking codes are read out over the phone.
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
# 31**10 ~ 8e14: unguessable while lookups are rate-limited (PUBLIC_LOOKUP_RATE).
TRACKING_LENGTH = 10


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


class ReportState(models.TextChoices):
    PENDING = "pending", _("Waiting for processing")
    PROCESSED = "processed", _("Processed")
    FAILED = "failed", _("Processing failed")


class Report(models.Model):
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.WEB)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    text = models.TextField(validators=[MaxLengthValidator(4000)])
    address = models.CharField(max_length=500, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    reporter_name = models.CharField(max_length=200, blank=True)
    reporter_phone = models.CharField(max_length=20, blank=True, db_index=True)
    tracking_code = models.CharField(
        max_length=TRACKING_LENGTH, unique=True, default=new_tracking_code, editable=False
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(
        max_length=16, choices=ReportState.choices, default=ReportState.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    # The attempt in progress holds the report until then and renews it while it
    # runs; a pending report whose lease ran out lost its attempt with the process
    # (services.report_requeue_interrupted). Not read once the report is processed.
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    # What triage found, kept for the dispatcher and for audits.
    # Set when the retention job removed the reporter's name and phone.
    anonymized_at = models.DateTimeField(null=True, blank=True)
    location_confidence = models.FloatField(null=True, blank=True)
    location_provider = models.CharField(max_length=32, blank=True)
    region_code = models.CharField(max_length=16, blank=True)
    location_state = models.CharField(max_length=12, choices=LocationState.choices, blank=True)
    location_detail = models.JSONField(default=dict, blank=True)
    assessment = models.JSONField(default=dict, blank=True)
    # The caller's answers to the key questions ({question id: answer}).
    answers = models.JSONField(default=dict, blank=True)
    # Reporter updates: when the reporter was told of the claim and of the
    # resolution (by their channel), and their rating of the handling (1-5).
    claim_notified_at = models.DateTimeField(null=True, blank=True)
    resolve_notified_at = models.DateTimeField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"Report {self.tracking_code} ({self.channel})"


class IncidentEvent(models.Model):
    """Append-only log. The auto-increment id is the stream position clients resume from."""

    type = models.CharField(max_length=48, choices=EventType.choices)
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    # Who made the change: a signed-in user, or a part of the system acting on its
    # own (triage, the SLA watchdog, the message intake), named here.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    system_actor = models.CharField(max_length=32, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.pk} {self.type} #{self.incident_id}"


class AuditEntry(models.Model):
    """Who looked at or changed what: every view of a reporter's contact lands here."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=48)
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    report_ids = models.JSONField(default=list, blank=True)
    address = models.CharField(max_length=64, blank=True)
    # What changed, for actions on other things than contacts (a place moved...).
    details = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action}"


class MediaKind(models.TextChoices):
    IMAGE = "image", _("Photo")
    AUDIO = "audio", _("Voice note")


class ReportMedia(models.Model):
    """A photo or voice note of a report (the caller's) or of an incident (a crew's).

    `original` is the file as sent, with its metadata (a photo's GPS): only staff
    allowed to see reporters' contacts open it, audited. A photo also gets
    `rendition` and `thumbnail`, re-encoded without any metadata: what everyone
    else sees. Retention deletes the original with the reporter's contact
    (dispatch.services.media).
    """

    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.CASCADE, related_name="media"
    )
    # A crew's photo belongs to the incident; a caller's follows its report.
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.CASCADE, related_name="media"
    )
    kind = models.CharField(max_length=8, choices=MediaKind.choices)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    source = models.CharField(max_length=16)
    original = models.FileField(upload_to="originals/%Y/%m/", blank=True)
    rendition = models.FileField(upload_to="public/%Y/%m/", blank=True)
    thumbnail = models.FileField(upload_to="thumbs/%Y/%m/", blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    original_deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} ({self.content_type})"
