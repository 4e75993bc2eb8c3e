"""Reporters' contacts: full and audited for dispatchers, masked for others, kept for a while."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from dispatch.models import AuditEntry, Report
from dispatch.tasks import reports_anonymize_old
from tests.conftest import open_incident

PHONE = "+6281234567890"


@pytest.fixture
def reported(cast: Any) -> Any:
    incident = open_incident(phone=PHONE)
    Report.objects.filter(incident=incident).update(reporter_name="Budi Santoso")
    return incident


@pytest.mark.django_db
def test_it_shows_dispatchers_the_contact_and_audits_it(client_for: Any, reported: Any) -> None:
    body = client_for("dispatcher").get(f"/api/incidents/{reported.pk}/").json()
    assert body["reports"][0]["reporter_phone"] == PHONE
    assert body["reports"][0]["reporter_name"] == "Budi Santoso"
    entry = AuditEntry.objects.get()
    assert entry.action == "contact.viewed"
    assert entry.user.username == "dispatcher"
    assert entry.incident == reported


@pytest.mark.django_db
def test_it_masks_the_contact_for_agency_staff(client_for: Any, reported: Any) -> None:
    body = client_for("damkar").get(f"/api/incidents/{reported.pk}/").json()
    assert body["reports"][0]["reporter_phone"] == "+62812****7890"
    assert body["reports"][0]["reporter_name"] == "B*** S***"
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_it_stores_phones_normalized(reported: Any) -> None:
    assert Report.objects.get(incident=reported).reporter_phone == PHONE


@pytest.mark.django_db
def test_it_anonymizes_reports_past_the_retention_period(settings: Any, reported: Any) -> None:
    settings.RETENTION_DAYS = 30
    fresh = open_incident(lat=-5.1, lon=105.1, phone="+6281200001111")
    Report.objects.filter(incident=reported).update(received_at=timezone.now() - timedelta(days=31))
    assert reports_anonymize_old() == 1
    old = Report.objects.get(incident=reported)
    assert (old.reporter_name, old.reporter_phone) == ("", "")
    assert old.anonymized_at is not None
    assert old.text  # the words and the place stay for statistics
    assert Report.objects.get(incident=fresh).reporter_phone == "+6281200001111"
