"""POST /api/incidents/<id>/callback/: a reporter's number for the crew holding the
incident (and the desk), audited every time; refused to everyone else."""

from __future__ import annotations

from typing import Any

import pytest

from dispatch import services
from dispatch.models import AuditEntry, Report
from tests.conftest import open_incident

PHONE = "+6281234567890"


@pytest.fixture
def reported(cast: Any) -> Any:
    incident = open_incident(phone=PHONE, kinds=("damkar", "dinkes"))
    Report.objects.filter(incident=incident).update(reporter_name="Budi Santoso")
    return incident


def call_back(client_for: Any, who: str, incident: Any, report_id: int | None = None) -> Any:
    report_id = report_id or incident.reports.get().pk
    return client_for(who).post(
        f"/api/incidents/{incident.pk}/callback/", {"report_id": report_id}, format="json"
    )


@pytest.mark.django_db
def test_it_gives_the_crew_holding_it_the_number_and_audits_it(
    client_for: Any, cast: Any, reported: Any
) -> None:
    services.incident_claim(incident=reported, user=cast["damkar"])
    detail = client_for("damkar").get(f"/api/incidents/{reported.pk}/").json()
    assert detail["can_call_back"] is True
    assert detail["reports"][0]["reporter_phone"] == "+62812****7890"  # still masked here
    response = call_back(client_for, "damkar", reported)
    assert response.status_code == 200
    assert response.json()["reporter_phone"] == PHONE
    entry = AuditEntry.objects.get(action="contact.callback")
    assert entry.user == cast["damkar"] and entry.incident == reported
    assert entry.report_ids == [reported.reports.get().pk]


@pytest.mark.django_db
def test_it_refuses_before_the_claim_and_to_a_supporting_agency(
    client_for: Any, cast: Any, reported: Any
) -> None:
    assert call_back(client_for, "damkar", reported).status_code == 403  # not claimed yet
    services.incident_claim(incident=reported, user=cast["damkar"])
    detail = client_for("dinkes").get(f"/api/incidents/{reported.pk}/").json()
    assert detail["can_call_back"] is False
    assert call_back(client_for, "dinkes", reported).status_code == 403
    assert not AuditEntry.objects.filter(action="contact.callback").exists()


@pytest.mark.django_db
def test_it_refuses_once_resolved_and_to_the_public(
    client_for: Any, cast: Any, reported: Any
) -> None:
    services.incident_claim(incident=reported, user=cast["damkar"])
    services.incident_set_status(
        incident=reported, user=cast["damkar"], status="resolved", note="Api padam"
    )
    assert call_back(client_for, "damkar", reported).status_code == 403
    assert call_back(client_for, "anonymous", reported).status_code in (401, 403)
    assert call_back(client_for, "citizen", reported).status_code == 403


@pytest.mark.django_db
def test_it_lets_the_desk_call_back_and_checks_the_report(client_for: Any, reported: Any) -> None:
    assert call_back(client_for, "dispatcher", reported).json()["reporter_phone"] == PHONE
    other = open_incident(lat=-5.3, lon=105.3, phone="+6281200000000")
    stranger = other.reports.get().pk
    assert call_back(client_for, "dispatcher", reported, stranger).status_code == 400
    silent = open_incident(lat=-5.35, lon=105.35)
    assert call_back(client_for, "dispatcher", silent).status_code == 400
    assert AuditEntry.objects.filter(action="contact.callback").count() == 1
