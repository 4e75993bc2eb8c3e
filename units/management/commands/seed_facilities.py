"""Add a profile's demo facilities (the console's map layers) to a database."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dispatch.profiles import PROFILES
from units.facilities import facilities_seed_demo


class Command(BaseCommand):
    help = "Create a profile's demo stations and hospitals (idempotent); seed_demo does too."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--profile", default=settings.PROFILE, choices=sorted(PROFILES))

    def handle(self, *args: Any, profile: str, **options: Any) -> None:
        try:
            facilities = facilities_seed_demo(profile=profile)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{PROFILES[profile].title}: {len(facilities)} facilities")
