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


def test_it_times_the_call_to_the_first_unit_on_scene_per_kecamatan(
    cast: Any, city_agencies: Any
) -> None:
    incident = open_incident(region_code="18.71.01.1003")
    first_call = incident.reports.order_by("received_at").first().received_at
    engine = make_unit(city_agencies["damkar"], "DAMKAR-01", "fire_engine", -5.41, 105.26)
    tanker = make_unit(city_agencies["damkar"], "DAMKAR-02", "water_tanker", -5.41, 105.26)
    for unit, on_scene in ((engine, 12), (tanker, 8)):
        UnitAssignment.objects.create(
            unit=unit, incident=incident, assigned_at=first_call + timedelta(minutes=2)
        )
        UnitStatusChange.objects.create(
            unit=unit,
            incident=incident,
            from_status="en_route",
            to_status="on_scene",
            at=first_call + timedelta(minutes=on_scene),
        )
    day = timezone.localdate().isoformat()
    html = page(cast, f"/statistik/harian/?date={day}")
    table = html[
        html.index('id="by-district"') : html.index("</table>", html.index('id="by-district"'))
    ]
    # The first unit there counts: 8 minutes, not the second's 12.
    assert '<td class="n">8.0</td>' in table
