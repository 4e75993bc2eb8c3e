"""Demo units of a deployment profile, from units/data/demo_units.csv.

Seeded with the profile's agencies (`seed_demo` sends `demo_seeded`) or later into
a database seeded before units existed (`seed_units`). Safe to run twice: a unit is
known by its agency and call sign, and a unit at work keeps its status.
"""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

from dispatch.models import Agency
from units.models import Unit, UnitKind

DEMO_UNITS = Path(__file__).resolve().parent / "data" / "demo_units.csv"


def demo_rows(profile: str) -> list[dict[str, str]]:
    with DEMO_UNITS.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["profile"] == profile]


def units_seed_demo(*, profile: str) -> list[Unit]:
    """Create or update the demo units of a profile whose agencies are seeded."""
    rows = demo_rows(profile)
    agencies = {a.name: a for a in Agency.objects.filter(name__in={r["agency"] for r in rows})}
    units = []
    with transaction.atomic():
        for row in rows:
            agency = agencies.get(row["agency"])
            if agency is None:
                raise ValueError(f"demo unit {row['call_sign']}: no agency {row['agency']!r}")
            if row["kind"] not in UnitKind.values:
                raise ValueError(f"demo unit {row['call_sign']}: unknown kind {row['kind']!r}")
            unit, _ = Unit.objects.update_or_create(
                agency=agency,
                call_sign=row["call_sign"],
                defaults={
                    "kind": row["kind"],
                    "station_name": row["station"],
                    "station_lat": float(row["lat"]),
                    "station_lon": float(row["lon"]),
                    "crew": int(row["crew"]),
                },
            )
            units.append(unit)
    return units
