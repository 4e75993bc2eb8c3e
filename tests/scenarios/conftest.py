"""End-to-end scenarios of the four call centres, each on its own seeded profile."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase

from dispatch import services
from dispatch.models import Incident, Report
from dispatch.profiles import PROFILES
from tests.conftest import CommittingClient
from tests.interop.conftest import provider  # noqa: F401 (fixture: a fake WhatsApp Cloud API)


@pytest.fixture
def seed(monkeypatch: Any, settings: Any) -> Any:
    """Seed a profile with its settings, as `make run PROFILE=NAME` would."""

    def run(profile: str) -> None:
        monkeypatch.setenv("DEMO_PASSWORD", "demo12345")
        values = PROFILES[profile]
        settings.PROFILE = profile
        settings.HOME_REGION = values.home_region
        settings.DISPOSITION_REQUIRED_FOR = list(values.disposition_required_for)
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("seed_demo", profile=profile, verbosity=0)

    return run


def as_user(username: str) -> CommittingClient:
    client = CommittingClient()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def report(body: dict[str, Any], client: CommittingClient | None = None) -> Incident:
    """A report as it comes in: a call taken by the operator, a message through the
    message intake's service (only the webhooks may say sms or whatsapp), else the
    public's POST /api/reports/."""
    channel = body.get("channel", "web")
    if channel in ("sms", "whatsapp"):
        with TestCase.captureOnCommitCallbacks(execute=True):
            submitted = services.report_submit(**body)
        return Report.objects.select_related("incident").get(pk=submitted.pk).incident
    if client is None:
        client = as_user("dispatcher") if channel == "phone" else CommittingClient()
    response = client.post("/api/reports/", body, format="json")
    assert response.status_code == 201, response.json()
    return Report.objects.select_related("incident").get(pk=response.json()["id"]).incident
