"""Who is on duty and when a person's quiet hours end: the reads of the duty roster.

Times of day are local (TIME_ZONE, WIB by default): a shift from 22:00 to 06:00
crosses midnight. An empty shift means all day; empty quiet hours mean none.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from interop.models import DutyRole, DutyRoster

# The steps of every chain, in the order an alert climbs them.
CHAIN_ORDER = (DutyRole.OFFICER, DutyRole.HEAD, DutyRole.SUPERVISOR)
# Quiet hours never hold these: a threat to life or an urgent call goes out at once.
QUIET_EXEMPT = ("P1", "P2")


def chain_for(priority: str) -> list[tuple[str, int]]:
    """[(role, minutes after the alert was raised)] of a priority, in climbing order;
    [] when the priority raises no alert (ALERT_CHAIN_MINUTES)."""
    steps = settings.ALERT_CHAIN_MINUTES.get(priority) or {}
    return [
        (role, int(steps[role]))
        for role in CHAIN_ORDER
        if steps.get(role) is not None and steps.get(role) != ""
    ]


def within(moment: time, start: time | None, end: time | None) -> bool:
    """Whether a time of day falls in [start, end), a window that may cross midnight."""
    if start is None or end is None or start == end:
        return True
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


def on_duty(*, agency_id: int, role: str, now: datetime) -> list[DutyRoster]:
    """The people of a step of an agency's chain who are on duty now. A supervisor
    without an agency stands for every agency."""
    people = DutyRoster.objects.filter(role=role, on_duty=True).exclude(phone="")
    if role == DutyRole.SUPERVISOR:
        people = people.filter(Q(agency_id=agency_id) | Q(agency__isnull=True))
    else:
        people = people.filter(agency_id=agency_id)
    moment = timezone.localtime(now).time()
    return [p for p in people.order_by("pk") if within(moment, p.shift_start, p.shift_end)]


def quiet_until(person: DutyRoster, now: datetime) -> datetime | None:
    """When the person's quiet hours end, if they are in them now; else None."""
    start, end = person.quiet_start, person.quiet_end
    if start is None or end is None or start == end:
        return None
    local = timezone.localtime(now)
    if not within(local.time(), start, end):
        return None
    until = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    if until <= local:
        until += timedelta(days=1)
    return until


def roster_exists() -> bool:
    """Nobody on any roster (a deployment that does not use alerts): nothing to do."""
    return DutyRoster.objects.exists()
