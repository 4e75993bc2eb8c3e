"""Events relayed out of order never take a screen back to an older state."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dispatch.projections import event_message, incident_payload
from dispatch.selectors import incident_get
from realtime.hub import Hub
from realtime.ordering import NewestStates
from realtime.sync import Audience
from tests.conftest import open_incident

pytestmark = pytest.mark.django_db(transaction=True)


class RecordingSocket:
    def __init__(self, kind: str = "dispatch") -> None:
        self.audience = Audience(kind=kind)
        self.frames: list[dict[str, Any]] = []

    def push(self, event_id: int, text: str) -> None:
        self.frames.append(json.loads(text))

    def notify(self, text: str) -> None:
        self.frames.append(json.loads(text))


def two_states(incident: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two events of one incident, 101 newer than 100 (its version one more)."""
    older = incident_payload(incident_get(pk=incident.pk))
    newer = {**older, "version": older["version"] + 1, "status": "claimed"}
    first = {"type": "event", "id": 100, "event": "incident.opened", "incident": older}
    second = {"type": "event", "id": 101, "event": "incident.claimed", "incident": newer}
    for message in (first, second):
        message.update({"data": {"agency_ids": []}, "at": "2026-12-06T06:00:00+00:00"})
    return first, second


def test_it_relays_a_late_event_with_the_newer_state(cast: Any) -> None:
    first, second = two_states(open_incident())
    hub, socket = Hub(), RecordingSocket()
    hub.dispatch.add(socket)
    hub.fan_out(second)
    hub.fan_out(first)  # 100 arrives after 101 (another worker published it late)
    late = socket.frames[1]
    # The event still goes out, as itself, with the state the screen has already.
    assert (late["id"], late["event"]) == (100, "incident.opened")
    assert late["incident"]["version"] == second["incident"]["version"]
    assert late["incident"]["status"] == "claimed"


def test_it_relays_events_that_arrive_in_order_as_they_are(cast: Any) -> None:
    first, second = two_states(open_incident())
    hub, socket = Hub(), RecordingSocket()
    hub.dispatch.add(socket)
    hub.fan_out(first)
    hub.fan_out(second)
    assert [f["incident"]["version"] for f in socket.frames] == [
        first["incident"]["version"],
        second["incident"]["version"],
    ]


def test_it_keeps_the_newer_state_for_the_public_map(cast: Any) -> None:
    first, second = two_states(open_incident(category="disaster", priority="P2"))
    hub = Hub()
    hub.public.add(RecordingSocket(kind="public"))
    hub.fan_out(second)
    hub.fan_out(first)
    (pending,) = hub.public_pending.values()
    assert pending["incident"]["version"] == second["incident"]["version"]


def test_it_relays_a_late_unit_event_with_the_newer_unit() -> None:
    states = NewestStates()
    newer = {"id": 101, "incident": None, "data": {"unit": {"id": 3, "version": 8}}}
    older = {"id": 100, "incident": None, "data": {"unit": {"id": 3, "version": 7}}}
    assert states.message_to_relay(newer) == newer
    assert states.message_to_relay(older)["data"]["unit"] == {"id": 3, "version": 8}


def test_it_forgets_states_once_their_events_are_confirmed(cast: Any) -> None:
    incident = open_incident()
    states = NewestStates()
    message = event_message(incident.events.order_by("-pk").first())
    states.message_to_relay(message)
    states.forget_through(message["id"] - 1)
    assert states.newest  # a later event may still come late before it
    states.forget_through(message["id"])
    assert states.newest == {}
