"""The daily report's figures are the API's: the same day counted both ways."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

import pytest
from django.utils import timezone

from dispatch.models import Incident
from frontend import reports
from tests.conftest import open_incident

pytestmark = pytest.mark.django_db

OPENED = [
    ("fire", "P1", ("damkar",)),
    ("fire", "P2", ("damkar",)),
    ("medical", "P1", ("dinkes",)),
    ("medical", "P3", ("dinkes",)),
    ("infrastructure", "P4", ("pupr",)),
    ("social_welfare", "P3", ("dinsos",)),
]


def open_all() -> None:
    # Far apart: nearby calls of one kind would be attached as one event.
    for index, (category, priority, kinds) in enumerate(OPENED):
        open_incident(
            text="Laporan",
            category=category,
            priority=priority,
            kinds=kinds,
            lat=-5.30 - 0.03 * index,
        )


def api_incidents(client: Any) -> list[dict[str, Any]]:
    response = client.get("/api/incidents/", {"limit": 1000})
    assert response.status_code == 200
    body = response.json()
    return body["results"] if isinstance(body, dict) else body


def test_it_counts_the_day_as_the_api_does(client_for: Any, cast: Any) -> None:
    open_all()
    # A prank is cancelled: still counted (work the centre did), as the API lists it.
    prank = open_incident(text="Iseng", category="other", priority="P4", kinds=(), lat=-5.6)
    Incident.objects.filter(pk=prank.pk).update(status="cancelled", cancel_reason="prank")
    # One of the day before: in neither count of today.
    earlier = open_incident(category="fire", priority="P2", lat=-5.7)
    Incident.objects.filter(pk=earlier.pk).update(
        created_at=timezone.now() - timezone.timedelta(days=1)
    )

    today = timezone.localdate()
    report = reports.daily_report_data(day=today)
    listed = [
        i
        for i in api_incidents(client_for("supervisor"))
        if timezone.localtime(datetime.fromisoformat(i["created_at"])).date() == today
    ]
    summary = report["summary"]
    assert summary["incidents"] == len(listed) == len(OPENED) + 1
    assert {r["code"]: r["count"] for r in summary["by_category"]} == Counter(
        i["category"] for i in listed
    )
    assert {r["code"]: r["count"] for r in summary["by_priority"]} == Counter(
        i["priority"] for i in listed
    )
    assert summary["p1"] == sum(i["priority"] == "P1" for i in listed) == 2
    assert summary["pranks"] == sum(i["status"] == "cancelled" for i in listed) == 1


def test_what_is_still_open_per_agency_is_the_apis_open_list(client_for: Any, cast: Any) -> None:
    open_all()
    report = reports.daily_report_data(day=timezone.localdate())
    response = client_for("supervisor").get("/api/incidents/", {"open": "1", "limit": 1000})
    body = response.json()
    listed = body["results"] if isinstance(body, dict) else body
    by_lead = Counter((i["lead_agency"] or {}).get("name", "No agency") for i in listed)
    assert {r["name"]: r["open"] for r in report["open_by_agency"]} == by_lead
