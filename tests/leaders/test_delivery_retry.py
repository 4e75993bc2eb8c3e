"""A delivery that fails (the mail server down) is recorded, shown to supervisors,
and retried with back-off by the sweep until it is delivered."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client, TestCase
from django.utils import timezone

from leaders import services
from leaders.models import ReportDelivery
from tests.servers import wait_until

pytestmark = pytest.mark.usefixtures("cast")


def committing(call: Any, **kwargs: Any) -> Any:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return call(**kwargs)


def test_it_records_the_failure_and_delivers_on_a_later_attempt(
    smtp: Any, recipients: Any, cast: Any
) -> None:
    recipients[1].delete()
    day = timezone.localdate() - timedelta(days=1)
    # The mail server is down: the first attempt fails.
    [delivery_id] = committing(services.daily_report_deliver, day=day)
    delivery = ReportDelivery.objects.get(pk=delivery_id)
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert "Connection refused" in delivery.last_error or "refused" in delivery.last_error.lower()
    assert delivery.next_attempt_at > timezone.now()

    # Visible to supervisors.
    client = Client()
    client.force_login(cast["supervisor"])
    html = client.get("/statistik/pengiriman/").content.decode()
    assert 'class="state-failed"' in html and "Kantor Wali Kota" in html

    # Too soon: the back-off holds it.
    assert committing(services.deliveries_retry_due, now=timezone.now()) == []
    # The server is back; after the back-off the sweep sends it.
    smtp.start()
    later = timezone.now() + services.delivery_backoff(1) + timedelta(seconds=1)
    assert committing(services.deliveries_retry_due, now=later) == [delivery_id]
    assert wait_until(lambda: len(smtp.messages) == 1, timeout=10)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 2)
    assert delivery.delivered_at is not None and delivery.last_error == ""
    assert 'class="state-delivered"' in client.get("/statistik/pengiriman/").content.decode()


def test_it_stops_after_the_last_attempt(smtp: Any, recipients: Any, settings: Any) -> None:
    settings.REPORT_DELIVERY_MAX_ATTEMPTS = 2
    recipients[1].delete()
    day = timezone.localdate() - timedelta(days=1)
    [delivery_id] = committing(services.daily_report_deliver, day=day)
    far = timezone.now() + timedelta(hours=3)
    assert committing(services.deliveries_retry_due, now=far) == [delivery_id]
    assert ReportDelivery.objects.get(pk=delivery_id).attempts == 2
    assert committing(services.deliveries_retry_due, now=far + timedelta(hours=3)) == []
    assert services.delivery_send(delivery_id=delivery_id) == "skipped"


def test_the_backoff_grows_to_an_hour() -> None:
    assert [services.delivery_backoff(n).total_seconds() / 60 for n in (1, 2, 3, 8)] == [
        1,
        2,
        4,
        60,
    ]
