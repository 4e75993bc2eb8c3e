"""`manage.py load_places FILE.csv`: upsert landmarks by (name, region_code).

Columns: name, aliases ("|"-separated), kind, lat, lon, region_code, and optionally
active (1/0, yes/no, true/false; default 1). Running it twice changes nothing.
Bad rows are reported with their line number and skipped; the good rows are loaded
and the command then exits with status 1.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from geo.models import Place, PlaceKind
from geo.regions import get_regions, undotted

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


def upsert(values: dict[str, Any]) -> str:
    """Create or update one Place; 'created', 'updated' or 'unchanged'."""
    place = Place.objects.filter(name=values["name"], region_code=values["region_code"]).first()
    if place is None:
        Place.objects.create(**values)
        return "created"
    changed = [field for field, value in values.items() if getattr(place, field) != value]
    if not changed:
        # No save: saving would invalidate every process's landmark index for nothing.
        return "unchanged"
    for field in changed:
        setattr(place, field, values[field])
    place.save(update_fields=[*changed, "updated_at"])
    return "updated"


class Command(BaseCommand):
    help = "Load landmarks from a CSV file (name,aliases,kind,lat,lon,region_code[,active])."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="validate only")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            with open(path, newline="", encoding="utf-8-sig") as handle:
                rows = list(csv.DictReader(handle))
                header = [column.strip().lower() for column in (rows[0].keys() if rows else [])]
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            raise CommandError(f"cannot read {path}: {error}") from error
        missing = [column for column in REQUIRED if rows and column not in header]
        if missing:
            raise CommandError(f"{path}: missing columns: {', '.join(missing)}")
        counts = {"created": 0, "updated": 0, "unchanged": 0, "errors": 0}
        with transaction.atomic():
            for line, row in enumerate(rows, start=2):
                try:
                    values = parse_row(row)
                except RowError as error:
                    counts["errors"] += 1
                    self.stderr.write(f"{path}:{line}: {error}")
                    continue
                if options["dry_run"]:
                    continue
                counts[upsert(values)] += 1
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(f"{path}: {len(rows)} rows: {summary}")
        if counts["errors"]:
            raise CommandError(f"{counts['errors']} bad rows in {path}")
