"""Landmark files: CSV rows checked and upserted into the Place table.

Columns: name, aliases ("|"-separated), kind, lat, lon, region_code, and optionally
active (1/0, yes/no, true/false; default 1). Upserting twice changes nothing. The
shipped files (geo/data/places_*.csv, one per call centre) are loaded by a
migration; `manage.py load_places FILE.csv` loads any other.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import Any

from geo.models import Place, PlaceKind
from geo.regions import get_regions, undotted

DATA_DIR = Path(__file__).resolve().parent / "data"

REQUIRED = ("name", "lat", "lon")
_TRUE = {"1", "true", "yes", "y", "ya", ""}
_FALSE = {"0", "false", "no", "n", "tidak"}


class RowError(ValueError):
    pass


def parse_row(row: dict[str, str | None]) -> dict[str, Any]:
    """Validate one CSV row into Place field values (RowError says what is wrong)."""
    values = {key.strip().lower(): (value or "").strip() for key, value in row.items() if key}
    name = values.get("name", "")
    if not name:
        raise RowError("name is empty")
    if len(name) > Place._meta.get_field("name").max_length:
        raise RowError("name is too long")
    lat = _number(values.get("lat", ""), "lat", 90)
    lon = _number(values.get("lon", ""), "lon", 180)
    kind = values.get("kind", "") or PlaceKind.OTHER
    if kind not in PlaceKind.values:
        raise RowError(f"unknown kind {kind!r} (one of {', '.join(PlaceKind.values)})")
    region_code = values.get("region_code", "")
    if region_code and undotted(region_code) not in get_regions().by_code:
        raise RowError(f"unknown region code {region_code!r}")
    active = values.get("active", "").lower()
    if active not in _TRUE | _FALSE:
        raise RowError(f"active must be 1 or 0, not {active!r}")
    aliases = "|".join(
        alias.strip() for alias in values.get("aliases", "").split("|") if alias.strip()
    )
    return {
        "name": name,
        "region_code": region_code,
        "aliases": aliases,
        "kind": kind,
        "lat": lat,
        "lon": lon,
        "active": active in _TRUE,
    }


def _number(text: str, field: str, limit: float) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise RowError(f"{field} is not a number: {text!r}") from None
    if not math.isfinite(value) or abs(value) > limit:
        raise RowError(f"{field} out of range: {text!r}")
    return value


def upsert(values: dict[str, Any], model: type[Place] = Place) -> str:
    """Create or update one Place; 'created', 'updated' or 'unchanged'. A migration
    passes its historical model."""
    place = model.objects.filter(name=values["name"], region_code=values["region_code"]).first()
    if place is None:
        model.objects.create(**values)
        return "created"
    changed = [field for field, value in values.items() if getattr(place, field) != value]
    if not changed:
        # No save: saving would invalidate every process's landmark index for nothing.
        return "unchanged"
    for field in changed:
        setattr(place, field, values[field])
    place.save(update_fields=[*changed, "updated_at"])
    return "updated"


def read_rows(path: Path) -> list[dict[str, str | None]]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def shipped_files() -> list[Path]:
    """The landmark files of the four call centres."""
    return sorted(DATA_DIR.glob("places_*.csv"))
