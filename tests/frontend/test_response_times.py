"""The units' response times on the statistics page and on the daily report."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import open_incident
from tests.units.conftest import make_unit
from units.models import UnitAssignment, UnitStatusChange


@pytest.fixture
def dispatched(cast: Any, city_agencies: Any) -> None:
    incident = open_incident()
    engine = make_unit(city_agencies["damkar"], "DAMKAR-01", "fire_engine", -5.41, 105.26)
    sent = incident.created_at + timedelta(minutes=2)
    UnitAssignment.objects.create(unit=engine, incident=incident, assigned_at=sent)
    UnitStatusChange.objects.create(
        unit=engine,
        incident=incident,
        from_status="assigned",
        to_status="en_route",
        at=sent + timedelta(minutes=3),
    )


def page(cast: Any, url: str) -> str:
    client = Client()
    client.force_login(cast["supervisor"])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def section(html: str) -> str:
    start = html.index('id="response-times"')
    return html[start : html.index("</section>", start)]


@pytest.mark.usefixtures("dispatched")
def test_it_shows_the_response_times_on_the_statistics_page(cast: Any) -> None:
    shown = section(page(cast, "/statistik/"))
    assert "Call to dispatch" in shown and "On scene to clear" in shown
    assert "DAMKAR Kota" in shown and "Fire engine" in shown
    assert '<td class="n">3.0</td>' in shown  # dispatch to en route


@pytest.mark.usefixtures("dispatched")
def test_it_shows_the_response_times_on_the_daily_report(cast: Any) -> None:
    day = timezone.localdate().isoformat()
    shown = section(page(cast, f"/statistik/harian/?date={day}"))
    assert "DAMKAR Kota" in shown and "Dispatch to en route" in shown
    assert '<td class="n">3.0</td>' in shown


def test_it_says_when_no_unit_was_sent(cast: Any) -> None:
    shown = section(page(cast, "/statistik/"))
    assert "No units were sent in this period." in shown
