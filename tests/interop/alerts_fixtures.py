"""The duty roster of the alert tests: Damkar's officer (WhatsApp) and head (SMS),
and the call centre's supervisor (WhatsApp), all on duty."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import TestCase

from dispatch.models import EventType, Incident, IncidentEvent
from interop.models import DutyRole, DutyRoster

OFFICER = "+6281100000011"
HEAD = "+6281100000012"
SUPERVISOR = "+6281100000013"


def wa(phone: str) -> str:
    """The number as the WhatsApp Cloud API gets it: without the plus."""
    return phone.lstrip("+")


@pytest.fixture(name="roster")
def roster_fixture(cast: dict[str, Any], city_agencies: Any) -> dict[str, DutyRoster]:
    damkar = city_agencies["damkar"]
    return {
        "officer": DutyRoster.objects.create(
            agency=damkar, role=DutyRole.OFFICER, name="Andi", user=cast["damkar"], phone=OFFICER
        ),
        "head": DutyRoster.objects.create(
            agency=damkar, role=DutyRole.HEAD, name="Budi", phone=HEAD, channel="sms"
        ),
        "supervisor": DutyRoster.objects.create(
            agency=None,
            role=DutyRole.SUPERVISOR,
            name="Citra",
            user=cast["supervisor"],
            phone=SUPERVISOR,
        ),
    }


def committed() -> Any:
    """Run on_commit hooks (the alert task, the outbox's send) as production would."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def later(start: datetime, minutes: float) -> datetime:
    return start + timedelta(minutes=minutes)


def alert_events(incident: Incident, kind: str = EventType.ALERT_SENT) -> list[dict[str, Any]]:
    return list(
        IncidentEvent.objects.filter(incident=incident, type=kind)
        .order_by("pk")
        .values_list("data", flat=True)
    )
