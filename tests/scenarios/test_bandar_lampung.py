"""Lapor Call Center Kota Bandar Lampung: complaints wait for the disposition,
emergencies do not, and the mayor gets a daily report."""

from __future__ import annotations

import io
from csv import reader
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from dispatch.models import Report
from dispatch.profiles import PROFILES
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
    today = timezone.localdate()
    page = as_user("supervisor").get(f"/statistik/harian/?date={today.isoformat()}")
    assert page.status_code == 200
    assert "KTP elektronik belum jadi" in page.content.decode()
    # The seeded shift is dated back a few hours, so just after midnight some of its
    # calls belong to yesterday: each day lists exactly the reports received on it.
    listed: set[int] = set()
    for day in (today - timedelta(days=1), today):
        csv = as_user("supervisor").get(f"/statistik/harian.csv?date={day.isoformat()}")
        rows = list(reader(io.StringIO(csv.content.decode().lstrip("\ufeff"))))
        ids = {int(row[1]) for row in rows[1:] if row[0] == "report"}
        assert ids == _received_on(day)
        listed |= ids
    # The seeded shift's calls and this one (the seed adds older history too).
    texts = [call[1] for call in PROFILES["bandar-lampung"].calls]
    texts.append("KTP elektronik belum jadi sudah 3 bulan")
    shift = set(Report.objects.filter(text__in=texts).values_list("pk", flat=True))
    assert len(shift) == len(texts)
    assert shift <= listed


def _received_on(day: date) -> set[int]:
    return {
        report.pk
        for report in Report.objects.all()
        if timezone.localtime(report.received_at).date() == day
    }
