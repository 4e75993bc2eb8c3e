"""GET /api/export/incidents.csv and /api/export/reports.csv (staff only)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.utils import timezone

from dispatch.models import AuditEntry, Incident
from interop.exports import csv_safe
from tests.conftest import open_incident

pytestmark = pytest.mark.usefixtures("cast")

TODAY = timezone.localdate().isoformat()
RANGE = f"?start={TODAY}&end={TODAY}"


def rows(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_it_exports_incidents_for_a_date_range(client_for: Any) -> None:
    incident = open_incident()
    [row] = rows(client_for("dispatcher").get(f"/api/export/incidents.csv{RANGE}"))
    assert row["id"] == str(incident.pk)
    assert row["category"] == "fire"
    assert row["lat"] == "-5.42"  # a number we wrote: no apostrophe
    assert row["lead_agency"] == "DAMKAR Kota"
    empty = client_for("dispatcher").get(
        "/api/export/incidents.csv?start=2001-01-01&end=2001-01-31"
    )
    assert rows(empty) == []


def test_it_guards_against_formula_injection(client_for: Any) -> None:
    open_incident(text='=HYPERLINK("http://evil.example","klik")', phone="+6281200000001")
    incident = open_incident(text="@SUM(1+1)", lat=-5.3, lon=105.3)
    Incident.objects.filter(pk=incident.pk).update(resolution_note="-2+3+cmd|' /C calc'!A0")
    reports = rows(client_for("dispatcher").get(f"/api/export/reports.csv{RANGE}"))
    texts = sorted(r["text"] for r in reports)
    assert texts == ['\'=HYPERLINK("http://evil.example","klik")', "'@SUM(1+1)"]
    assert {r["reporter_phone"] for r in reports} == {"'+6281200000001", ""}
    incidents = rows(client_for("dispatcher").get(f"/api/export/incidents.csv{RANGE}"))
    notes = {r["resolution_note"] for r in incidents}
    assert "'-2+3+cmd|' /C calc'!A0" in notes


def test_it_prefixes_every_dangerous_start() -> None:
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert csv_safe(f"{start}1") == f"'{start}1"
    assert csv_safe("aman") == "aman"
    assert csv_safe(-5.42) == -5.42
    assert csv_safe(None) == ""


def test_it_is_for_staff_only(client_for: Any) -> None:
    open_incident()
    for who in ("anonymous", "citizen"):
        for kind in ("incidents", "reports"):
            response = client_for(who).get(f"/api/export/{kind}.csv{RANGE}")
            assert response.status_code in (401, 403)


def test_it_shows_contacts_to_the_desk_audited_and_masked_to_agencies(client_for: Any) -> None:
    open_incident(phone="+6281234567890")
    open_incident(
        category="medical", kinds=("dinkes",), lat=-5.3, lon=105.3, phone="+6281299999999"
    )
    desk = rows(client_for("dispatcher").get(f"/api/export/reports.csv{RANGE}"))
    assert {r["reporter_phone"] for r in desk} == {"'+6281234567890", "'+6281299999999"}
    assert AuditEntry.objects.filter(action="contact.viewed").count() == 1
    [own] = rows(client_for("damkar").get(f"/api/export/reports.csv{RANGE}"))
    assert own["reporter_phone"] == "'+62812****7890"
    incidents = rows(client_for("damkar").get(f"/api/export/incidents.csv{RANGE}"))
    assert [r["category"] for r in incidents] == ["fire"]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?start=2026-01-01",
        "?start=2026-01-01&end=kemarin",
        "?start=2026-02-30&end=2026-03-01",
        "?start=2026-02-01&end=2026-01-01",
        "?start=2024-01-01&end=2026-01-01",
        "?start=0001-01-01&end=0001-01-01",
        "?start=9999-12-31&end=9999-12-31",
    ],
)
def test_it_refuses_bad_ranges(client_for: Any, query: str) -> None:
    response = client_for("dispatcher").get(f"/api/export/reports.csv{query}")
    assert response.status_code == 400
    assert "errors" in response.json()
