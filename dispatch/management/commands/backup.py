"""`make backup`: one pg_dump of the database to BACKUP_DIR, the newest BACKUP_KEEP kept.

With `--every HOURS` it keeps running and backs up that long after the last good
backup (the compose file's `backup` service: daily). The schedule is read from the
record of runs, so a restarted service neither skips a day nor backs up twice.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from dispatch.backups import BackupError, backup_create, next_backup_due

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Back up the PostgreSQL database (pg_dump custom format) to BACKUP_DIR."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dir", type=Path, default=None, help="default: BACKUP_DIR")
        parser.add_argument("--keep", type=int, default=None, help="default: BACKUP_KEEP")
        parser.add_argument(
            "--every",
            type=float,
            default=None,
            metavar="HOURS",
            help="keep running: a backup this many hours after the last good one",
        )

    def handle(
        self, *args: Any, dir: Path | None, keep: int | None, every: float | None, **options: Any
    ) -> None:
        directory = Path(dir or settings.BACKUP_DIR)
        keep = keep or settings.BACKUP_KEEP
        if every is None:
            self.backup_once(directory, keep)
            return
        while True:
            wait = next_backup_due(directory=directory, every_s=every * 3600)
            logger.info("next backup in %.0f s", wait)
            time.sleep(wait)
            try:
                self.backup_once(directory, keep)
            except CommandError:
                logger.exception("backup failed; the next attempt is in an hour")
                time.sleep(3600)

    def backup_once(self, directory: Path, keep: int) -> None:
        database = connections["default"].settings_dict
        try:
            record = backup_create(database=database, directory=directory, keep=keep)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{directory / record['file']}: {record['size']} bytes in {record['duration_s']} s"
            + (f"; removed {', '.join(record['removed'])}" if record["removed"] else "")
        )
