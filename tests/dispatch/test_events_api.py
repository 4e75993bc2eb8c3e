"""GET /api/events/?after=<id>: the log, in order, filtered for the caller."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from dispatch import services
from dispatch.models import IncidentEvent
from tests.conftest import open_incident


@pytest.mark.django_db
def test_it_records_an_event_for_every_change_with_increasing_ids(cast: Any) -> None:
    incident = open_incident()
    services.incident_claim(incident=incident, user=cast["damkar"])
    services.incident_set_status(incident=incident, user=cast["damkar"], status="en_route")
    services.incident_set_status(incident=incident, user=cast["damkar"], status="on_scene")
    services.incident_set_status(incident=incident, user=cast["damkar"], status="resolved")
    services.incident_set_status(incident=incident, user=cast["dispatcher"], status="closed")
    events = list(IncidentEvent.objects.filter(incident=incident).order_by("pk"))
    assert [e.type for e in events] == [
        "incident.opened",
        "incident.assigned",
        "incident.claimed",
        "incident.status_changed",
        "incident.status_changed",
        "incident.status_changed",
        "incident.status_changed",
    ]
    ids = [e.pk for e in events]
    assert ids == sorted(ids)
    # Every event carries the incident as it was after the change.
    assert [e.data["incident"]["status"] for e in events][-1] == "closed"
    assert events[2].actor == cast["damkar"]


@pytest.mark.django_db
def test_it_serves_events_after_a_position(client_for: Any, cast: Any) -> None:
    incident = open_incident()
    first = IncidentEvent.objects.order_by("pk").first().pk
    services.incident_claim(incident=incident, user=cast["damkar"])
    body = client_for("dispatcher").get(f"/api/events/?after={first}").json()
    assert [e["event"] for e in body["events"]] == ["incident.assigned", "incident.claimed"]
    assert body["last_event_id"] == IncidentEvent.objects.order_by("pk").last().pk
    message = body["events"][-1]
    assert set(message) >= {"type", "id", "event", "incident"}
    assert message["type"] == "event"
    assert message["incident"]["status"] == "claimed"


@pytest.mark.django_db
def test_it_shows_an_agency_only_its_own_incidents(client_for: Any, cast: Any) -> None:
    open_incident(kinds=("damkar",), lat=-5.40, lon=105.20)
    open_incident(kinds=("dinkes",), category="medical", lat=-5.30, lon=105.30)
    damkar = client_for("damkar").get("/api/events/?after=0").json()
    kinds = {a["kind"] for e in damkar["events"] for a in e["incident"]["agencies"]}
    assert kinds == {"damkar"}
    # The position moves past the events it may not see, so it never asks again.
    assert damkar["last_event_id"] == IncidentEvent.objects.order_by("pk").last().pk


@pytest.mark.django_db
def test_it_tells_an_agency_it_lost_an_incident(
    client_for: Any, cast: Any, city_agencies: Any
) -> None:
    incident = open_incident(kinds=("damkar",))
    services.incident_claim(incident=incident, user=cast["damkar"])
    after = IncidentEvent.objects.order_by("pk").last().pk
    # Reassigned away as lead; damkar stays as support, and hears of the change.
    services.incident_assign(
        incident=incident, user=cast["dispatcher"], agency=city_agencies["bpbd"]
    )
    body = client_for("damkar").get(f"/api/events/?after={after}").json()
    assert [e["event"] for e in body["events"]] == ["incident.assigned"]


@pytest.mark.django_db
# Unicode digits and 21 digits: issue 17 (int() failed, or the id overflowed).
@pytest.mark.parametrize("after", ["x", "-1", "1.5", "\u00b2", "\x00", "9" * 21])
def test_it_refuses_a_bad_position(client_for: Any, after: str) -> None:
    response = client_for("dispatcher").get(f"/api/events/?after={after}")
    assert response.status_code == 400


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_never_skips_an_event_while_writers_commit_concurrently(cast: Any) -> None:
    """Readers resuming from the last id they saw must see every event exactly once."""
    incidents = [open_incident(lat=-5.0 - i, lon=105.0) for i in range(8)]
    start = IncidentEvent.objects.order_by("pk").last().pk
    stop = threading.Event()
    seen: list[int] = []

    def write(incident: Any) -> None:
        try:
            for _ in range(10):
                services.incident_locate(
                    incident=incident, user=cast["dispatcher"], lat=-5.4, lon=105.2
                )
        finally:
            connection.close()

    def read() -> None:
        position = start
        try:
            while True:
                done = stop.is_set()
                batch = list(IncidentEvent.objects.filter(pk__gt=position).order_by("pk"))
                for event in batch:
                    seen.append(event.pk)
                    position = event.pk
                if done:
                    return
        finally:
            connection.close()

    reader = threading.Thread(target=read)
    reader.start()
    writers = [threading.Thread(target=write, args=(i,)) for i in incidents]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    stop.set()
    reader.join()
    expected = list(
        IncidentEvent.objects.filter(pk__gt=start).order_by("pk").values_list("pk", flat=True)
    )
    assert len(expected) == 80
    assert seen == expected
