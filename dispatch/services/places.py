"""Landmarks kept by the desk: a dispatcher adds a place callers name, or moves one
that is wrong. Every change is audited, and every server process sees it at
once (geo.services checks the Place table)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from dispatch import routing
from dispatch.models import AuditEntry
from dispatch.services.access import ServiceError, require_desk
from geo.models import Place, PlaceKind

FIELDS = ("name", "aliases", "kind", "lat", "lon", "active")


def place_save(*, user: Any, place: Place | None = None, **values: Any) -> Place:
    """Create a place, or change one; the region comes from where the point is."""
    require_desk(user)
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ServiceError(_("Unknown fields: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    if values.get("kind", PlaceKind.OTHER) not in PlaceKind.values:
        raise ServiceError(_("Unknown kind of place."))
    with transaction.atomic():
        before = _snapshot(place) if place is not None else {}
        place = place or Place()
        for field, value in values.items():
            setattr(place, field, value)
        if {"lat", "lon"} & set(values) or not place.region_code:
            place.region_code, _area = routing.region_at(lat=place.lat, lon=place.lon)
        if (
            Place.objects.filter(name=place.name, region_code=place.region_code)
            .exclude(pk=place.pk)
            .exists()
        ):
            raise ServiceError(_("A place of this name is already there."))
        place.save()
        AuditEntry.objects.create(
            user=user,
            action="place.created" if not before else "place.changed",
            details={"place": place.pk, "before": before, "after": _snapshot(place)},
        )
    return place


def _snapshot(place: Place) -> dict[str, Any]:
    return {field: getattr(place, field) for field in (*FIELDS, "region_code")}
