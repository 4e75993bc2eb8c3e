"""The profiles' seed facts, reproduced by their reports from seeded data."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, TestCase
from django.utils import timezone
from openpyxl import load_workbook

from frontend import reports
from leaders.models import ReportRecipient
from tests.conftest import CommittingClient


@pytest.fixture(autouse=True)
def demo_password(monkeypatch: Any) -> None:
    monkeypatch.setenv("DEMO_PASSWORD", "demo12345")


def seed(profile: str) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("seed_demo", profile=profile, verbosity=0)


def supervisor_client() -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username="supervisor"))
    return client


def test_lampungs_yearly_report_for_2021(db: None, settings: Any) -> None:
    settings.HOME_REGION = "18"
    seed("lampung")
    response = supervisor_client().get("/statistik/tahunan.xlsx?year=2021")
    book = load_workbook(io.BytesIO(response.content))
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True)}
    assert summary["Incidents"] == 212
    sectors = {r[0]: r[2] for r in book["By sector"].iter_rows(min_row=2, values_only=True)}
    assert round(100 * sectors["Health"]) == 46
    assert round(100 * sectors["Social welfare"]) == 31
    report = reports.period_report_data(start=date(2021, 1, 1), end=date(2021, 12, 31), kind="year")
    assert report["summary"]["reports"] == 212
    assert sum(r["count"] for r in report["by_channel"]) == 212
    roles = set(ReportRecipient.objects.values_list("role", flat=True))
    assert roles == {"head", "sekda", "supervisor"}
    # Twice: nothing added.
    seed("lampung")
    assert (
        reports.period_report_data(start=date(2021, 1, 1), end=date(2021, 12, 31), kind="year")[
            "summary"
        ]["incidents"]
        == 212
    )
    assert ReportRecipient.objects.count() == 3


def test_bandar_lampungs_daily_report_lists_the_complaints_waiting_for_the_mayor(
    db: None,
) -> None:
    seed("bandar-lampung")
    yesterday = timezone.localdate() - timedelta(days=1)
    report = reports.daily_report_data(day=yesterday)
    assert report["summary"]["incidents"] >= 7
    waiting = [r for r in report["awaiting_disposition"] if r["created_at"].date() <= yesterday]
    assert len(waiting) >= 3
    html = supervisor_client().get(f"/statistik/harian/?date={yesterday}").content.decode()
    assert html.count("#incident-") >= 3
    # The mayor's word, given through the supervisor: the complaint goes to its agency.
    first = waiting[0]["id"]
    client = CommittingClient()
    client.force_login(get_user_model().objects.get(username="organisasi"))
    response = client.post(
        f"/api/incidents/{first}/dispose/", {"note": "Tindak lanjuti"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["lead_agency"]["kind"] in ("pupr", "dlh", "disdukcapil")
    after = reports.daily_report_data(day=timezone.localdate())
    assert first not in [r["id"] for r in after["awaiting_disposition"]]
    assert after["summary"]["disposed"] == 1


def test_bitungs_yearly_report_has_the_compliance_of_its_eight_skpd(
    db: None, settings: Any
) -> None:
    settings.HOME_REGION = "71.72"
    seed("bitung")
    today = timezone.localdate()
    report = reports.period_report_data(
        start=today.replace(month=1, day=1), end=today.replace(month=12, day=31), kind="year"
    )
    skpd = [r for r in report["compliance"] if r["name"].endswith("Kota Bitung")]
    assert len(skpd) == 8
    late = [r for r in skpd if r["claim"]["missed"]]
    assert late and all(r["claim"]["rate"] < 100 for r in late)
    assert any(r["claim"]["rate"] == 100.0 for r in skpd)
