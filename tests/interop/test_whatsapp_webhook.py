"""/webhooks/whatsapp/: the Cloud API handshake, signed notifications, replies."""

from __future__ import annotations

import json
import secrets
from typing import Any

import pytest
from django.test import Client

from dispatch import services
from dispatch.models import Incident, IncidentEvent, Report
from interop.models import InboundMessage, OutboundMessage
from tests.conftest import open_incident
from tests.interop.conftest import (
    WA_SECRET,
    WA_VERIFY,
    FakeProvider,
    post_whatsapp,
    sign,
    wa_location,
    wa_text,
    whatsapp_payload,
)

pytestmark = pytest.mark.usefixtures("cast")

SENDER = "6281277700011"


def test_it_answers_the_verification_handshake(provider: FakeProvider) -> None:
    client = Client(enforce_csrf_checks=True)
    ok = client.get(
        "/webhooks/whatsapp/",
        {"hub.mode": "subscribe", "hub.verify_token": WA_VERIFY, "hub.challenge": "1158201444"},
    )
    assert ok.status_code == 200
    assert ok.content == b"1158201444"
    assert ok["Content-Type"].startswith("text/plain")
    wrong = client.get(
        "/webhooks/whatsapp/",
        {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"},
    )
    assert wrong.status_code == 403
    assert client.get("/webhooks/whatsapp/").status_code == 400
    script = client.get(
        "/webhooks/whatsapp/",
        {"hub.mode": "subscribe", "hub.verify_token": WA_VERIFY, "hub.challenge": "<script>"},
    )
    assert script.status_code == 400


def test_it_refuses_the_handshake_when_not_configured(settings: Any) -> None:
    settings.WHATSAPP_VERIFY_TOKEN = ""
    response = Client(enforce_csrf_checks=True).get(
        "/webhooks/whatsapp/",
        {"hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1"},
    )
    assert response.status_code == 403


def test_it_refuses_bad_signatures(provider: FakeProvider, settings: Any) -> None:
    body = whatsapp_payload(wa_text("wamid.A1", SENDER, "Kebakaran"))
    client = Client(enforce_csrf_checks=True)
    unsigned = client.post("/webhooks/whatsapp/", data=body, content_type="application/json")
    assert unsigned.status_code == 403
    assert post_whatsapp(client, body, secret="not-the-secret").status_code == 403
    tampered = client.post(
        "/webhooks/whatsapp/",
        data=body.replace(b"Kebakaran", b"Kebakaran besar"),
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=sign(WA_SECRET, body),
    )
    assert tampered.status_code == 403
    settings.WHATSAPP_APP_SECRET = ""
    assert post_whatsapp(client, body, secret="").status_code == 403
    assert not Report.objects.exists() and not InboundMessage.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        json.dumps({"object": "page", "entry": []}).encode(),
        json.dumps({"object": "whatsapp_business_account", "entry": "x"}).encode(),
        json.dumps({"object": "whatsapp_business_account", "entry": [{"changes": [1]}]}).encode(),
        b"\xff\xfe",
        b"[" * 5000 + b"]" * 5000,
    ],
)
def test_it_answers_400_to_malformed_signed_bodies(provider: FakeProvider, body: bytes) -> None:
    response = post_whatsapp(Client(enforce_csrf_checks=True), body)
    assert response.status_code == 400
    assert "error" in response.json()


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ({"from": SENDER, "type": "text", "text": {"body": "no id"}}, "id"),
        ({"id": "wamid.X", "from": "+62 812", "type": "text", "text": {}}, "sender"),
        ({"id": "wamid.X", "from": "\u00b2", "type": "text", "text": {}}, "sender"),
        ({"id": "wamid.X", "from": SENDER, "type": "text", "text": {"b": 1}}, "text.body"),
        (
            {"id": "wamid.X", "from": SENDER, "type": "location", "location": {"latitude": 99}},
            "lat",
        ),
    ],
)
def test_it_keeps_an_unreadable_message_of_a_signed_body_as_failed(
    provider: FakeProvider, message: dict[str, Any], error: str
) -> None:
    body = whatsapp_payload(message)
    response = post_whatsapp(Client(enforce_csrf_checks=True), body)
    assert response.status_code == 200
    assert response.json() == {"received": 0, "duplicates": 0, "failed": 1}
    kept = InboundMessage.objects.get()
    assert (kept.kind, kept.outcome) == ("invalid", "failed") and error in kept.error
    assert not Report.objects.exists()


