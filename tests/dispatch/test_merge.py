"""POST /api/incidents/<id>/merge/: duplicate incidents become one."""

from __future__ import annotations

from typing import Any

import pytest

from dispatch.models import Incident, Report
from tests.conftest import open_incident


@pytest.mark.django_db
def test_it_moves_the_reports_and_cancels_the_other(client_for: Any, cast: Any) -> None:
    first = open_incident(lat=-5.40, lon=105.20, priority="P2")
    second = open_incident(lat=-5.30, lon=105.30, category="medical", kinds=("dinkes",))
    response = client_for("dispatcher").post(
        f"/api/incidents/{first.pk}/merge/", {"other_id": second.pk}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["report_count"] == 2
    assert Report.objects.filter(incident=first).count() == 2
    second = Incident.objects.get(pk=second.pk)
    assert second.status == "cancelled"
    assert second.cancel_reason == "duplicate"
    assert second.merged_into_id == first.pk
    kinds = {a["kind"] for a in response.json()["agencies"]}
    assert kinds == {"damkar", "dinkes"}


@pytest.mark.django_db
def test_it_keeps_the_higher_priority(client_for: Any, cast: Any) -> None:
    low = open_incident(priority="P3", lat=-5.40, lon=105.20)
    high = open_incident(priority="P1", lat=-5.30, lon=105.30, category="medical")
    response = client_for("dispatcher").post(
        f"/api/incidents/{low.pk}/merge/", {"other_id": high.pk}, format="json"
    )
    assert response.json()["priority"] == "P1"


@pytest.mark.django_db
def test_it_refuses_merging_into_itself(client_for: Any, incident: Incident) -> None:
    response = client_for("dispatcher").post(
        f"/api/incidents/{incident.pk}/merge/", {"other_id": incident.pk}, format="json"
    )
    assert response.status_code == 400


@pytest.mark.django_db
def test_it_refuses_agency_staff(client_for: Any, cast: Any) -> None:
    first = open_incident(lat=-5.40, lon=105.20)
    second = open_incident(lat=-5.30, lon=105.30)
    response = client_for("damkar").post(
        f"/api/incidents/{first.pk}/merge/", {"other_id": second.pk}, format="json"
    )
    assert response.status_code == 403
