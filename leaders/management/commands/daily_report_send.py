"""`python manage.py daily_report_send [--date YYYY-MM-DD]`: the morning run by hand.

Makes the day's deliveries (yesterday by default) to every active recipient, as
beat does at DAILY_REPORT_HOUR, and sends them; a delivery made already is not
made again. Refused unless the deployment opted in (DAILY_REPORT_SEND)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from leaders import services


class Command(BaseCommand):
    help = "Send the daily report of a day (yesterday by default) to its recipients."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--date", dest="day", default="", help="YYYY-MM-DD (default: yesterday)"
        )

    def handle(self, *args: Any, day: str, **options: Any) -> None:
        if not settings.DAILY_REPORT_SEND:
            raise CommandError("Sending is off: set DAILY_REPORT_SEND=1 to send reports.")
        chosen = _day(day)
        with transaction.atomic():
            created = services.daily_report_deliver(day=chosen)
        self.stdout.write(f"{len(created)} deliveries of the report of {chosen} made")


def _day(raw: str) -> date:
    if not raw:
        return timezone.localdate() - timedelta(days=1)
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise CommandError("Give the date as YYYY-MM-DD.") from exc
