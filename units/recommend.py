"""Which units to send: available units of the kinds an incident's category needs,
nearest in estimated travel time first, then the least busy.

ETA = straight-line distance x the profile's road factor / the unit kind's speed
(dispatch/profiles.py: `road_factor`, `unit_speed_kmh`). A rough figure, the same
for every unit, so the order is fair; the dispatcher sees how it was made in the
reasons and may choose otherwise (an override, logged with its reason).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dispatch.models import Category, Incident
from dispatch.profiles import PROFILES, Profile
from priority.duplicates import haversine_m
from units import selectors
from units.models import Unit, UnitKind, UnitStatus

C, K = Category, UnitKind
# The unit kinds each category needs, the usual first. Categories not listed
# (complaints, information) are not answered with vehicles.
CATEGORY_UNIT_KINDS: dict[str, tuple[str, ...]] = {
    C.FIRE: (K.FIRE_ENGINE, K.WATER_TANKER, K.AERIAL_LADDER, K.RESCUE_TRUCK),
    C.TRAFFIC_ACCIDENT: (
        K.AMBULANCE,
        K.PATROL_CAR,
        K.PATROL_MOTORBIKE,
        K.RESCUE_TRUCK,
        K.TOW_TRUCK,
    ),
    C.MEDICAL: (K.AMBULANCE,),
    C.DISASTER: (K.BPBD_TRUCK, K.RESCUE_BOAT, K.RESCUE_TRUCK, K.AMBULANCE),
    # Trapped people, drownings, snakes: the fire brigade's rescue work, SAR's boats.
    C.RESCUE: (K.RESCUE_TRUCK, K.RESCUE_BOAT, K.FIRE_ENGINE),
    C.CRIME: (K.PATROL_CAR, K.PATROL_MOTORBIKE),
    C.PUBLIC_ORDER: (K.PATROL_CAR, K.PATROL_MOTORBIKE),
    C.INFRASTRUCTURE: (K.UTILITY_CREW, K.TOW_TRUCK),
}

# A position older than this says little about where the unit is now: it is
# counted from its station instead.
FRESH_POSITION = timedelta(minutes=15)


@dataclass(frozen=True)
class Recommendation:
    unit: Unit
    distance_km: float | None
    eta_min: float | None
    workload: int
    reasons: list[str]


def unit_kinds_for(category: str) -> tuple[str, ...]:
    return CATEGORY_UNIT_KINDS.get(category, ())


def current_profile() -> Profile:
    return PROFILES.get(settings.PROFILE) or PROFILES["bandar-lampung"]


def eta_minutes(*, distance_km: float, kind: str, profile: Profile) -> float:
    return distance_km * profile.road_factor / profile.unit_speed_kmh(kind) * 60


def recommendations(
    *, incident: Incident, units: QuerySet[Unit], now: datetime
) -> list[Recommendation]:
    """The available units of `units` that the incident needs, best first."""
    kinds = unit_kinds_for(incident.category)
    candidates = list(
        units.filter(kind__in=kinds, status=UnitStatus.AVAILABLE, active=True).select_related(
            "agency"
        )
    )
    loads = selectors.workloads(unit_ids=[u.pk for u in candidates], now=now)
    profile = current_profile()
    found = [
        _recommend(incident=incident, unit=u, workload=loads.get(u.pk, 0), now=now, profile=profile)
        for u in candidates
    ]
    found.sort(key=lambda r: (r.eta_min is None, r.eta_min or 0, r.workload, r.unit.pk))
    return found


def _recommend(
    *, incident: Incident, unit: Unit, workload: int, now: datetime, profile: Profile
) -> Recommendation:
    kind = UnitKind(unit.kind).label
    reasons = [
        _("%(kind)s, needed for %(category)s")
        % {"kind": kind, "category": Category(incident.category).label.lower()}
    ]
    distance = eta = None
    if incident.lat is None or incident.lon is None:
        reasons.append(_("The incident's location is unknown: ranked by workload only."))
    else:
        fresh = unit.position_at is not None and now - unit.position_at <= FRESH_POSITION
        lat, lon = (unit.lat, unit.lon) if fresh else (unit.station_lat, unit.station_lon)
        distance = haversine_m(lat, lon, incident.lat, incident.lon) / 1000
        eta = eta_minutes(distance_km=distance, kind=unit.kind, profile=profile)
        where = _("its last position") if fresh else unit.station_name
        reasons.append(
            _("%(km).1f km from %(where)s, about %(min)d min")
            % {"km": distance, "where": where, "min": max(1, round(eta))}
        )
    if workload:
        reasons.append(
            ngettext(
                "%(n)d assignment in the last 24 hours",
                "%(n)d assignments in the last 24 hours",
                workload,
            )
            % {"n": workload}
        )
    else:
        reasons.append(_("No assignments in the last 24 hours"))
    return Recommendation(
        unit=unit,
        distance_km=round(distance, 2) if distance is not None else None,
        eta_min=round(eta, 1) if eta is not None else None,
        workload=workload,
        reasons=reasons,
    )
