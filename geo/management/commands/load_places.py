"""`manage.py load_places FILE.csv`: upsert landmarks by (name, region_code).

Columns: name, aliases ("|"-separated), kind, lat, lon, region_code, and optionally
active (1/0, yes/no, true/false; default 1). Running it twice changes nothing.
Bad rows are reported with their line number and skipped; the good rows are loaded
and the command then exits with status 1.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from geo.places import REQUIRED, RowError, parse_row, read_rows, upsert


class Command(BaseCommand):
    help = "Load landmarks from a CSV file (name,aliases,kind,lat,lon,region_code[,active])."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="validate only")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            rows = read_rows(path)
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
