"""Stations, posts, hospitals and puskesmas: the console's map layers.

Demo facilities of a profile come from units/data/demo_facilities.csv (demo data,
see its header: points are a kelurahan's centre or a demo unit's station), seeded
with the profile's agencies (`seed_demo` sends `demo_seeded`) or later by
`seed_facilities`. A deployment shows the facilities of its area: those whose
region code lies under HOME_REGION.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet

from dispatch.models import Agency
from geo.regions import names_of
from units.models import HEALTH_KINDS, Facility, FacilityKind

DEMO_FACILITIES = Path(__file__).resolve().parent / "data" / "demo_facilities.csv"


def demo_facility_rows(profile: str) -> list[dict[str, str]]:
    with DEMO_FACILITIES.open(encoding="utf-8", newline="") as handle:
        # Lines starting with "#" are the file's notes on where its points come from.
        lines = (line for line in handle if not line.startswith("#"))
        return [row for row in csv.DictReader(lines) if row["profile"] == profile]


def facilities_seed_demo(*, profile: str) -> list[Facility]:
    """Create or update a profile's demo facilities (known by name and region code).

    A facility's agency is optional: one named in the file but not seeded is left
    out rather than refused, so the layers work before the agencies do.
    """
    rows = demo_facility_rows(profile)
    agencies = {a.name: a for a in Agency.objects.filter(name__in={r["agency"] for r in rows})}
    facilities = []
    with transaction.atomic():
        for row in rows:
            if row["kind"] not in FacilityKind.values:
                raise ValueError(f"demo facility {row['name']}: unknown kind {row['kind']!r}")
            facility, _ = Facility.objects.update_or_create(
                name=row["name"],
                region_code=row["region_code"],
                defaults={
                    "kind": row["kind"],
                    "lat": float(row["lat"]),
                    "lon": float(row["lon"]),
                    "agency": agencies.get(row["agency"]),
                    "active": True,
                },
            )
            facilities.append(facility)
    return facilities


def facilities_in_area(*, kinds: Iterable[str] = (), area: str | None = None) -> QuerySet[Facility]:
    """Active facilities under the deployment's home region (or `area`), of `kinds`."""
    prefix = settings.HOME_REGION if area is None else area
    # "18.71" holds "18.71" and "18.71.01.1010", never "18.710..." (codes are dotted).
    within = Q(region_code=prefix) | Q(region_code__startswith=prefix + ".")
    queryset = Facility.objects.select_related("agency").filter(within, active=True)
    kinds = list(kinds)
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    return queryset.order_by("kind", "name")


def facility_layer(kind: str) -> str:
    """The console's layer of a kind: `health` (hospitals, puskesmas) or `stations`."""
    return "health" if kind in HEALTH_KINDS else "stations"


def facility_payload(facility: Facility) -> dict[str, Any]:
    names = names_of(facility.region_code) or {}
    agency = facility.agency
    return {
        "id": facility.pk,
        "kind": facility.kind,
        "kind_label": str(FacilityKind(facility.kind).label),
        "layer": facility_layer(facility.kind),
        "name": facility.name,
        "lat": facility.lat,
        "lon": facility.lon,
        "region_code": facility.region_code,
        "place": {level: names.get(level) or "" for level in ("village", "district", "regency")},
        "agency": {"id": agency.pk, "kind": agency.kind, "name": agency.name} if agency else None,
    }
