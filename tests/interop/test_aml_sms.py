"""An AML SMS (ETSI TS 103 625) through the SMS webhook: a position, never a report."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from calls.models import Call, HandsetLocation
from dispatch.models import Report
from interop.models import InboundMessage
from tests.calls.conftest import sms_text
from tests.interop.conftest import (
    FakeProvider,
    post_sms,
    post_whatsapp,
    wa_text,
    whatsapp_payload,
)

pytestmark = pytest.mark.usefixtures("cast")


def aml_sms(text: str, message_id: str = "aml-1") -> dict[str, str]:
    return {"from": "0812-7770-0044", "text": text, "message_id": message_id}


def test_it_keeps_the_position_and_attaches_it_to_the_call(provider: FakeProvider) -> None:
    call = Call.objects.create(call_id="pbx-9", caller="+6281277700044", started_at=timezone.now())
    response = post_sms(Client(enforce_csrf_checks=True), aml_sms(sms_text()))
    assert response.status_code == 200
    fix = HandsetLocation.objects.get()
    assert (fix.lat, fix.lon, fix.accuracy_m, fix.channel) == (-5.42917, 105.26111, 20.0, "sms")
    assert fix.call == call
    assert not Report.objects.exists()
    assert provider.requests == []  # the handset sent it unseen: no reply
    assert InboundMessage.objects.get().outcome == "aml_position"


def test_it_keeps_a_refused_one_with_its_reason(provider: FakeProvider) -> None:
    post_sms(Client(enforce_csrf_checks=True), aml_sms(sms_text(**{'A"ML': "2"})))
    row = InboundMessage.objects.get()
    assert row.outcome == "failed"
    # Messages are handled in Bahasa Indonesia (interop.services.message_receive).
    assert "versi 2 tidak didukung" in row.error
    assert not HandsetLocation.objects.exists() and not Report.objects.exists()


def test_it_keeps_a_handset_without_a_fix(provider: FakeProvider) -> None:
    text = sms_text(lt="+00.00000", lg="+000.00000", rd="N", pm="N", lc="0")
    post_sms(Client(enforce_csrf_checks=True), aml_sms(text))
    assert InboundMessage.objects.get().outcome == "aml_no_position"
    assert HandsetLocation.objects.get().lat is None


def test_it_reads_aml_from_sms_only(provider: FakeProvider) -> None:
    # A WhatsApp text is typed by a person: an AML-looking one is a report like any.
    body = whatsapp_payload(wa_text("wamid.AML", "6281277700044", sms_text()))
    assert post_whatsapp(Client(enforce_csrf_checks=True), body).status_code == 200
    assert not HandsetLocation.objects.exists()
    assert Report.objects.get().channel == "whatsapp"
