"""The morning run: yesterday's report to each recipient, by email with the PDF (a
fake SMTP server on loopback) and as a WhatsApp summary (the outbox's fake provider)."""

from __future__ import annotations

import io
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.test import TestCase
from django.utils import timezone
from pypdf import PdfReader

from dispatch.models import Incident
from interop.models import OutboundMessage
from leaders import services
from leaders.models import ReportDelivery
from tests.conftest import open_incident
from tests.servers import wait_until

pytestmark = pytest.mark.usefixtures("cast")


def local(day_offset: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=day_offset)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def yesterdays_incident() -> Incident:
    incident = open_incident(text="Kebakaran gudang", category="fire", priority="P1")
    Incident.objects.filter(pk=incident.pk).update(created_at=local(-1, 10))
    return incident


def run_morning(now: datetime) -> list[int]:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.daily_report_due(now=now)


def test_it_mails_the_pdf_and_sends_the_summary_at_the_hour(
    smtp: Any, provider: Any, recipients: Any
) -> None:
    yesterdays_incident()
    smtp.start()
    # Before the hour: nothing yet.
    assert run_morning(local(0, 6)) == []
    created = run_morning(local(0, 7))
    assert len(created) == 3  # two emails, one WhatsApp summary
    assert wait_until(lambda: len(smtp.messages) == 2, timeout=10)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    by_to = {m["X-Envelope-To"]: m for m in smtp.messages}
    message = by_to["walikota@kota.example"]
    assert yesterday in message["Subject"]
    [attachment] = [p for p in message.walk() if p.get_content_type() == "application/pdf"]
    assert attachment.get_filename() == f"laporan-harian-{yesterday}.pdf"
    pdf = PdfReader(io.BytesIO(attachment.get_payload(decode=True)))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Incidents 1" in text and "P1 emergencies 1" in text
    [summary] = provider.texts_to("6281277700055")
    assert "Incidents: 1 (P1: 1)" in summary
    deliveries = ReportDelivery.objects.order_by("channel", "recipient_name")
    assert [(d.channel, d.status) for d in deliveries] == [
        ("email", "delivered"),
        ("email", "delivered"),
        ("whatsapp", "queued"),
    ]
    whatsapp = deliveries[2]
    assert OutboundMessage.objects.get(pk=whatsapp.outbound_id).status == "sent"
    # A second run the same morning (or a second scheduler) sends nothing again.
    assert run_morning(local(0, 9)) == []
    assert len(smtp.messages) == 2


def test_nothing_goes_out_unless_the_deployment_opts_in(
    smtp: Any, recipients: Any, settings: Any
) -> None:
    settings.DAILY_REPORT_SEND = False
    smtp.start()
    assert run_morning(local(0, 8)) == []
    assert ReportDelivery.objects.count() == 0


def test_an_inactive_recipient_gets_nothing(smtp: Any, recipients: Any) -> None:
    recipients[1].active = False
    recipients[1].save()
    smtp.start()
    assert len(run_morning(local(0, 8))) == 1
    assert wait_until(lambda: len(smtp.messages) == 1, timeout=10)


def test_beat_looks_for_the_morning_run_and_the_retries(settings: Any) -> None:
    from django.utils.module_loading import import_string

    from dispatch.management.schedule import InProcessBeat

    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["daily-report"]["task"] == "leaders.tasks.daily_report_due"
    assert (
        schedule["report-deliveries-retry"]["task"] == "leaders.tasks.report_deliveries_retry_due"
    )
    # The embedded scheduler of `make run` takes them as they are (intervals).
    beat = InProcessBeat(schedule)
    assert beat.entries["daily-report"][1] <= 600
    settings.DAILY_REPORT_SEND = False
    assert import_string(schedule["daily-report"]["task"])() == 0
