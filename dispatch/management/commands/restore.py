"""`make restore FILE=...`: a backup into an empty database, then the migrations.

The database is DATABASE_URL's. It must be empty (a new database: `createdb`), so a
restore never mixes with live data by mistake; `--replace` drops what is there
first. The migrations then bring an older dump up to this code's schema.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from dispatch.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup (pg_dump custom format) into an empty database and migrate."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path, help="a dump written by `make backup`")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="the database is not empty: drop the objects of the dump and replace them",
        )

    def handle(self, *args: Any, file: Path, replace: bool, **options: Any) -> None:
        connection = connections["default"]
        # pg_restore needs the database to itself: no connection of ours stays open.
        connection.close()
        try:
            backup_restore(database=connection.settings_dict, path=file, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"restored {file} into {connection.settings_dict['NAME']}")
        call_command("migrate", interactive=False, verbosity=options.get("verbosity", 1))
