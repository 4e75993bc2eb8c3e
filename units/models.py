"""Units of the agencies, their status transitions, assignments and positions.

Code lists (unit kinds, unit statuses) are contracts (docs/ARCHITECTURE.md, "Code
lists"): their values never change; their labels are translated.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dispatch.models import Agency, Incident


class UnitKind(models.TextChoices):
    FIRE_ENGINE = "fire_engine", _("Fire engine")
    WATER_TANKER = "water_tanker", _("Water tanker")
    AERIAL_LADDER = "aerial_ladder", _("Aerial ladder")
    RESCUE_TRUCK = "rescue_truck", _("Rescue vehicle")
    AMBULANCE = "ambulance", _("Ambulance")
    RESCUE_BOAT = "rescue_boat", _("Rescue boat")
    PATROL_CAR = "patrol_car", _("Patrol car")
    PATROL_MOTORBIKE = "patrol_motorbike", _("Patrol motorbike")
    BPBD_TRUCK = "bpbd_truck", _("BPBD truck")
    TOW_TRUCK = "tow_truck", _("Tow truck")
    UTILITY_CREW = "utility_crew", _("Repair crew")


class UnitStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    ASSIGNED = "assigned", _("Assigned")
    EN_ROUTE = "en_route", _("En route")
    ON_SCENE = "on_scene", _("On scene")
    TRANSPORTING = "transporting", _("Transporting a patient")
    RETURNING = "returning", _("Returning")
    OUT_OF_SERVICE = "out_of_service", _("Out of service")


# Statuses in which a unit works an incident: it holds an open assignment.
BUSY_STATUSES = (
    UnitStatus.ASSIGNED,
    UnitStatus.EN_ROUTE,
    UnitStatus.ON_SCENE,
    UnitStatus.TRANSPORTING,
)


class Unit(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="units")
    kind = models.CharField(max_length=24, choices=UnitKind.choices)
    call_sign = models.CharField(max_length=32)
    station_name = models.CharField(max_length=200)
    station_lat = models.FloatField()
    station_lon = models.FloatField()
    # People on board on a normal shift; the roster of names is not kept here.
    crew = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(
        max_length=16, choices=UnitStatus.choices, default=UnitStatus.AVAILABLE
    )
    status_at = models.DateTimeField(default=timezone.now)
    # The newest position the unit sent (UnitPosition keeps the track).
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    position_at = models.DateTimeField(null=True, blank=True)
    accuracy_m = models.FloatField(null=True, blank=True)
    # When the server took the newest position: the hubs relay the positions taken
    # in the last seconds (realtime/positions.py). Positions are not in the event log.
    position_received_at = models.DateTimeField(null=True, blank=True, db_index=True)
    active = models.BooleanField(default=True)
    # Bumped by every change of status, assignment or details, not by a position: a
    # client ignores a unit older than the one it holds.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["agency_id", "call_sign"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "call_sign"], name="one_call_sign_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.call_sign} ({self.kind}, {self.status})"


class UnitAssignment(models.Model):
    """A unit sent to an incident: from its assignment until it cleared the incident
    (returning, available or out of service). An incident may have many."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assignments")
    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="unit_assignments"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    cleared_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Where the unit stood in the recommendation the assigner saw (1 = first), or
    # None when it was not recommended; a choice other than the first is an override.
    recommended_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    override_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(cleared_at__isnull=True),
                name="one_open_assignment_per_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} -> #{self.incident_id}"


class UnitStatusChange(models.Model):
    """Every status transition with its time: the source of response-time intervals."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=16, choices=UnitStatus.choices)
    to_status = models.CharField(max_length=16, choices=UnitStatus.choices)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.from_status} -> {self.to_status}"


class UnitPosition(models.Model):
    """One fix of a unit's track, as its device took it (`at`), batched in."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="positions")
    lat = models.FloatField()
    lon = models.FloatField()
    at = models.DateTimeField()
    accuracy_m = models.FloatField(null=True, blank=True)
    # When it was written: one value for all the fixes of one write (position_writes).
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at"]
        # One fix per unit and time: a replayed batch adds nothing to the track.
        constraints = [models.UniqueConstraint(fields=["unit", "at"], name="unit_position_once")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.lat},{self.lon} {self.at:%H:%M:%S}"


class IdempotentRequest(models.Model):
    """The answer to a request made with an `Idempotency-Key`: a replay of the same
    key by the same user gets it again instead of acting twice (a field phone that
    resends its offline queue)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    # Method and path: the same key for another request is a client's mistake.
    request = models.CharField(max_length=300)
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_answer_per_user_key")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.key} {self.status_code}"


class FacilityKind(models.TextChoices):
    """What a point on the console's map layers is (units/facilities.py)."""

    FIRE_STATION = "fire_station", _("Fire station")
    POLICE_POST = "police_post", _("Police station or post")
    BPBD_POST = "bpbd_post", _("BPBD post")
    SAR_POST = "sar_post", _("SAR post")
    AMBULANCE_POST = "ambulance_post", _("Ambulance post (PSC 119)")
    SATPOLPP_POST = "satpolpp_post", _("Satpol PP post")
    OTHER_POST = "other_post", _("Other agency post")
    HOSPITAL = "hospital", _("Hospital")
    PUSKESMAS = "puskesmas", _("Puskesmas")


# The two layers of the console: where units start from, where patients go.
HEALTH_KINDS = (FacilityKind.HOSPITAL, FacilityKind.PUSKESMAS)
STATION_KINDS = tuple(kind for kind in FacilityKind if kind not in HEALTH_KINDS)


class Facility(models.Model):
    """A station, post, hospital or puskesmas shown on the console's map.

    Not a landmark (geo.Place): landmarks are names callers use and the geocoder
    matches; facilities are what the desk sends from and to, with their agency.
    """

    kind = models.CharField(max_length=20, choices=FacilityKind.choices)
    name = models.CharField(max_length=200)
    lat = models.FloatField()
    lon = models.FloatField()
    # Kemendagri code of the village it lies in (e.g. 18.71.01.1010): the deployment's
    # area (HOME_REGION) is a prefix of the codes it shows.
    region_code = models.CharField(max_length=20)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="facilities"
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        constraints = [
            models.UniqueConstraint(fields=["name", "region_code"], name="one_facility_per_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.kind})"
