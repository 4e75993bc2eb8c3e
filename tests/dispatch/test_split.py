"""POST /api/incidents/<id>/split/: reports about another event get their own incident."""

from __future__ import annotations

from typing import Any

import pytest

from dispatch.models import Incident, IncidentEvent
from tests.conftest import open_incident


def three_calls() -> Incident:
    incident = open_incident(phone="+6281200000001")
    for phone in ["+6281200000002", "+6281200000003"]:
        open_incident(phone=phone)
    incident.refresh_from_db()
    assert incident.report_count == 3
    return incident


@pytest.mark.django_db
def test_it_moves_reports_into_a_new_incident(client_for: Any, cast: Any) -> None:
    incident = three_calls()
    moved = list(incident.reports.order_by("pk").values_list("pk", flat=True))[1:]
    response = client_for("dispatcher").post(
        f"/api/incidents/{incident.pk}/split/", {"report_ids": moved}, format="json"
    )
    assert response.status_code == 200, response.json()
    new = Incident.objects.get(pk=response.json()["id"])
    assert new.pk != incident.pk
    assert sorted(new.reports.values_list("pk", flat=True)) == moved
    assert new.report_count == 2
    incident.refresh_from_db()
    assert incident.report_count == 1
    assert new.lead_agency.kind == "damkar"
    split = IncidentEvent.objects.filter(incident=incident, type="incident.split").get()
    assert split.data["new_id"] == new.pk


@pytest.mark.django_db
def test_it_refuses_to_empty_the_incident(client_for: Any, cast: Any) -> None:
    incident = three_calls()
    everything = list(incident.reports.values_list("pk", flat=True))
    response = client_for("dispatcher").post(
        f"/api/incidents/{incident.pk}/split/", {"report_ids": everything}, format="json"
    )
    assert response.status_code == 400


@pytest.mark.django_db
def test_it_refuses_reports_of_another_incident(client_for: Any, cast: Any) -> None:
    incident = three_calls()
    other = open_incident(lat=-5.1, lon=105.1)
    response = client_for("dispatcher").post(
        f"/api/incidents/{incident.pk}/split/",
        {"report_ids": [other.reports.first().pk]},
        format="json",
    )
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("payload", [{}, {"report_ids": []}, {"report_ids": ["x"]}])
def test_it_refuses_bad_input(client_for: Any, cast: Any, payload: Any) -> None:
    incident = three_calls()
    response = client_for("dispatcher").post(
        f"/api/incidents/{incident.pk}/split/", payload, format="json"
    )
    assert response.status_code == 400


@pytest.mark.django_db
def test_it_refuses_agency_staff(client_for: Any, cast: Any) -> None:
    incident = three_calls()
    moved = list(incident.reports.values_list("pk", flat=True))[1:]
    response = client_for("damkar").post(
        f"/api/incidents/{incident.pk}/split/", {"report_ids": moved}, format="json"
    )
    assert response.status_code == 403