def test_it_takes_a_text_as_a_report_and_replies_with_the_tracking_code(
    provider: FakeProvider,
) -> None:
    body = whatsapp_payload(wa_text("wamid.A1", SENDER, "Kebakaran rumah di Jl. Hayam Wuruk"))
    response = post_whatsapp(Client(enforce_csrf_checks=True), body)
    assert response.status_code == 200
    assert response.json() == {"received": 1, "duplicates": 0, "failed": 0}
    report = Report.objects.get()
    assert report.channel == "whatsapp"
    assert report.reporter_phone == f"+{SENDER}"
    assert report.reporter_name == "Budi Santoso"
    assert report.incident is not None  # triage ran after commit
    [sent] = provider.requests
    assert sent["to"] == SENDER  # the Cloud API takes digits without '+'
    assert report.tracking_code in sent["text"]
    assert f"/lacak/{report.tracking_code}/" in sent["text"]
    outbound = OutboundMessage.objects.get()
    assert outbound.status == "sent"
    assert outbound.provider_message_id == "wamid.OUT1"
    inbound = InboundMessage.objects.get()
    assert (inbound.kind, inbound.outcome, inbound.report_id) == (
        "report",
        "report_created",
        report.pk,
    )


def test_it_does_not_duplicate_a_retried_delivery(provider: FakeProvider) -> None:
    body = whatsapp_payload(wa_text("wamid.A1", SENDER, "Kebakaran rumah"))
    client = Client(enforce_csrf_checks=True)
    assert post_whatsapp(client, body).json() == {"received": 1, "duplicates": 0, "failed": 0}
    assert post_whatsapp(client, body).json() == {"received": 0, "duplicates": 1, "failed": 0}
    assert Report.objects.count() == 1
    assert len(provider.requests) == 1


def test_it_ignores_delivery_statuses(provider: FakeProvider) -> None:
    statuses = [{"id": "wamid.OUT1", "status": "delivered", "recipient_id": SENDER}]
    response = post_whatsapp(Client(enforce_csrf_checks=True), whatsapp_payload(statuses=statuses))
    assert response.json() == {"received": 0, "duplicates": 0, "failed": 0}
    assert not InboundMessage.objects.exists()


def test_it_attaches_a_shared_location_to_the_senders_report(provider: FakeProvider) -> None:
    client = Client(enforce_csrf_checks=True)
    post_whatsapp(client, whatsapp_payload(wa_text("wamid.A1", SENDER, "Tolong ada kebakaran")))
    report = Report.objects.get()
    post_whatsapp(client, whatsapp_payload(wa_location("wamid.A2", SENDER, -5.3871, 105.2581)))
    incident = Incident.objects.get(pk=report.incident_id)
    assert (incident.lat, incident.lon) == (-5.3871, 105.2581)
    located = IncidentEvent.objects.get(incident=incident, type="incident.located")
    assert located.actor is None
    assert located.system_actor == "messages"
    assert Report.objects.count() == 1
    assert InboundMessage.objects.get(message_id="wamid.A2").outcome == "location_attached"
    assert report.tracking_code in provider.requests[-1]["text"]


def test_it_puts_a_location_on_a_report_waiting_for_triage(provider: FakeProvider) -> None:
    report = Report.objects.create(
        text="Kebakaran", channel="whatsapp", reporter_phone=f"+{SENDER}"
    )  # not triaged yet (a busy worker)
    post_whatsapp(
        Client(enforce_csrf_checks=True),
        whatsapp_payload(wa_location("wamid.P1", SENDER, -5.3871, 105.2581)),
    )
    report.refresh_from_db()
    assert (report.lat, report.lon) == (-5.3871, 105.2581)
    assert report.incident_id is None
    assert InboundMessage.objects.get().outcome == "location_attached"


def test_it_leaves_an_incident_placed_by_other_callers_where_it_is(
    provider: FakeProvider,
) -> None:
    incident = open_incident(lat=-5.42, lon=105.26)
    report = Report.objects.create(
        text="Kebakaran juga", channel="whatsapp", reporter_phone=f"+{SENDER}"
    )
    services.incident_attach_report(incident=incident, report=report, reason="test")
    post_whatsapp(
        Client(enforce_csrf_checks=True),
        whatsapp_payload(wa_location("wamid.P2", SENDER, -5.3871, 105.2581)),
    )
    incident.refresh_from_db()
    assert (incident.lat, incident.lon) == (-5.42, 105.26)
    message = InboundMessage.objects.get()
    assert (message.outcome, message.lat, message.lon) == ("location_noted", -5.3871, 105.2581)


