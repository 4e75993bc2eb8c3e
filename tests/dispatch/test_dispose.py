"""POST /api/incidents/<id>/dispose/: complaints wait for a supervisor (Bandar Lampung)."""

from __future__ import annotations

from typing import Any

import pytest

from dispatch.models import Report
from tests.conftest import open_incident


@pytest.fixture
def dispositions(settings: Any) -> None:
    settings.DISPOSITION_REQUIRED_FOR = ["P3", "P4"]


def complaint() -> Any:
    incident = open_incident(
        text="Jalan berlubang", category="infrastructure", priority="P4", kinds=("pupr",)
    )
    Report.objects.filter(incident=incident).update(
        assessment={"category": "infrastructure", "priority": "P4", "agencies": ["pupr"]}
    )
    return incident


@pytest.mark.django_db
def test_it_holds_a_complaint_until_the_disposition(
    client_for: Any, cast: Any, dispositions: None
) -> None:
    incident = complaint()
    assert incident.awaiting_disposition
    assert incident.lead_agency is None
    response = client_for("supervisor").post(
        f"/api/incidents/{incident.pk}/dispose/", {"note": "Tindak lanjuti"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["lead_agency"]["kind"] == "pupr"
    incident.refresh_from_db()
    assert not incident.awaiting_disposition


@pytest.mark.django_db
def test_it_never_holds_an_emergency(cast: Any, dispositions: None) -> None:
    incident = open_incident(priority="P1")
    assert not incident.awaiting_disposition
    assert incident.lead_agency.kind == "damkar"


@pytest.mark.django_db
def test_it_leaves_the_disposition_to_supervisors(
    client_for: Any, cast: Any, dispositions: None
) -> None:
    incident = complaint()
    response = client_for("dispatcher").post(
        f"/api/incidents/{incident.pk}/dispose/", {}, format="json"
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_it_refuses_a_second_disposition(client_for: Any, cast: Any, dispositions: None) -> None:
    incident = complaint()
    client = client_for("supervisor")
    client.post(f"/api/incidents/{incident.pk}/dispose/", {}, format="json")
    response = client.post(f"/api/incidents/{incident.pk}/dispose/", {}, format="json")
    assert response.status_code == 409
