"""The SLA watchdog: escalate what is overdue, release claims nobody moved on."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from dispatch import services
from dispatch.models import Incident, IncidentEvent
from dispatch.tasks import sla_watchdog
from tests.conftest import open_incident


@pytest.mark.django_db
def test_it_escalates_an_unclaimed_incident_past_its_claim_deadline(cast: Any) -> None:
    incident = open_incident()
    Incident.objects.filter(pk=incident.pk).update(
        claim_deadline=timezone.now() - timedelta(minutes=1)
    )
    assert sla_watchdog() == 1
    event = IncidentEvent.objects.get(incident=incident, type="incident.escalated")
    assert event.data["reason"] == "claim_deadline_passed"
    assert sla_watchdog() == 0  # once


@pytest.mark.django_db
def test_it_leaves_incidents_within_their_deadlines(cast: Any) -> None:
    open_incident()
    assert sla_watchdog() == 0


@pytest.mark.django_db
def test_it_releases_a_stale_claim_for_rerouting(cast: Any) -> None:
    incident = services.incident_claim(incident=open_incident(), user=cast["damkar"])
    Incident.objects.filter(pk=incident.pk).update(
        claimed_at=timezone.now() - timedelta(minutes=11)
    )
    sla_watchdog()
    incident.refresh_from_db()
    assert incident.status == "new"
    event = IncidentEvent.objects.filter(incident=incident, type="incident.released").get()
    assert event.data["reason"] == "stale_claim"


@pytest.mark.django_db
def test_it_keeps_a_claim_that_moved_on(cast: Any) -> None:
    incident = services.incident_claim(incident=open_incident(), user=cast["damkar"])
    services.incident_set_status(incident=incident, user=cast["damkar"], status="en_route")
    Incident.objects.filter(pk=incident.pk).update(
        claimed_at=timezone.now() - timedelta(minutes=30)
    )
    sla_watchdog()
    incident.refresh_from_db()
    assert incident.status == "en_route"