def test_it_takes_a_location_on_its_own_as_a_report(provider: FakeProvider) -> None:
    post_whatsapp(
        Client(enforce_csrf_checks=True),
        whatsapp_payload(wa_location("wamid.L1", SENDER, -5.3871, 105.2581)),
    )
    report = Report.objects.get()
    assert (report.lat, report.lon) == (-5.3871, 105.2581)
    assert "Jl. Melati" in report.text
    assert "jelaskan apa yang terjadi" in provider.requests[-1]["text"]


def test_it_answers_unsupported_messages_without_a_report(provider: FakeProvider) -> None:
    # Photos and voice notes are taken (test_whatsapp_media.py); a video is not.
    video = {"from": SENDER, "id": "wamid.I1", "type": "video", "video": {"id": "123"}}
    assert (
        post_whatsapp(Client(enforce_csrf_checks=True), whatsapp_payload(video)).status_code == 200
    )
    assert not Report.objects.exists()
    assert "teks" in provider.requests[-1]["text"]


def test_it_limits_reports_per_phone_like_the_public_form(
    provider: FakeProvider, settings: Any
) -> None:
    settings.PUBLIC_REPORT_PHONE_RATE = "1/h"
    client = Client(enforce_csrf_checks=True)
    # A number of its own per run: the counters live in the shared cache (Redis in CI).
    sender = f"62813{secrets.randbelow(10**8):08d}"
    post_whatsapp(client, whatsapp_payload(wa_text("wamid.R1", sender, "Kebakaran rumah")))
    post_whatsapp(client, whatsapp_payload(wa_text("wamid.R2", sender, "Kebakaran lagi")))
    assert Report.objects.count() == 1
    assert InboundMessage.objects.get(message_id="wamid.R2").outcome == "rate_limited"
    assert "Terlalu banyak" in provider.requests[-1]["text"]


def test_it_refuses_other_methods(provider: FakeProvider) -> None:
    assert Client(enforce_csrf_checks=True).put("/webhooks/whatsapp/").status_code == 405


def test_it_processes_every_message_of_a_batch_despite_a_nul_byte(
    provider: FakeProvider,
) -> None:
    # Issue 17: a NUL byte answered 500 on every retry; the drowning after it was lost.
    body = whatsapp_payload(
        wa_text("wamid.B1", SENDER, "Pohon tumbang menutup jalan"),
        wa_text("wamid.B2", "6281277700012", "Kebakaran\x00 gudang \ud83d"),
        wa_text("wamid.B3", "6281277700013", "Anak tenggelam di sungai, tolong"),
    )
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = post_whatsapp(client, body)
    assert response.status_code == 200, response.content
    assert response.json() == {"received": 3, "duplicates": 0, "failed": 0}
    texts = set(Report.objects.values_list("text", flat=True))
    assert "Kebakaran gudang \ufffd" in texts or "Kebakaran gudang ?" in texts
    assert "Anak tenggelam di sungai, tolong" in texts
    assert post_whatsapp(client, body).json() == {"received": 0, "duplicates": 3, "failed": 0}


def test_it_keeps_a_message_it_cannot_handle_as_failed_and_goes_on(
    provider: FakeProvider, monkeypatch: Any
) -> None:
    from interop import services as interop_services

    handle = interop_services._handle

    def poisoned(message: Any, kind: str, site_url: str) -> Any:
        if "racun" in message.text:
            raise RuntimeError("poisoned message")
        return handle(message, kind, site_url)

    monkeypatch.setattr(interop_services, "_handle", poisoned)
    body = whatsapp_payload(
        wa_text("wamid.C1", SENDER, "Jalan berlubang"),
        wa_text("wamid.C2", "6281277700012", "racun"),
        {"id": "wamid.C3", "from": SENDER, "type": "text", "text": {"b": 1}},
        wa_text("wamid.C4", "6281277700013", "Anak tenggelam di sungai, tolong"),
    )
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = post_whatsapp(client, body)
    assert response.status_code == 200, response.content
    assert response.json() == {"received": 2, "duplicates": 0, "failed": 2}
    assert Report.objects.filter(text__startswith="Anak tenggelam").exists()
    failed = InboundMessage.objects.get(message_id="wamid.C2")
    assert failed.outcome == "failed" and "poisoned message" in failed.error
    assert failed.text == "racun"  # kept, so a dispatcher can read it
    unreadable = InboundMessage.objects.get(message_id="wamid.C3")
    assert unreadable.outcome == "failed" and "text.body" in unreadable.error
    # The provider's retry of the whole batch is answered, not failed again.
    assert post_whatsapp(client, body).json() == {"received": 0, "duplicates": 4, "failed": 0}
