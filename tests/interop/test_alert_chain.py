"""Alerts to people: a P1 routed to Damkar reaches its duty officer through the real
outbox (a fake provider on loopback), climbs to the head and the supervisor while
nobody acts, and stops when someone acknowledges or claims."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from django.utils.module_loading import import_string

from dispatch import services as dispatch_services
from dispatch.models import EventType
from interop import services
from interop.models import Alert, OutboundMessage
from tests.conftest import open_incident
from tests.interop.alerts_fixtures import (
    HEAD,
    OFFICER,
    SUPERVISOR,
    alert_events,
    committed,
    later,
    roster_fixture,  # noqa: F401 (the `roster` fixture)
    wa,
)
from tests.interop.conftest import FakeProvider

pytestmark = pytest.mark.usefixtures("roster")


def open_p1() -> Any:
    with committed():
        return open_incident(priority="P1")


def test_it_messages_the_officer_on_duty_when_a_p1_is_routed(provider: FakeProvider) -> None:
    incident = open_p1()
    [text] = provider.texts_to(wa(OFFICER))
    assert text.startswith("[PERINGATAN 112]")
    assert f"#{incident.pk}" in text and "P1" in text and f"SIAP {incident.pk}" in text
    assert provider.texts_to(HEAD) == [] and provider.texts_to(wa(SUPERVISOR)) == []
    alert = Alert.objects.get()
    assert (alert.reason, alert.state, alert.level) == ("routed", "open", 0)
    assert alert.deliveries.get().outbound.status == "sent"
    [sent] = alert_events(incident)
    assert sent["role"] == "officer"
    assert sent["recipients"] == [{"name": "Andi", "channel": "whatsapp", "held": False}]
    assert OFFICER not in str(sent)  # no phone numbers in the log


def test_it_climbs_to_the_head_then_the_supervisor(provider: FakeProvider) -> None:
    incident = open_p1()
    alert = Alert.objects.get()
    with committed():
        services.alerts_escalate_due(now=later(alert.created_at, 2.9))
    assert provider.texts_to(HEAD) == []
    with committed():
        services.alerts_escalate_due(now=later(alert.created_at, 3))
    [text] = provider.texts_to(HEAD)
    assert "Belum ditanggapi petugas jaga" in text
    assert provider.texts_to(wa(SUPERVISOR)) == []
    with committed():
        services.alerts_escalate_due(now=later(alert.created_at, 6))
    assert len(provider.texts_to(wa(SUPERVISOR))) == 1
    # Sent once each: the next runs have nothing to send.
    with committed():
        services.alerts_escalate_due(now=later(alert.created_at, 30))
    assert len(provider.requests) == 3
    assert [e["role"] for e in alert_events(incident)] == ["officer", "head", "supervisor"]


def test_it_stops_climbing_once_acknowledged(provider: FakeProvider, cast: Any) -> None:
    incident = open_p1()
    alert = Alert.objects.get()
    services.alert_acknowledge(alert=alert, user=cast["damkar"], now=later(alert.created_at, 1))
    with committed():
        services.alerts_escalate_due(now=later(alert.created_at, 10))
    assert provider.texts_to(HEAD) == [] and provider.texts_to(wa(SUPERVISOR)) == []
    alert.refresh_from_db()
    assert (alert.state, alert.ack_via, alert.acknowledged_by) == (
        "acknowledged",
        "board",
        cast["damkar"],
    )
    [acked] = alert_events(incident, EventType.ALERT_ACKNOWLEDGED)
    assert (acked["via"], acked["by"], acked["alert"]["state"]) == (
        "board",
        "damkar",
        "acknowledged",
    )


def test_it_stops_climbing_when_the_incident_is_claimed(provider: FakeProvider, cast: Any) -> None:
    incident = open_p1()
    with committed():
        dispatch_services.incident_claim(incident=incident, user=cast["damkar"])
    alert = Alert.objects.get()
    assert (alert.state, alert.ack_via) == ("stopped", "claim")
    with committed():
        services.alerts_escalate_due(now=later(alert.created_at, 10))
    assert provider.texts_to(HEAD) == []
    [stopped] = alert_events(incident, EventType.ALERT_ACKNOWLEDGED)
    assert stopped["via"] == "claim"


def test_it_hands_on_at_once_when_nobody_is_on_duty(provider: FakeProvider, roster: Any) -> None:
    roster["officer"].on_duty = False
    roster["officer"].save()
    open_p1()
    # No officer: the head hears of it at once rather than after three minutes.
    assert len(provider.texts_to(HEAD)) == 1
    assert provider.texts_to(wa(OFFICER)) == []


def test_it_keeps_to_the_shift_of_the_roster(provider: FakeProvider, roster: Any) -> None:
    local = timezone.localtime()
    officer = roster["officer"]
    # A shift that ended an hour ago (and starts again in ten hours).
    officer.shift_start = (local - timezone.timedelta(hours=14)).time()
    officer.shift_end = (local - timezone.timedelta(hours=1)).time()
    officer.save()
    open_p1()
    assert provider.texts_to(wa(OFFICER)) == []


def test_it_does_not_alert_for_a_p3_routed(provider: FakeProvider) -> None:
    with committed():
        open_incident(priority="P3")
    assert Alert.objects.count() == 0 and provider.requests == []


def test_it_raises_an_alert_the_hook_missed_at_the_next_sweep(provider: FakeProvider) -> None:
    incident = open_incident(priority="P1")  # never committed: the hook did not run
    assert Alert.objects.count() == 0
    with committed():
        services.alerts_escalate_due(now=timezone.now())
    assert Alert.objects.get().incident == incident
    assert len(provider.texts_to(wa(OFFICER))) == 1


def test_it_keeps_the_alert_in_the_outbox_while_the_provider_is_down(
    provider: FakeProvider,
) -> None:
    provider.fail = True
    open_p1()
    outbound = OutboundMessage.objects.get(to=OFFICER)
    assert (outbound.status, outbound.attempts) == ("failed", 1)
    provider.fail = False
    with committed():
        services.outbound_retry_due(now=later(timezone.now(), 5))
    outbound.refresh_from_db()
    assert outbound.status == "sent"
    assert len(provider.texts_to(wa(OFFICER))) == 1


def test_it_runs_on_beat_and_in_the_embedded_scheduler(
    provider: FakeProvider, settings: Any
) -> None:
    # Celery beat and `make run`'s in-process scheduler both run CELERY_BEAT_SCHEDULE.
    entry = settings.CELERY_BEAT_SCHEDULE["alerts-escalate"]
    assert entry["schedule"] <= 30
    open_incident(priority="P1")  # not committed: only the scheduled job can alert
    with committed():
        assert import_string(entry["task"])() == 1
    assert len(provider.texts_to(wa(OFFICER))) == 1


def test_it_follows_the_incident_to_its_new_agency(
    provider: FakeProvider, cast: Any, city_agencies: Any
) -> None:
    incident = open_p1()
    with committed():
        dispatch_services.incident_assign(
            incident=incident, user=cast["dispatcher"], agency=city_agencies["dinkes"]
        )
    damkar, dinkes = (
        Alert.objects.get(agency=city_agencies[kind]) for kind in ("damkar", "dinkes")
    )
    assert (damkar.state, damkar.ack_via) == ("stopped", "reassigned")
    # Dinkes has nobody on the roster: the call centre's supervisor hears of it at once.
    assert (dinkes.state, dinkes.level) == ("open", 2)
    [text] = provider.texts_to(wa(SUPERVISOR))
    assert "Untuk DINKES Kota" in text


def test_it_starts_again_when_the_claim_is_released(provider: FakeProvider, cast: Any) -> None:
    incident = open_p1()
    with committed():
        dispatch_services.incident_claim(incident=incident, user=cast["damkar"])
    with committed():
        dispatch_services.incident_release(incident=incident, user=cast["damkar"])
    alert = Alert.objects.get()
    assert (alert.state, alert.level, alert.ack_via) == ("open", 0, "")
    assert len(provider.texts_to(wa(OFFICER))) == 2
    events = alert_events(incident) + alert_events(incident, EventType.ALERT_ACKNOWLEDGED)
    assert len(events) == 3  # sent, stopped by the claim, sent again
