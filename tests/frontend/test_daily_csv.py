"""`/statistik/harian.csv?date=`: the day's reports and incidents as CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from frontend.selectors import CSV_HEADER
from tests.frontend.seeding import seed

pytestmark = pytest.mark.django_db


def rows_of(response: Any) -> list[dict[str, str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_it_lists_reports_then_incidents(page_client: Any, city_agencies: Any) -> None:
    incidents = seed(city_agencies)
    response = page_client("supervisor").get("/statistik/harian.csv?date=2026-03-10")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="laporan-harian-2026-03-10.csv"'
    assert response.content.startswith("\ufeff".encode())  # spreadsheets read it as UTF-8
    rows = rows_of(response)
    assert list(rows[0]) == list(CSV_HEADER)
    kinds = [r["record"] for r in rows]
    assert kinds == ["report"] * 11 + ["incident"] * 11
    first = next(r for r in rows if r["record"] == "incident" and r["id"] == str(incidents[0].pk))
    assert first["category"] == "medical"
    assert first["status"] == "resolved"
    assert first["lead_agency"] == "DINKES Kota"
    assert first["claimed_at"] == "2026-03-10T10:02:00+07:00"
    prank = next(r for r in rows if r["record"] == "incident" and r["id"] == str(incidents[8].pk))
    assert prank["cancel_reason"] == "prank"


def test_it_defuses_formulas_in_what_people_wrote(page_client: Any, city_agencies: Any) -> None:
    report = seed(city_agencies)[0].reports.first()
    report.text = '=HYPERLINK("http://evil.example","klik")'
    report.address = "+62 Jl. Sudirman"
    report.save()
    rows = rows_of(page_client("supervisor").get("/statistik/harian.csv?date=2026-03-10"))
    row = next(r for r in rows if r["record"] == "report" and r["id"] == str(report.pk))
    assert row["text"] == '\'=HYPERLINK("http://evil.example","klik")'
    assert row["address"] == "'+62 Jl. Sudirman"
    assert row["lat"] == ""  # a number is not a formula: left as it is


def test_it_has_no_callers_names_or_phones(page_client: Any, city_agencies: Any) -> None:
    report = seed(city_agencies)[0].reports.first()
    report.reporter_name = "Siti Rahmawati"
    report.reporter_phone = "+6281211112222"
    report.save()
    text = page_client("supervisor").get("/statistik/harian.csv?date=2026-03-10").content.decode()
    assert "Siti" not in text and "6281211112222" not in text


def test_it_refuses_a_bad_date_and_other_roles(page_client: Any) -> None:
    assert page_client("dispatcher").get("/statistik/harian.csv?date=x").status_code == 400
    assert page_client("damkar").get("/statistik/harian.csv").status_code == 403
    assert page_client("anonymous").get("/statistik/harian.csv").status_code == 302
