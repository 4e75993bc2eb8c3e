"""Add a profile's demo units to a database whose agencies were seeded already."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dispatch.profiles import PROFILES
from units.seed import units_seed_demo


class Command(BaseCommand):
    help = "Create a profile's demo units (idempotent); seed_demo does this too."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--profile", default=settings.PROFILE, choices=sorted(PROFILES))

    def handle(self, *args: Any, profile: str, **options: Any) -> None:
        try:
            units = units_seed_demo(profile=profile)
        except ValueError as exc:
            raise CommandError(f"{exc} (run seed_demo --profile {profile} first)") from exc
        self.stdout.write(f"{PROFILES[profile].title}: {len(units)} units")
