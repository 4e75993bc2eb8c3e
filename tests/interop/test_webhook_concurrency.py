"""Concurrent deliveries of one message (a provider retrying at once) make one report."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from dispatch.models import Report
from interop.models import InboundMessage, OutboundMessage
from tests.interop.conftest import WA_SECRET, FakeProvider, sign, wa_text, whatsapp_payload

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_it_makes_one_report_of_concurrent_retries(
    provider: FakeProvider, cast: dict[str, Any]
) -> None:
    body = whatsapp_payload(wa_text("wamid.SAME", "6281277700088", "Kebakaran gudang"))
    barrier = threading.Barrier(5)
    answers: list[dict[str, int]] = []

    def deliver() -> None:
        try:
            barrier.wait()
            response = Client().post(
                "/webhooks/whatsapp/",
                data=body,
                content_type="application/json",
                HTTP_X_HUB_SIGNATURE_256=sign(WA_SECRET, body),
            )
            answers.append(response.json())
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(a["received"] for a in answers) == [0, 0, 0, 0, 1]
    assert Report.objects.count() == 1
    assert InboundMessage.objects.count() == 1
    assert OutboundMessage.objects.count() == 1
    assert len(provider.requests) == 1
