"""Quiet hours hold a P3 alert until they end; a P1 or P2 goes out whatever the hour.
Deadline breaches alert too (the SLA watchdog's escalation)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from dispatch import services as dispatch_services
from interop import services
from interop.models import Alert
from tests.conftest import open_incident
from tests.interop.alerts_fixtures import (
    HEAD,
    OFFICER,
    alert_events,
    committed,
    later,
    roster_fixture,  # noqa: F401 (the `roster` fixture)
    wa,
)
from tests.interop.conftest import FakeProvider

pytestmark = pytest.mark.usefixtures("roster")


@pytest.fixture
def quiet_officer(roster: Any) -> Any:
    """The officer's quiet hours: from an hour ago to an hour from now."""
    local = timezone.localtime()
    officer = roster["officer"]
    officer.quiet_start = (local - timedelta(hours=1)).time()
    officer.quiet_end = (local + timedelta(hours=1)).time()
    officer.save()
    return officer


def breach_claim_deadline(priority: str) -> Any:
    """A routed incident whose claim deadline passed: the watchdog escalates it."""
    incident = open_incident(priority=priority)
    with committed():
        dispatch_services.incident_escalate(incident=incident, reason="claim_deadline_passed")
    return incident


def test_it_holds_a_p3_alert_until_quiet_hours_end(
    provider: FakeProvider, quiet_officer: Any
) -> None:
    incident = breach_claim_deadline("P3")
    alert = Alert.objects.get()
    assert (alert.reason, alert.priority) == ("claim_deadline", "P3")
    assert provider.texts_to(wa(OFFICER)) == []
    delivery = alert.deliveries.get()
    assert delivery.status == "held"
    [held] = alert_events(incident)
    assert held["recipients"] == [{"name": "Andi", "channel": "whatsapp", "held": True}]
    assert alert.next_at == delivery.held_until
    # Quiet hours over: the message goes out, and that is logged too.
    with committed():
        services.alerts_escalate_due(now=delivery.held_until)
    [text] = provider.texts_to(wa(OFFICER))
    assert text.startswith("[BATAS WAKTU KLAIM TERLEWATI]")
    assert [e["recipients"][0]["held"] for e in alert_events(incident)] == [True, False]
    # The head has no quiet hours: an hour after the alert, the P3 chain reaches them.
    with committed():
        services.alerts_escalate_due(now=later(alert.created_at, 60))
    assert len(provider.texts_to(HEAD)) == 1


def test_it_never_holds_a_p1(provider: FakeProvider, quiet_officer: Any) -> None:
    with committed():
        open_incident(priority="P1")
    assert len(provider.texts_to(wa(OFFICER))) == 1
    assert Alert.objects.get().deliveries.get().held_until is None


def test_it_never_holds_a_p2_deadline_alert(provider: FakeProvider, quiet_officer: Any) -> None:
    breach_claim_deadline("P2")
    texts = provider.texts_to(wa(OFFICER))
    # The routed alert and the deadline alert, both at once.
    assert len(texts) == 2
    assert any(t.startswith("[BATAS WAKTU KLAIM TERLEWATI]") for t in texts)


def test_it_alerts_when_the_resolve_deadline_passes(provider: FakeProvider, cast: Any) -> None:
    incident = open_incident(priority="P2")
    dispatch_services.incident_claim(incident=incident, user=cast["damkar"])
    with committed():
        dispatch_services.incident_escalate(incident=incident, reason="resolve_deadline_passed")
    alert = Alert.objects.get()
    assert (alert.reason, alert.state) == ("resolve_deadline", "open")
    [text] = provider.texts_to(wa(OFFICER))
    assert text.startswith("[BATAS WAKTU PENANGANAN TERLEWATI]")
    # Resolving it stops the chain.
    with committed():
        for status in ("en_route", "on_scene", "resolved"):
            dispatch_services.incident_set_status(
                incident=incident, user=cast["damkar"], status=status
            )
    alert.refresh_from_db()
    assert (alert.state, alert.ack_via) == ("stopped", "closed")
