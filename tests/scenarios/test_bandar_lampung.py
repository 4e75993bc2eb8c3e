"""Lapor Call Center Kota Bandar Lampung: complaints wait for the disposition,
emergencies do not, and the mayor gets a daily report."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from tests.scenarios.conftest import as_user, report

pytestmark = pytest.mark.django_db


def test_it_holds_complaints_for_the_disposition_but_not_emergencies(seed: Any) -> None:
    seed("bandar-lampung")
    complaint = report(
        {
            "text": "Jalan berlubang di depan sekolah sudah sebulan",
            "channel": "sms",
            "address": "Jl. Pramuka, Kemiling",
        }
    )
    assert complaint.priority in ("P3", "P4")
    assert complaint.awaiting_disposition
    assert complaint.lead_agency is None
    pupr_board = as_user("pupr").get("/api/incidents/").json()["results"]
    assert complaint.pk not in [i["id"] for i in pupr_board]

    fire = report(
        {
            "text": "Kebakaran rumah, ada orang terjebak!",
            "channel": "phone",
            "lat": -5.4186,
            "lon": 105.2701,
        }
    )
    assert fire.priority == "P1"
    assert not fire.awaiting_disposition
    assert fire.lead_agency.kind == "damkar"

    # The Bagian Organisasi gives the mayor's disposition: now PUPR gets it.
    response = as_user("organisasi").post(
        f"/api/incidents/{complaint.pk}/dispose/", {"note": "Disposisi Walikota"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["lead_agency"]["kind"] == "pupr"
    pupr_board = as_user("pupr").get("/api/incidents/").json()["results"]
    assert complaint.pk in [i["id"] for i in pupr_board]


def test_it_lists_the_days_reports_in_the_daily_report(seed: Any) -> None:
    seed("bandar-lampung")
    report({"text": "KTP elektronik belum jadi sudah 3 bulan", "channel": "phone"})
    today = timezone.localdate().isoformat()
    page = as_user("supervisor").get(f"/statistik/harian/?date={today}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "KTP elektronik belum jadi" in text
    csv = as_user("supervisor").get(f"/statistik/harian.csv?date={today}").content.decode()
    assert "KTP elektronik belum jadi" in csv
    assert csv.count("\n") >= 13  # the 12 seeded calls and this one
