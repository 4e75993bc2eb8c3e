"""GET /api/incidents/<id>/duplicates/: the open incidents an incident may be the
same event as, for the dispatcher to merge by hand."""

from __future__ import annotations

from typing import Any

import pytest

from dispatch import services
from dispatch.models import Incident, Report
from tests.conftest import assessed_as, located_at, open_incident

pytestmark = pytest.mark.django_db


def _opened_apart(text: str, lat: float | None, lon: float | None, kinds=("damkar",)) -> Incident:
    """An incident opened straight away, as when the first call's triage had not
    finished or its pin was elsewhere: triage would have attached this one."""
    report = Report.objects.create(text=text, channel="phone", lat=lat, lon=lon)
    return services.incident_open(
        report=report,
        location=located_at(lat, lon, "18.71.01.1001"),
        assessment=assessed_as("fire", "P1", kinds),
    )


def test_it_lists_an_incident_that_is_the_same_event(client_for: Any, cast: Any) -> None:
    first = open_incident(text="Kebakaran rumah api besar dekat pasar", lat=-5.4200, lon=105.2600)
    second = _opened_apart("api besar rumah terbakar dkt pasar", -5.4202, 105.2601)
    open_incident(text="Kebakaran gudang", lat=-5.30, lon=105.10)  # far away
    response = client_for("dispatcher").get(f"/api/incidents/{second.pk}/duplicates/")
    assert response.status_code == 200
    duplicates = response.json()["duplicates"]
    assert [d["incident"]["id"] for d in duplicates] == [first.pk]
    assert duplicates[0]["likely"] is True
    assert 0 < duplicates[0]["distance_m"] < 100
    assert duplicates[0]["reason"].startswith("same kind")


def test_it_never_lists_the_incident_itself(client_for: Any, cast: Any) -> None:
    alone = open_incident(text="Kebakaran rumah api besar")
    data = client_for("dispatcher").get(f"/api/incidents/{alone.pk}/duplicates/").json()
    assert data == {"duplicates": []}


def test_it_leaves_out_other_kinds_of_event(client_for: Any, cast: Any) -> None:
    fire = open_incident(text="Kebakaran rumah api besar", lat=-5.4200, lon=105.2600)
    crash = open_incident(
        text="Tabrakan motor, pengendara luka",
        category="traffic_accident",
        kinds=("polri",),
        lat=-5.4201,
        lon=105.2601,
    )
    data = client_for("dispatcher").get(f"/api/incidents/{crash.pk}/duplicates/").json()
    assert fire.pk not in [d["incident"]["id"] for d in data["duplicates"]]


def test_it_lists_only_incidents_the_user_may_see(client_for: Any, cast: Any) -> None:
    police = open_incident(text="Kebakaran rumah api besar", kinds=("polri",), lat=-5.4200)
    mine = _opened_apart("Kebakaran rumah api besar", -5.4201, 105.26)
    seen = client_for("damkar").get(f"/api/incidents/{mine.pk}/duplicates/").json()
    assert seen == {"duplicates": []}
    assert client_for("damkar").get(f"/api/incidents/{police.pk}/duplicates/").status_code == 404
    desk = client_for("dispatcher").get(f"/api/incidents/{mine.pk}/duplicates/").json()
    assert [d["incident"]["id"] for d in desk["duplicates"]] == [police.pk]


def test_it_is_for_staff_only(client_for: Any, cast: Any) -> None:
    incident = open_incident()
    for name in ("citizen", "anonymous"):
        response = client_for(name).get(f"/api/incidents/{incident.pk}/duplicates/")
        assert response.status_code in (401, 403)


def test_it_answers_404_for_an_unknown_incident(client_for: Any, cast: Any) -> None:
    assert client_for("dispatcher").get("/api/incidents/999999/duplicates/").status_code == 404
