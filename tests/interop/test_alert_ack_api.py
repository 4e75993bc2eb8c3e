"""`POST /api/alerts/<id>/ack/` (the board's button) and `GET /api/alerts/`."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from dispatch.models import EventType
from interop import services
from interop.models import Alert
from tests.conftest import open_incident
from tests.interop.alerts_fixtures import (
    HEAD,
    alert_events,
    committed,
    later,
    roster_fixture,  # noqa: F401 (the `roster` fixture)
)
from tests.interop.conftest import FakeProvider

pytestmark = pytest.mark.usefixtures("roster")


@pytest.fixture
def alert(provider: FakeProvider) -> Alert:
    with committed():
        open_incident(priority="P1")
    return Alert.objects.get()


def test_it_lists_the_open_alerts_of_the_agency(client_for: Any, alert: Alert) -> None:
    response = client_for("damkar").get("/api/alerts/")
    assert response.status_code == 200
    [shown] = response.json()
    assert (shown["id"], shown["incident_id"], shown["state"]) == (
        alert.pk,
        alert.incident_id,
        "open",
    )
    assert shown["agency"]["kind"] == "damkar"
    assert shown["deliveries"] == [
        {
            "role": "officer",
            "name": "Andi",
            "channel": "whatsapp",
            "status": "sent",
            "created_at": shown["deliveries"][0]["created_at"],
            "held_until": None,
        }
    ]
    assert client_for("dinkes").get("/api/alerts/").json() == []
    assert len(client_for("dispatcher").get("/api/alerts/").json()) == 1


def test_it_acknowledges_and_the_chain_stops(
    client_for: Any, alert: Alert, provider: FakeProvider
) -> None:
    response = client_for("damkar").post(f"/api/alerts/{alert.pk}/ack/")
    assert response.status_code == 200
    body = response.json()
    assert (body["state"], body["ack_via"]) == ("acknowledged", "board")
    with committed():
        services.alerts_escalate_due(now=later(timezone.now(), 10))
    assert provider.texts_to(HEAD) == []
    # Twice is harmless: the same answer, one event.
    again = client_for("damkar").post(f"/api/alerts/{alert.pk}/ack/")
    assert again.status_code == 200 and again.json()["acknowledged_at"] == body["acknowledged_at"]
    assert len(alert_events(alert.incident, EventType.ALERT_ACKNOWLEDGED)) == 1
    assert client_for("dispatcher").get("/api/alerts/").json() == []


@pytest.mark.parametrize(("who", "status"), [("dinkes", 404), ("citizen", 404), ("anonymous", 403)])
def test_it_refuses_who_the_alert_is_not_for(
    client_for: Any, alert: Alert, who: str, status: int
) -> None:
    assert client_for(who).post(f"/api/alerts/{alert.pk}/ack/").status_code == status
    alert.refresh_from_db()
    assert alert.state == "open"


def test_it_lets_a_supervisor_acknowledge(client_for: Any, alert: Alert) -> None:
    response = client_for("supervisor").post(f"/api/alerts/{alert.pk}/ack/")
    assert response.status_code == 200
    [acked] = alert_events(alert.incident, EventType.ALERT_ACKNOWLEDGED)
    assert acked["by"] == "supervisor"


def test_it_answers_404_for_an_unknown_alert(client_for: Any) -> None:
    assert client_for("dispatcher").post("/api/alerts/999999/ack/").status_code == 404
