"""The reply outbox: a provider outage delays replies, never loses a report."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from dispatch.models import Report
from interop import services
from interop.models import InboundMessage, OutboundMessage
from interop.tasks import outbound_retry_due
from tests.interop.conftest import (
    FakeProvider,
    committing,
    post_sms,
    post_whatsapp,
    wa_text,
    whatsapp_payload,
)

pytestmark = pytest.mark.usefixtures("cast")


def later(minutes: int) -> Any:
    return timezone.now() + timedelta(minutes=minutes)


def test_it_keeps_the_report_and_retries_the_reply(
    provider: FakeProvider, caplog: pytest.LogCaptureFixture
) -> None:
    provider.fail = True
    body = whatsapp_payload(wa_text("wamid.F1", "6281277700033", "Kebakaran ruko"))
    assert post_whatsapp(Client(enforce_csrf_checks=True), body).status_code == 200
    report = Report.objects.get()
    assert report.incident is not None
    outbound = OutboundMessage.objects.get()
    assert (outbound.status, outbound.attempts) == ("failed", 1)
    assert "503" in outbound.last_error
    assert any("failed (attempt 1)" in r.getMessage() for r in caplog.records)
    # The provider is back: the sweep sends it.
    provider.fail = False
    with committing_sweep():
        assert services.outbound_retry_due(now=later(5)) == [outbound.pk]
    outbound.refresh_from_db()
    assert (outbound.status, outbound.attempts) == ("sent", 2)
    assert report.tracking_code in provider.requests[0]["text"]
    # Sent once: a second sweep has nothing to do.
    assert services.outbound_retry_due(now=later(10)) == []


def committing_sweep() -> Any:
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_it_waits_before_retrying_and_stops_after_the_last_attempt(
    provider: FakeProvider, settings: Any
) -> None:
    settings.OUTBOUND_MAX_ATTEMPTS = 2
    provider.fail = True
    post_sms(
        Client(enforce_csrf_checks=True),
        {"from": "081277700044", "text": "Banjir", "message_id": "m-1"},
    )
    outbound = OutboundMessage.objects.get()
    # Too soon after the failure: not yet.
    assert services.outbound_retry_due(now=timezone.now()) == []
    services.outbound_retry_due(now=later(5))
    outbound.refresh_from_db()
    assert (outbound.status, outbound.attempts) == ("failed", 2)
    assert services.outbound_retry_due(now=later(60)) == []
    assert services.outbound_send(outbound_id=outbound.pk) == "skipped"


def test_it_picks_up_replies_left_pending_or_stuck(provider: FakeProvider) -> None:
    inbound = InboundMessage.objects.create(
        provider="sms", message_id="m-x", sender="+6281277700055", kind="report"
    )
    pending = OutboundMessage.objects.create(
        provider="sms", to=inbound.sender, text="a", inbound=inbound
    )
    stuck = OutboundMessage.objects.create(
        provider="sms", to=inbound.sender, text="b", status="sending"
    )
    OutboundMessage.objects.filter(pk=stuck.pk).update(
        updated_at=timezone.now() - timedelta(hours=1)
    )
    # The stuck one (a worker died while sending) goes again at once...
    assert outbound_retry_due.apply().get() == 1
    assert OutboundMessage.objects.get(pk=stuck.pk).status == "sent"
    # ...a fresh pending one waits for its own task a little, then the sweep sends it.
    assert services.outbound_retry_due(now=later(15)) == [pending.pk]
    assert OutboundMessage.objects.filter(status="sent").count() == 2
    assert [r["text"] for r in provider.requests] == ["b", "a"]


def test_it_fails_cleanly_when_the_provider_is_not_configured(settings: Any) -> None:
    settings.WHATSAPP_TOKEN = ""
    outbound = committing(
        services.outbound_enqueue, provider="whatsapp", to="+6281277700066", text="halo"
    )
    outbound.refresh_from_db()
    assert outbound.status == "failed"
    assert "not configured" in outbound.last_error


def test_it_forgets_senders_after_the_retention_period(provider: FakeProvider) -> None:
    post_sms(
        Client(enforce_csrf_checks=True),
        {"from": "081277700077", "text": "Banjir", "message_id": "m-old"},
    )
    old = timezone.now() - timedelta(days=400)
    InboundMessage.objects.update(received_at=old)
    OutboundMessage.objects.update(created_at=old)
    assert services.messages_anonymize_old(older_than_days=365) == 2
    assert InboundMessage.objects.get().sender == ""
    assert OutboundMessage.objects.get().to == ""
