"""POST /api/calls/: the phone system's ring, answer and hang-up, in any order."""

from __future__ import annotations

from typing import Any

import pytest

from calls.models import Call, CallOutcome
from tests.calls.conftest import at, event

pytestmark = pytest.mark.usefixtures("phone_cast")


def post(client: Any, body: dict) -> Any:
    return client.post("/api/calls/", body, format="json")


def test_it_logs_an_answered_call(as_user: Any) -> None:
    pbx = as_user("pbx")
    assert post(pbx, event("ring", at=at(-60))).status_code == 202
    response = post(pbx, event("answer", extension="201", at=at(-55)))
    assert response.status_code == 202
    assert response.json()["outcome"] == ""
    post(pbx, event("hangup", at=at(-5)))
    call = Call.objects.get()
    assert call.caller == "+6281277700044"  # normalised as every phone number
    assert call.extension == "201"
    assert call.outcome == CallOutcome.SILENT  # answered, long, no report taken


def test_it_tells_abandoned_dropped_and_silent_calls(as_user: Any) -> None:
    pbx = as_user("pbx")
    post(pbx, event("ring", call_id="ab", at=at(-30)))
    post(pbx, event("hangup", call_id="ab", at=at(-20)))
    post(pbx, event("ring", call_id="dr", at=at(-30)))
    post(pbx, event("answer", call_id="dr", extension="201", at=at(-25)))
    post(pbx, event("hangup", call_id="dr", at=at(-20)))
    outcomes = dict(Call.objects.values_list("call_id", "outcome"))
    assert outcomes == {"ab": CallOutcome.ABANDONED, "dr": CallOutcome.DROPPED}


def test_it_takes_events_out_of_order_and_twice(as_user: Any) -> None:
    pbx = as_user("pbx")
    post(pbx, event("hangup", at=at(-10)))
    assert Call.objects.get().outcome == CallOutcome.ABANDONED
    post(pbx, event("ring", at=at(-60)))
    post(pbx, event("ring", at=at(-50)))  # a repeat: the first ring stays
    post(pbx, event("answer", extension="201", at=at(-55)))
    post(pbx, event("answer", extension="299", at=at(-40)))  # a repeat: the first answer
    post(pbx, event("hangup", at=at(-1)))  # a repeat: the first hang-up stays
    call = Call.objects.get()
    assert call.extension == "201"
    assert (call.ended_at - call.ringing_at).total_seconds() == pytest.approx(50, abs=1)
    assert call.started_at == call.ringing_at
    assert call.outcome == CallOutcome.SILENT  # the late answer turned it into a call


def test_it_keeps_a_withheld_number(as_user: Any) -> None:
    post(as_user("pbx"), event("ring", caller="anonymous"))
    assert Call.objects.get().caller == ""


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"event": "transfer"}, "event"),
        ({"call_id": ""}, "call_id"),
        ({"call_id": "has space"}, "call_id"),
        ({"caller": "not-a-number"}, "caller"),
        ({"at": "yesterday"}, "at"),
        ({"at": at(3600)}, "at"),
        ({"event": "answer", "extension": ""}, "extension"),
        ({"extension": "20 1"}, "extension"),
    ],
)
def test_it_refuses_bad_input_clearly(as_user: Any, body: dict, field: str) -> None:
    response = post(as_user("pbx"), event("ring") | body)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Call.objects.exists()


def test_it_refuses_a_body_that_is_not_json(as_user: Any) -> None:
    response = as_user("pbx").post("/api/calls/", "event=ring", content_type="text/plain")
    assert response.status_code == 415


def test_it_refuses_contradictions(as_user: Any) -> None:
    pbx = as_user("pbx")
    post(pbx, event("ring", at=at(-60)))
    post(pbx, event("hangup", at=at(-30)))
    response = post(pbx, event("answer", extension="201", at=at(-10)))
    assert response.status_code == 400
    assert "after the call's hang-up" in response.json()["detail"]
    response = post(pbx, event("ring", caller="081277700099"))
    assert response.status_code == 409


@pytest.mark.parametrize(
    ("name", "expected"),
    [("anonymous", 403), ("citizen", 403), ("damkar", 403), ("pbx", 202), ("dispatcher", 202)],
)
def test_it_lets_only_the_phone_system_and_the_desk_post(
    as_user: Any, name: str, expected: int
) -> None:
    assert post(as_user(name), event("ring")).status_code == expected
