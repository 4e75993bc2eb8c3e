"""`SIAP <kejadian> <PIN>`: acknowledging an alert by replying to it, with the PIN
staff commands need (a sender's number can be forged)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from dispatch.models import EventType, Report, Staff
from interop.messaging.commands import parse
from interop.models import Alert
from interop.services import staff_pin_set
from tests.conftest import open_incident
from tests.interop.alerts_fixtures import (
    OFFICER,
    alert_events,
    committed,
    roster_fixture,  # noqa: F401 (the `roster` fixture)
)
from tests.interop.conftest import FakeProvider, post_sms

PIN = "482913"


@pytest.fixture
def officer_pin(cast: dict[str, Any], roster: Any) -> None:
    Staff.objects.filter(user=cast["damkar"]).update(phone=OFFICER)
    staff_pin_set(staff=Staff.objects.get(user=cast["damkar"]), pin=PIN)


def reply(provider: FakeProvider, text: str, number: int) -> str:
    fields = {"from": OFFICER, "text": text, "message_id": f"ack-{number}"}
    assert post_sms(Client(enforce_csrf_checks=True), fields).status_code == 200
    return provider.requests[-1]["text"]


@pytest.fixture
def alert(provider: FakeProvider, officer_pin: None) -> Alert:
    with committed():
        open_incident(priority="P1")
    return Alert.objects.get()


def test_it_acknowledges_with_the_right_pin(
    provider: FakeProvider, alert: Alert, cast: Any
) -> None:
    answer = reply(provider, f"SIAP {alert.incident_id} {PIN}", 1)
    assert answer.startswith(f"Peringatan kejadian #{alert.incident_id} dikonfirmasi")
    alert.refresh_from_db()
    assert (alert.state, alert.ack_via, alert.acknowledged_by) == (
        "acknowledged",
        "reply",
        cast["damkar"],
    )
    [acked] = alert_events(alert.incident, EventType.ALERT_ACKNOWLEDGED)
    assert acked["via"] == "reply"


def test_it_refuses_a_wrong_pin(provider: FakeProvider, alert: Alert) -> None:
    assert reply(provider, f"siap {alert.incident_id} 111111", 1).startswith("PIN salah")
    alert.refresh_from_db()
    assert alert.state == "open"


def test_it_says_when_there_is_no_alert_for_the_sender(
    provider: FakeProvider, alert: Alert
) -> None:
    other = open_incident(priority="P3", lat=-5.1, lon=105.1)
    answer = reply(provider, f"SIAP {other.pk} {PIN}", 1)
    assert answer.startswith("Tidak ada peringatan terbuka")
    alert.refresh_from_db()
    assert alert.state == "open"


def test_it_takes_siap_in_a_sentence_for_a_report() -> None:
    # "Siap" is an everyday word: without an incident code it is no command.
    assert parse("Siap pak, ada banjir di Way Halim") is None
    assert parse("SIAP 12 482913").action == "SIAP"


def test_it_keeps_a_report_that_starts_with_siap(provider: FakeProvider, officer_pin: None) -> None:
    fields = {"from": "+6285211112222", "text": "Siap pak ada banjir", "message_id": "r-1"}
    post_sms(Client(enforce_csrf_checks=True), fields)
    assert Report.objects.filter(text="Siap pak ada banjir").exists()
