"""`/statistik/tahunan/`, `.pdf`, `.xlsx` (?year= or ?month=): the sector reports."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.frontend.seeding import seed

pytestmark = pytest.mark.django_db


def pdf_text(body: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def test_it_shows_the_year_by_sector(page_client: Any, city_agencies: Any) -> None:
    seed(city_agencies)
    response = page_client("supervisor").get("/statistik/tahunan/", {"year": "2026"})
    assert response.status_code == 200
    report = response.context["report"]
    assert report["kind"] == "year"
    assert report["summary"]["incidents"] == 11  # the ten of 10 March and the day before
    sectors = {r["code"]: r["count"] for r in report["summary"]["by_sector"]}
    assert sectors["health"] == 5 and sectors["social"] == 3
    html = response.content.decode()
    assert 'id="download-pdf" href="/statistik/tahunan.pdf?year=2026"' in html
    assert 'href="/statistik/tahunan.xlsx?year=2026"' in html
    assert "data:image/png;base64," in html


def test_it_shows_a_month_and_compares_it_with_the_one_before(
    page_client: Any, city_agencies: Any
) -> None:
    seed(city_agencies)
    report = page_client("dispatcher").get("/statistik/tahunan/?month=2026-03").context["report"]
    assert (str(report["start"]), str(report["end"])) == ("2026-03-01", "2026-03-31")
    assert report["previous"]["incidents"] == 0
    [dinkes] = [r for r in report["compliance"] if r["name"] == "DINKES Kota"]
    assert dinkes["incidents"] == 5


def test_the_pdf_opens_and_holds_the_totals(page_client: Any, city_agencies: Any) -> None:
    seed(city_agencies)
    response = page_client("supervisor").get("/statistik/tahunan.pdf?year=2026")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="laporan-tahunan-2026.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Yearly sector report" in text
    assert "Incidents 11" in text
    assert "Health 5 45,5%" in text


def test_the_spreadsheet_opens_and_holds_the_totals(page_client: Any, city_agencies: Any) -> None:
    seed(city_agencies)
    response = page_client("supervisor").get("/statistik/tahunan.xlsx?year=2026")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True)}
    assert summary["Incidents"] == 11
    sectors = {row[0]: (row[1], row[2]) for row in book["By sector"].iter_rows(values_only=True)}
    assert sectors["Health"] == (5, pytest.approx(0.455))
    assert book["By sector"]["C2"].number_format == "0.0%"


@pytest.mark.parametrize(
    "query",
    ["year=21", "year=1999", "year=abcd", "month=2026-13", "month=march", "month=2026"],
)
@pytest.mark.parametrize(
    "path", ["/statistik/tahunan/", "/statistik/tahunan.pdf", "/statistik/tahunan.xlsx"]
)
def test_it_refuses_a_bad_period(page_client: Any, path: str, query: str) -> None:
    response = page_client("dispatcher").get(f"{path}?{query}")
    assert response.status_code == 400
    assert "Give a" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "status"), [("damkar", 403), ("citizen", 403), ("anonymous", 302)]
)
def test_it_is_for_the_desk_only(page_client: Any, name: str, status: int) -> None:
    for path in ["/statistik/tahunan/", "/statistik/tahunan.pdf", "/statistik/tahunan.xlsx"]:
        assert page_client(name).get(path).status_code == status
