"""WhatsApp photos and voice notes: fetched from the Cloud API (a fake one on
loopback speaking its media protocol) and put on the sender's incident."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client, TestCase
from django.utils import timezone

from dispatch.models import Report, ReportMedia
from interop import services
from interop.models import InboundMessage, OutboundMessage
from tests.interop.conftest import (
    FakeProvider,
    post_whatsapp,
    wa_media,
    wa_text,
    whatsapp_payload,
)
from tests.mediafiles import gps_of, jpeg_with_gps, media_root, ogg_opus  # noqa: F401

pytestmark = pytest.mark.usefixtures("cast", "media_root")

SENDER = "6281277700055"


def test_it_puts_a_whatsapp_photo_on_the_incident(provider: FakeProvider, client_for: Any) -> None:
    provider.media["1044221"] = (jpeg_with_gps(), "image/jpeg")
    client = Client(enforce_csrf_checks=True)
    text = wa_text("wamid.T1", SENDER, "Kebakaran ruko di Jl. Kartini Tanjung Karang")
    assert post_whatsapp(client, whatsapp_payload(text)).status_code == 200
    body = whatsapp_payload(wa_media("wamid.P1", SENDER, "1044221", caption="apinya besar"))
    assert post_whatsapp(client, body).status_code == 200
    assert provider.downloads == ["1044221"]
    report = Report.objects.get()
    media = ReportMedia.objects.get(report=report)
    assert (media.source, media.kind) == ("whatsapp", "image")
    assert InboundMessage.objects.get(message_id="wamid.P1").outcome == "media_stored"
    assert any(f"laporan {report.tracking_code}" in t for t in provider.texts_to(SENDER))
    # It appears on the incident, stripped for those who may not see the original.
    assert report.incident is not None
    lead = report.incident.lead_agency.kind
    listed = client_for(lead).get(f"/api/incidents/{report.incident_id}/").json()["media"]
    assert len(listed) == 1 and listed[0]["original_url"] is None
    thumb = client_for(lead).get(listed[0]["thumbnail_url"])
    assert gps_of(b"".join(thumb.streaming_content)) == {}


def test_it_makes_a_report_of_a_photo_alone_and_takes_a_voice_note(
    provider: FakeProvider,
) -> None:
    provider.media["77001"] = (jpeg_with_gps(), "image/jpeg")
    provider.media["77002"] = (ogg_opus(), "audio/ogg")
    client = Client(enforce_csrf_checks=True)
    photo = wa_media("wamid.P2", SENDER, "77001", caption="Pohon tumbang menutup jalan")
    post_whatsapp(client, whatsapp_payload(photo))
    post_whatsapp(client, whatsapp_payload(wa_media("wamid.V1", SENDER, "77002", kind="audio")))
    report = Report.objects.get()
    assert report.text == "Pohon tumbang menutup jalan"
    kinds = sorted(m.kind for m in ReportMedia.objects.filter(report=report))
    assert kinds == ["audio", "image"]
    assert report.tracking_code in provider.texts_to(SENDER)[0]


def test_it_refuses_a_file_that_is_not_a_photo_and_says_so(provider: FakeProvider) -> None:
    provider.media["88001"] = (b"<html>not a photo</html>" * 20, "image/jpeg")
    post_whatsapp(
        Client(enforce_csrf_checks=True),
        whatsapp_payload(wa_media("wamid.P3", SENDER, "88001", caption="Banjir")),
    )
    row = InboundMessage.objects.get(message_id="wamid.P3")
    assert row.outcome == "media_refused" and "not a photo" in row.error
    assert not ReportMedia.objects.exists()
    assert Report.objects.count() == 1  # the words still make a report
    assert any("tidak dapat kami terima" in m.text for m in OutboundMessage.objects.all())


def test_it_keeps_the_message_when_the_provider_is_down(provider: FakeProvider) -> None:
    provider.media["99001"] = (jpeg_with_gps(), "image/jpeg")
    provider.fail = True
    post_whatsapp(
        Client(enforce_csrf_checks=True),
        whatsapp_payload(wa_media("wamid.P4", SENDER, "99001", caption="Kecelakaan")),
    )
    row = InboundMessage.objects.get(message_id="wamid.P4")
    assert row.outcome == "media_received" and "503" in row.error
    provider.fail = False
    # The sweep (beat, with the outbox's) fetches it once the provider is back.
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert services.inbound_media_retry_due(now=timezone.now()) == []  # too soon
        later = timezone.now() + timedelta(minutes=5)
        assert services.inbound_media_retry_due(now=later) == [row.pk]
    row.refresh_from_db()
    assert row.outcome == "media_stored"
    assert ReportMedia.objects.count() == 1
    assert services.inbound_media_retry_due(now=later) == []
