"""`/statistik/harian/?date=`: the printable daily report for leaders."""

from __future__ import annotations

from typing import Any

import pytest

from tests.frontend.seeding import seed

pytestmark = pytest.mark.django_db


def test_it_lists_the_days_reports_and_incidents(page_client: Any, city_agencies: Any) -> None:
    incidents = seed(city_agencies)
    response = page_client("supervisor").get("/statistik/harian/", {"date": "2026-03-10"})
    assert response.status_code == 200
    assert len(response.context["incidents"]) == 11  # the merged duplicate is listed here
    assert len(response.context["reports"]) == 11
    summary = response.context["summary"]
    assert summary["incidents"] == 10
    assert summary["resolved_today"] == 3
    html = response.content.decode()
    assert f"<td>{incidents[0].pk}</td>" in html
    assert "Tuesday, 10 March 2026" in html
    assert "/static/frontend/print.js" in html


def test_it_leaves_out_callers_names_and_phones(page_client: Any, city_agencies: Any) -> None:
    incident = seed(city_agencies)[0]
    report = incident.reports.first()
    report.reporter_name = "Siti Rahmawati"
    report.reporter_phone = "+6281211112222"
    report.text = "<b>tolong</b>"
    report.save()
    html = page_client("dispatcher").get("/statistik/harian/?date=2026-03-10").content.decode()
    assert "Siti" not in html and "6281211112222" not in html
    assert "&lt;b&gt;tolong&lt;/b&gt;" in html


def test_it_shows_today_without_a_date(page_client: Any) -> None:
    assert page_client("dispatcher").get("/statistik/harian/").status_code == 200


def test_it_refuses_a_bad_date(page_client: Any) -> None:
    response = page_client("dispatcher").get("/statistik/harian/?date=10-03-2026")
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("name", "status"), [("damkar", 403), ("citizen", 403), ("anonymous", 302)]
)
def test_it_is_for_the_desk_only(page_client: Any, name: str, status: int) -> None:
    assert page_client(name).get("/statistik/harian/").status_code == status
