"""`manage.py seed_demo`: agencies, users and sample incidents, harmless twice."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from dispatch import selectors
from dispatch.models import Agency, Incident, Report, Staff
from dispatch.profiles import PROFILES

KINDS = [
    "bpbd",
    "satpolpp",
    "dinkes",
    "damkar",
    "dishub",
    "dinsos",
    "dlh",
    "dp3a",
    "polri",
    "pupr",
    "disdukcapil",
    "pln",
    "pdam",
    "basarnas",
]


# The leaders' reports add history of their own to the demo (leaders/seed.py: past
# years, yesterday), flagged so; the tests here are about the live sample and shift.
HISTORY = "demo_history"


def live_incidents() -> list[Incident]:
    return [i for i in Incident.objects.all() if HISTORY not in i.flags]


def live_reports() -> Any:
    history = [i.pk for i in Incident.objects.all() if HISTORY in i.flags]
    return Report.objects.exclude(incident__in=history)


def seed() -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("seed_demo", verbosity=0)


@pytest.fixture(autouse=True)
def demo_password(monkeypatch: Any) -> None:
    # Tests run with DEBUG off, where seeding asks for an explicit demo password.
    monkeypatch.setenv("DEMO_PASSWORD", "demo12345")


@pytest.mark.django_db
def test_it_refuses_without_a_demo_password_when_debug_is_off(monkeypatch: Any) -> None:
    from django.core.management.base import CommandError

    monkeypatch.delenv("DEMO_PASSWORD")
    with pytest.raises(CommandError):
        call_command("seed_demo", verbosity=0)
    assert not Agency.objects.exists()


@pytest.mark.django_db
def test_it_creates_agencies_users_and_incidents() -> None:
    seed()
    assert set(Agency.objects.values_list("kind", flat=True)) == set(KINDS)
    users = get_user_model().objects
    for name in ["dispatcher", "supervisor", *KINDS]:
        assert users.get(username=name).check_password("demo12345")
    assert Staff.objects.get(user__username="damkar").agency.jurisdiction == ["18.71"]
    assert live_reports().count() == 12
    assert live_reports().filter(state="processed").count() == 12
    assert len(live_incidents()) >= 10


@pytest.mark.django_db
def test_it_is_harmless_twice() -> None:
    seed()
    counts = (Agency.objects.count(), Staff.objects.count(), Report.objects.count())
    seed()
    assert (Agency.objects.count(), Staff.objects.count(), Report.objects.count()) == counts


def seed_profile(profile: str) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("seed_demo", profile=profile, verbosity=0)


@pytest.mark.django_db
@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_it_dates_every_profile_back_with_nothing_overdue(profile: str) -> None:
    seed_profile(profile)
    now = timezone.now()
    live = [i.pk for i in live_incidents()]
    assert len(selectors.incidents_overdue(now=now).filter(pk__in=live)) <= 1
    assert not selectors.stale_claims(now=now).exists()  # the watchdog releases nothing
    incidents = live_incidents()
    assert {i.status for i in incidents} != {"new"}
    # In the past, each event after the one before, the first report when it opened.
    for incident in incidents:
        times = list(incident.events.order_by("pk").values_list("created_at", flat=True))
        assert times == sorted(times) and times[0] == incident.created_at
        assert max(times) <= now
        assert incident.reports.order_by("pk").first().received_at == incident.created_at


@pytest.mark.django_db
def test_it_starts_make_run_on_a_shift_under_way() -> None:
    seed_profile("bandar-lampung")
    now = timezone.now()
    incidents = live_incidents()
    live = [i.pk for i in incidents]
    assert selectors.incidents_overdue(now=now).filter(pk__in=live).count() == 0
    # Five minutes on, only the P1 that has just come in is late, if nobody claims it.
    later = list(selectors.incidents_overdue(now=now + timedelta(minutes=5)).filter(pk__in=live))
    assert [i.priority for i in later] == ["P1"]
    statuses = Counter(i.status for i in incidents)
    assert 1 <= statuses["new"] <= len(incidents) // 4 + 1
    assert statuses["resolved"] >= 2
    assert {"claimed", "en_route", "on_scene"} <= set(statuses)
    ages = sorted((now - i.created_at).total_seconds() / 3600 for i in incidents)
    assert ages[0] < 0.1 and 3 <= ages[-1] <= 5  # spread over the last hours
