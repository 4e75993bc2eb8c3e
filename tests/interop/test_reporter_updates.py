"""Reporter updates: an SMS reporter hears through the outbox (a fake SMS gateway on
loopback) when their incident is claimed and resolved, rates it with a reply, and
the rating shows in the statistics."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from dispatch.models import EventType, IncidentEvent, Report
from interop.models import InboundMessage, OutboundMessage
from tests.interop.conftest import FakeProvider, post_sms

pytestmark = pytest.mark.usefixtures("cast")

SENDER, PHONE = "0812-7770-0066", "+6281277700066"


def sms(message_id: str, text: str) -> dict[str, str]:
    return {"from": SENDER, "text": text, "message_id": message_id}


def reported(provider: FakeProvider) -> Report:
    text = "Kebakaran rumah di Jl. Kartini Tanjung Karang, api besar"
    post_sms(Client(enforce_csrf_checks=True), sms("in-1", text))
    report = Report.objects.get()
    assert report.incident is not None and report.incident.lead_agency is not None
    return report


def act(client_for: Any, report: Report, action: str, **data: Any) -> None:
    lead = report.incident.lead_agency.kind
    response = client_for(lead).post(
        f"/api/incidents/{report.incident_id}/{action}/", data, format="json"
    )
    assert response.status_code == 200, response.content


def test_it_tells_the_reporter_of_the_claim_and_the_resolution(
    provider: FakeProvider, client_for: Any
) -> None:
    report = reported(provider)
    act(client_for, report, "claim")
    claimed = provider.texts_to(PHONE)[-1]
    assert f"Laporan Anda {report.tracking_code} sedang ditangani oleh" in claimed
    assert report.incident.lead_agency.name in claimed
    act(client_for, report, "status", status="en_route")
    act(client_for, report, "status", status="on_scene")
    assert len(provider.texts_to(PHONE)) == 2  # the receipt and the claim only
    act(client_for, report, "status", status="resolved", note="Api padam")
    resolved = provider.texts_to(PHONE)[-1]
    assert "telah selesai ditangani" in resolved and "Balas dengan angka 1" in resolved
    events = IncidentEvent.objects.filter(type=EventType.REPORTER_NOTIFIED).order_by("pk")
    assert [e.data["stage"] for e in events] == ["claimed", "resolved"]
    assert all(e.data["report_ids"] == [report.pk] for e in events)
    assert {m.status for m in OutboundMessage.objects.all()} == {"sent"}


def test_it_records_a_rating_reply_and_shows_it_in_the_statistics(
    provider: FakeProvider, client_for: Any, cast: Any
) -> None:
    report = reported(provider)
    act(client_for, report, "claim")
    act(client_for, report, "status", status="resolved")
    assert post_sms(Client(enforce_csrf_checks=True), sms("in-2", " 4 ")).status_code == 200
    report.refresh_from_db()
    assert report.rating == 4 and Report.objects.count() == 1
    assert InboundMessage.objects.get(message_id="in-2").outcome == "rated"
    assert "Terima kasih atas penilaian Anda (4/5)" in provider.texts_to(PHONE)[-1]
    rated = IncidentEvent.objects.get(type=EventType.REPORTER_RATED)
    assert rated.data == {"report_id": report.pk, "rating": 4, "via": "sms"} | {
        k: rated.data[k] for k in ("incident", "agency_ids")
    }
    # A second "5" is rated no more: it is a report of its own words.
    post_sms(Client(enforce_csrf_checks=True), sms("in-3", "5"))
    report.refresh_from_db()
    assert report.rating == 4
    browser = Client()
    browser.force_login(cast["supervisor"])
    page = browser.get("/statistik/")
    satisfaction = page.context["summary"]["satisfaction"]
    agency = report.incident.lead_agency
    assert satisfaction["count"] == 1 and satisfaction["average"] == 4
    assert satisfaction["by_agency"] == [
        {"code": agency.pk, "label": agency.name, "count": 1, "average": 4}
    ]
    assert satisfaction["by_category"][0]["count"] == 1
    assert '<strong id="satisfaction-average">4' in page.content.decode()


def test_it_takes_a_number_as_a_report_when_nothing_waits_for_a_rating(
    provider: FakeProvider,
) -> None:
    post_sms(Client(enforce_csrf_checks=True), sms("in-9", "3"))
    assert InboundMessage.objects.get().kind == "report"
    assert Report.objects.get().text == "3"
