"""Call Center Pemerintah Provinsi Lampung: aspirations and complaints as well as
emergencies, forwarded to provincial OPD and, by region, to kabupaten/kota."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client, TestCase

from dispatch.models import Report
from tests.interop.conftest import post_whatsapp, wa_text, whatsapp_payload
from tests.scenarios.conftest import as_user, report

pytestmark = pytest.mark.django_db


def test_it_routes_a_whatsapp_plea_for_bpjs_help_to_dinsos_and_dinkes(
    seed: Any, provider: Any
) -> None:
    seed("lampung")
    text = (
        "Assalamualaikum, bapak saya pasien miskin di RS tidak punya BPJS, "
        "mohon bantuan biaya pengobatan"
    )
    body = whatsapp_payload(wa_text("wamid.lampung1", "6281234500001", text))
    # Through the WhatsApp Cloud API webhook, as the 0811-790-5000 line receives it.
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert post_whatsapp(Client(), body).status_code == 200
    report = Report.objects.get(channel="whatsapp", reporter_phone="+6281234500001")
    incident = report.incident
    assert incident.category == "social_welfare"
    detail = as_user("dinsos").get(f"/api/incidents/{incident.pk}/").json()
    kinds = [a["kind"] for a in detail["agencies"]]
    assert kinds[0] == "dinsos"
    assert "dinkes" in kinds
    assert incident.lead_agency.name == "Dinas Sosial Provinsi Lampung"
    # The sender got the tracking code back.
    assert any(report.tracking_code in sent["text"] for sent in provider.requests)


def test_it_forwards_a_road_complaint_in_pesawaran_to_that_kabupaten(seed: Any) -> None:
    seed("lampung")
    incident = report(
        {
            "channel": "sms",
            "text": "jln rusak parah berlubang di desa kami, sdh lama tdk diperbaiki",
            "address": "Desa Bernung, Kec. Gedong Tataan, Kab. Pesawaran",
        }
    )
    assert incident.region_code.startswith("18.09")
    assert incident.lead_agency.name == "Dinas PUPR Kabupaten Pesawaran"
    # The kabupaten's own staff see it on their board.
    body = as_user("pupr-pesawaran").get("/api/incidents/").json()
    assert incident.pk in [i["id"] for i in body["results"]]


def test_it_shows_the_yearly_shares_by_sector(seed: Any) -> None:
    seed("lampung")
    for text in [
        "Pasien miskin butuh bantuan BPJS",
        "Anak saya demam tinggi kejang, tolong ambulans",
        "Keluhan pelayanan puskesmas sangat lambat",
        "Gelandangan tidur di depan toko, mohon dibina dinas sosial",
    ]:
        report({"text": text, "channel": "whatsapp"})
    year = date.today().year
    body = as_user("supervisor").get(f"/api/stats/?from={year}-01-01&to={year}-12-31").json()
    shares = {row["code"]: row["share"] for row in body["by_sector"]}
    assert shares["health"] > 0 and shares["social"] > 0
    assert abs(sum(shares.values()) - 100) < 0.5
    page = as_user("supervisor").get(f"/statistik/?from={year}-01-01&to={year}-12-31")
    assert page.status_code == 200
    assert (
        f"{shares['health']}".replace(".", ",") in page.content.decode()
        or str(shares["health"]) in page.content.decode()
    )
