"""/webhooks/sms/: a generic SMS gateway's signed form posts, and replies through it."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client

from dispatch.models import Report
from interop.models import InboundMessage, OutboundMessage
from tests.interop.conftest import SMS_SECRET, FakeProvider, committing, post_sms

pytestmark = pytest.mark.usefixtures("cast")


def message(message_id: str = "sms-1", sender: str = "0812-7770-0022", text: str = "") -> dict:
    return {
        "from": sender,
        "text": text or "jln rusak berlubang di depan SD",
        "message_id": message_id,
    }


def test_it_takes_an_sms_as_a_report_and_replies_through_the_gateway(
    provider: FakeProvider,
) -> None:
    response = post_sms(Client(enforce_csrf_checks=True), message())
    assert response.status_code == 200
    assert response.json() == {"received": 1, "duplicates": 0, "failed": 0}
    report = Report.objects.get()
    assert report.channel == "sms"
    assert report.reporter_phone == "+6281277700022"
    [sent] = provider.requests
    assert sent["to"] == "+6281277700022"
    assert report.tracking_code in sent["text"]
    assert sent["raw"]["client_ref"] == f"out-{OutboundMessage.objects.get().pk}"
    assert OutboundMessage.objects.get().provider_message_id == "sms-1"


def test_it_accepts_the_shared_token_instead_of_a_signature(provider: FakeProvider) -> None:
    body = urlencode(message()).encode()
    response = committing(
        Client(enforce_csrf_checks=True).post,
        "/webhooks/sms/",
        data=body,
        content_type="application/x-www-form-urlencoded",
        HTTP_X_GATEWAY_TOKEN=SMS_SECRET,
    )
    assert response.status_code == 200
    assert Report.objects.count() == 1


def test_it_refuses_bad_signatures_and_tokens(provider: FakeProvider, settings: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    body = urlencode(message()).encode()
    for headers in ({}, {"HTTP_X_GATEWAY_TOKEN": "guess"}, {"HTTP_X_SIGNATURE_256": "sha256=00"}):
        response = client.post(
            "/webhooks/sms/", data=body, content_type="application/x-www-form-urlencoded", **headers
        )
        assert response.status_code == 403
    assert post_sms(client, message(), secret="wrong").status_code == 403
    settings.SMS_GATEWAY_SECRET = ""
    assert post_sms(client, message(), secret="").status_code == 403
    empty_token = client.post(
        "/webhooks/sms/",
        data=body,
        content_type="application/x-www-form-urlencoded",
        HTTP_X_GATEWAY_TOKEN="",
    )
    assert empty_token.status_code == 403
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"text": "tanpa pengirim", "message_id": "m1"},
        {"from": "081277700022", "text": "tanpa id"},
        {"from": "081277700022", "message_id": "m1"},
        {"from": "081277700022", "text": "id panjang", "message_id": "x" * 201},
    ],
)
def test_it_answers_400_to_incomplete_messages(provider: FakeProvider, fields: dict) -> None:
    response = post_sms(Client(enforce_csrf_checks=True), fields)
    assert response.status_code == 400
    assert "error" in response.json()


def test_it_answers_400_to_a_json_body(provider: FakeProvider) -> None:
    from tests.interop.conftest import sign

    body = b'{"from": "081277700022"}'
    response = Client(enforce_csrf_checks=True).post(
        "/webhooks/sms/",
        data=body,
        content_type="application/json",
        HTTP_X_SIGNATURE_256=sign(SMS_SECRET, body),
    )
    assert response.status_code == 400


def test_it_ignores_senders_that_are_not_phone_numbers(provider: FakeProvider) -> None:
    response = post_sms(
        Client(enforce_csrf_checks=True), message(sender="TELKOMSEL", text="Promo kuota")
    )
    assert response.json() == {"received": 0, "duplicates": 0, "failed": 0}
    assert not Report.objects.exists() and not provider.requests


def test_it_does_not_duplicate_a_retried_message(provider: FakeProvider) -> None:
    client = Client(enforce_csrf_checks=True)
    post_sms(client, message())
    assert post_sms(client, message()).json() == {"received": 0, "duplicates": 1, "failed": 0}
    assert Report.objects.count() == 1
    assert InboundMessage.objects.count() == 1
    # Another provider may reuse the id: it is unique per provider only.
    assert InboundMessage._meta.constraints[0].fields == ("provider", "message_id")


def test_it_answers_an_empty_sms_without_a_report(provider: FakeProvider) -> None:
    post_sms(
        Client(enforce_csrf_checks=True),
        {"from": "081277700022", "text": "  ", "message_id": "m-empty"},
    )
    assert not Report.objects.exists()
    assert "teks" in provider.requests[-1]["text"]


def test_it_refuses_get(provider: FakeProvider) -> None:
    assert Client(enforce_csrf_checks=True).get("/webhooks/sms/").status_code == 405


def test_it_strips_a_nul_byte_instead_of_failing(provider: FakeProvider) -> None:
    # Issue 17: a signed SMS with a NUL byte answered 500 on every retry.
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    fields = message("sms-nul", text="Banjir\x00 setinggi lutut")
    response = post_sms(client, {**fields, "message_id": "sms\x00nul"})
    assert response.status_code == 200, response.content
    assert response.json() == {"received": 1, "duplicates": 0, "failed": 0}
    assert Report.objects.get().text == "Banjir setinggi lutut"
    assert InboundMessage.objects.get().message_id == "smsnul"
