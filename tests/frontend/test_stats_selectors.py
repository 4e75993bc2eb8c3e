"""frontend.selectors statistics, checked against a data set with known figures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from frontend import selectors
from tests.frontend.seeding import DAY, NOW, seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def summary(city_agencies: Any) -> dict[str, Any]:
    seed(city_agencies)
    return selectors.stats_summary(start=DAY, end=DAY, now=NOW)


def test_it_counts_incidents_and_reports_of_the_period(summary: dict[str, Any]) -> None:
    assert summary["incidents"] == 10  # the merged duplicate and the day before are out
    assert summary["reports"] == 11  # one report each, the duplicate's included


def test_it_counts_by_category_with_shares(summary: dict[str, Any]) -> None:
    rows = {r["code"]: (r["count"], r["share"]) for r in summary["by_category"]}
    assert rows == {
        "medical": (4, 40.0),
        "social_welfare": (3, 30.0),
        "health_service": (1, 10.0),
        "fire": (1, 10.0),
        "information": (1, 10.0),
    }
    assert summary["by_category"][0]["code"] == "medical"


def test_it_counts_by_sector_like_the_leaders_report(summary: dict[str, Any]) -> None:
    rows = {r["code"]: (r["count"], r["share"]) for r in summary["by_sector"]}
    assert rows == {
        "health": (5, 50.0),
        "social": (3, 30.0),
        "fire_rescue": (1, 10.0),
        "information": (1, 10.0),
    }
    assert summary["by_sector"][0]["label"] == "Health"


def test_it_counts_by_lead_agency(summary: dict[str, Any], city_agencies: Any) -> None:
    rows = {r["label"]: r["count"] for r in summary["by_agency"]}
    assert rows == {"DINKES Kota": 5, "DINSOS Kota": 3, "DAMKAR Kota": 1, "No agency": 1}


def test_it_gives_median_times_to_claim_and_resolve(summary: dict[str, Any]) -> None:
    assert summary["median_claim_minutes"] == 6.0
    assert summary["median_resolve_minutes"] == 120.0


def test_it_measures_sla_compliance(summary: dict[str, Any]) -> None:
    assert summary["sla_claim"] == {"met": 2, "missed": 4, "pending": 1, "rate": 33.3}
    assert summary["sla_resolve"] == {"met": 2, "missed": 2, "pending": 3, "rate": 50.0}


def test_it_gives_the_prank_rate(summary: dict[str, Any]) -> None:
    assert summary["pranks"] == 1
    assert summary["prank_rate"] == 10.0


def test_it_counts_per_local_day(city_agencies: Any) -> None:
    seed(city_agencies)
    summary = selectors.stats_summary(start=DAY - timedelta(days=1), end=DAY, now=NOW)
    assert summary["by_day"] == [
        {"date": "2026-03-09", "count": 1},
        {"date": "2026-03-10", "count": 10},
    ]
    assert summary["incidents"] == 11


def test_it_answers_an_empty_period_with_no_rates(db: None) -> None:
    summary = selectors.stats_summary(start=DAY, end=DAY, now=NOW)
    assert summary["incidents"] == 0
    assert summary["median_claim_minutes"] is None
    assert summary["sla_claim"]["rate"] is None
    assert summary["prank_rate"] is None
    assert summary["by_category"] == []
