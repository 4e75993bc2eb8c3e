"""`manage.py seed_demo`: agencies, users and sample incidents, harmless twice."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase

from dispatch.models import Agency, Incident, Report, Staff

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
    assert Report.objects.count() == 12
    assert Report.objects.filter(state="processed").count() == 12
    assert Incident.objects.count() >= 10


@pytest.mark.django_db
def test_it_is_harmless_twice() -> None:
    seed()
    counts = (Agency.objects.count(), Staff.objects.count(), Report.objects.count())
    seed()
    assert (Agency.objects.count(), Staff.objects.count(), Report.objects.count()) == counts
