"""The demo duty roster: seeded with the demo, harmless twice, and alerted on the
demo's own P1 calls."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import TestCase

from dispatch.models import EventType, IncidentEvent
from interop.models import Alert, DutyRole, DutyRoster


@pytest.fixture(autouse=True)
def demo_password(monkeypatch: Any) -> None:
    monkeypatch.setenv("DEMO_PASSWORD", "demo12345")


def seed() -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("seed_demo", verbosity=0)


def test_it_seeds_an_officer_and_a_head_per_demo_agency_and_one_supervisor(db: None) -> None:
    seed()
    damkar = DutyRoster.objects.get(role=DutyRole.OFFICER, user__username="damkar")
    assert damkar.agency.kind == "damkar" and damkar.on_duty and damkar.phone.startswith("+62")
    assert DutyRoster.objects.filter(agency=damkar.agency, role=DutyRole.HEAD).count() == 1
    supervisor = DutyRoster.objects.get(role=DutyRole.SUPERVISOR)
    assert supervisor.agency is None and supervisor.user.username == "supervisor"
    officers = DutyRoster.objects.filter(role=DutyRole.OFFICER).select_related("agency", "user")
    assert len(officers) > 1
    assert all(r.user.username == r.agency.kind for r in officers)
    count = DutyRoster.objects.count()
    seed()
    assert DutyRoster.objects.count() == count


def test_it_alerts_the_demo_officers_of_the_demo_p1_calls(db: None) -> None:
    seed()
    alerts = Alert.objects.filter(reason="routed")
    assert alerts.exists()
    assert set(alerts.values_list("priority", flat=True)) <= {"P1", "P2"}
    assert IncidentEvent.objects.filter(type=EventType.ALERT_SENT).exists()
