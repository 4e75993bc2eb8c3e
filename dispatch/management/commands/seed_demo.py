"""Demo data of a deployment profile (dispatch/profiles.py). Safe to run twice."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from dispatch import services
from dispatch.management.shift import shift_play
from dispatch.models import Agency, Incident, Report, ReportState, Staff, StaffRole, Status
from dispatch.profiles import PROFILES, Profile
from dispatch.routing import covers
from dispatch.signals import demo_finished, demo_seeded

# The demo desk's phone extensions: a call the PBX answers at 201 pops the intake on
# the demo dispatcher's console (docs/TELEPHONY.md).
DEMO_EXTENSIONS = {"dispatcher": "201", "supervisor": "202"}


class Command(BaseCommand):
    help = "Create a profile's agencies, users and sample calls (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--profile",
            default=settings.PROFILE,
            choices=sorted(PROFILES),
            help="deployment profile (default: the PROFILE setting, bandar-lampung)",
        )

    def handle(self, *args: Any, profile: str, **options: Any) -> None:
        if not settings.DEBUG and "DEMO_PASSWORD" not in os.environ:
            # The default password is for demos only: never on a production install.
            raise CommandError("DEBUG is off: set DEMO_PASSWORD to seed demo users.")
        chosen = PROFILES[profile]
        with transaction.atomic():
            agencies = self._agencies(chosen)
            users = self._users(chosen, agencies)
            demo_seeded.send(sender=self.__class__, profile=chosen.name)
        self.stdout.write(f"{chosen.title}: {len(agencies)} agencies, {len(users)} users")
        if Report.objects.exists():
            self.stdout.write("reports exist already: sample reports not added again")
        else:
            self._calls(chosen)
        # After the sample calls (which are skipped once any report exists): apps
        # with history of their own add it now (the leaders' reports' past figures).
        demo_finished.send(sender=self.__class__, profile=chosen.name)

    def _calls(self, chosen: Profile) -> None:
        reports = []
        for channel, text, address, lat, lon, phone in chosen.calls:
            report = services.report_submit(
                text=text,
                channel=channel,
                address=address,
                lat=lat,
                lon=lon,
                reporter_phone=f"+62{phone[1:]}" if phone else "",
            )
            reports.append(_triaged(report))
        self.stdout.write(f"{len(chosen.calls)} sample reports submitted")
        # A shift under way: some handled, some on the way, a few waiting (shift.py).
        opened = Incident.objects.filter(reports__in=reports).distinct().order_by("pk")
        plans = shift_play(incidents=list(opened))
        waiting = sum(plan.status == Status.NEW for plan in plans)
        self.stdout.write(f"{len(plans)} incidents over the last hours, {waiting} waiting")

    def _agencies(self, profile: Profile) -> list[Agency]:
        agencies = []
        for kind, name, jurisdiction, contact in profile.agencies:
            agency, _ = Agency.objects.update_or_create(
                name=name,
                defaults={"kind": kind, "jurisdiction": jurisdiction, "contact": contact},
            )
            agencies.append(agency)
        return agencies

    def _users(self, profile: Profile, agencies: list[Agency]) -> list[Any]:
        cast: list[tuple[str, str, Agency | None]] = [
            ("dispatcher", StaffRole.DISPATCHER, None),
            ("supervisor", StaffRole.SUPERVISOR, None),
            # The phone system's account: call events and handset locations
            # (docs/TELEPHONY.md). It signs in for a token, like any integration.
            ("pbx", StaffRole.PBX, None),
        ]
        # One user per agency kind, named by it, in the agency closest to home.
        for kind in dict.fromkeys(a.kind for a in agencies):
            cast.append((kind, StaffRole.AGENCY, _home_agency(agencies, kind, profile)))
        by_name = {a.name: a for a in agencies}
        cast += [(name, role, by_name.get(agency)) for name, role, agency in profile.users]
        users = [_user("admin", superuser=True)]
        for username, role, agency in cast:
            user = _user(username)
            defaults: dict[str, Any] = {"role": role, "agency": agency}
            if username in DEMO_EXTENSIONS:
                defaults["extension"] = DEMO_EXTENSIONS[username]
            Staff.objects.update_or_create(user=user, defaults=defaults)
            users.append(user)
        return users


def _triaged(report: Report) -> Report:
    """Triaged now, in this process: with Redis the worker may not run yet, and the
    shift needs the incidents. The task queued for it then finds the work done."""
    report.refresh_from_db()
    if report.state != ReportState.PROCESSED:
        services.report_process(report_id=report.pk)
    return report


def _home_agency(agencies: list[Agency], kind: str, profile: Profile) -> Agency:
    """The agency of a kind that covers the home region most specifically; where none
    covers all of it (no provincial fire brigade), the first one inside it."""
    home = profile.home_region
    of_kind = [a for a in agencies if a.kind == kind]
    covering = [
        (max(len(p.split(".")) for p in a.jurisdiction if covers(p, home)), a)
        for a in of_kind
        if any(covers(p, home) for p in a.jurisdiction)
    ]
    if covering:
        return max(covering, key=lambda pair: pair[0])[1]
    return of_kind[0]


def _user(username: str, *, superuser: bool = False) -> Any:
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"is_staff": superuser, "is_superuser": superuser}
    )
    if created:
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
    return user
