"""Triage's cost in queries: constant, whatever the number of candidates or agencies.

The worker triages every report; a query per candidate incident or a
get_or_create per routed agency made it slower as the city got busier.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dispatch import services
from dispatch.models import Assignment, Incident, IncidentEvent, Report
from dispatch.tasks import report_triage_task
from geo import services as geo_services
from tests.conftest import assessed_as, located_at, open_incident

pytestmark = pytest.mark.django_db


def triage_queries(report: Report) -> int:
    with CaptureQueriesContext(connection) as queries:
        report_triage_task.apply(args=(report.pk,))
    return len(queries.captured_queries)


def new_report(text: str, lat: float = -5.42, lon: float = 105.26) -> Report:
    return Report.objects.create(text=text, channel="phone", lat=lat, lon=lon)


def test_duplicate_matching_takes_the_same_queries_for_one_or_many_candidates(
    cast: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The landmark index is read once and then checked once a second: not counted here.
    monkeypatch.setattr(geo_services, "PLACES_CHECK_S", 3600.0)
    geo_services.landmark_index()
    # Fires 1 km away: candidates (smoke is seen from far), but not the same event.
    open_incident(lat=-5.4290, lon=105.2600)
    first = new_report("Kebakaran rumah", lat=-5.4200)
    few = triage_queries(first)
    for n in range(8):  # elsewhere in the city, each with reports whose texts are compared
        open_incident(lat=-5.5300 - n * 0.0001, lon=105.2600)
    second = new_report("Kebakaran rumah", lat=-5.5200)
    many = triage_queries(second)
    assert many == few
    for report in (first, second):  # each judged against its candidates, and opened
        report.refresh_from_db()
        assert report.incident.report_count == 1


def test_a_report_routed_to_several_agencies_is_assigned_in_one_insert(cast: Any) -> None:
    # Far apart: neither is a candidate for the other.
    one = new_report("laporan satu")
    three = new_report("laporan dua", lat=-5.60)

    def triage(report: Report, kinds: tuple[str, ...]) -> int:
        with CaptureQueriesContext(connection) as queries:
            services.report_triage(
                report_id=report.pk,
                location=located_at(report.lat, report.lon, "18.71.01.1001"),
                assessment=assessed_as("fire", "P1", kinds),
            )
        return len(queries.captured_queries)

    assert triage(three, ("damkar", "polri", "dinkes")) == triage(one, ("damkar",))
    incident = Incident.objects.get(reports=three)
    roles = dict(Assignment.objects.filter(incident=incident).values_list("agency__kind", "role"))
    assert roles == {"damkar": "lead", "polri": "support", "dinkes": "support"}
    assert incident.lead_agency.kind == "damkar"
    opened = IncidentEvent.objects.filter(incident=incident).order_by("pk").first()
    assert opened.data["incident"]["lead_agency"]["kind"] == "damkar"
    assert [a["kind"] for a in opened.data["incident"]["agencies"]] == [
        "damkar",
        "dinkes",
        "polri",
    ]


def test_triage_writes_only_what_it_decides(cast: Any) -> None:
    report = new_report("Kebakaran rumah, ada korban")
    # Changed under triage's feet (e.g. anonymized): triage does not write it back.
    Report.objects.filter(pk=report.pk).update(reporter_name="renamed")
    report_triage_task.apply(args=(report.pk,))
    report.refresh_from_db()
    assert report.state == "processed"
    assert report.reporter_name == "renamed"
    assert report.attempts == 1
