"""`/statistik/harian.pdf?date=`: the daily report as the PDF the leaders receive."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader

from dispatch.models import Incident
from tests.frontend.seeding import seed

pytestmark = pytest.mark.django_db


def test_the_pdf_opens_and_holds_the_days_totals(page_client: Any, city_agencies: Any) -> None:
    seed(city_agencies)
    Incident.objects.filter(category="social_welfare", status="new").update(
        awaiting_disposition=True
    )
    response = page_client("supervisor").get("/statistik/harian.pdf", {"date": "2026-03-10"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="laporan-harian-2026-03-10.pdf"' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Daily report" in text and "Tuesday, 10 March 2026" in text
    assert "Incidents 10" in text
    assert "Reports received 11" in text  # the merged duplicate's call too
    assert "Dispositions given 0" in text
    # The complaints waiting for a disposition, each with the console's link.
    assert text.count("http://localhost:8000/#incident-") == 3
    # The map is in it, as a picture.
    assert sum(len(page.images) for page in reader.pages) == 1


def test_it_refuses_a_bad_date(page_client: Any) -> None:
    response = page_client("dispatcher").get("/statistik/harian.pdf?date=2026-02-30")
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "status"), [("damkar", 403), ("citizen", 403), ("anonymous", 302)]
)
def test_it_is_for_the_desk_only(page_client: Any, name: str, status: int) -> None:
    assert page_client(name).get("/statistik/harian.pdf").status_code == status
