"""The call-back list: dropped and abandoned calls, each number read and each call
back marked done leaving an audit entry."""

from __future__ import annotations

from typing import Any

import pytest

from calls.models import Call
from dispatch.models import AuditEntry
from tests.calls.conftest import at, event

pytestmark = pytest.mark.usefixtures("phone_cast")


def calls(as_user: Any) -> None:
    pbx = as_user("pbx")
    for body in [
        event("ring", call_id="abandoned", at=at(-90)),
        event("hangup", call_id="abandoned", at=at(-80)),
        event("ring", call_id="dropped", caller="0812-1111-2222", at=at(-70)),
        event("answer", call_id="dropped", caller="0812-1111-2222", extension="201", at=at(-65)),
        event("hangup", call_id="dropped", caller="0812-1111-2222", at=at(-60)),
        event("ring", call_id="withheld", caller="anonymous", at=at(-50)),
        event("hangup", call_id="withheld", caller="anonymous", at=at(-45)),
        event("ring", call_id="silent", caller="0812-3333-4444", at=at(-200)),
        event("answer", call_id="silent", caller="0812-3333-4444", extension="201", at=at(-190)),
        event("hangup", call_id="silent", caller="0812-3333-4444", at=at(-10)),
    ]:
        assert pbx.post("/api/calls/", body, format="json").status_code == 202


def test_it_lists_dropped_and_abandoned_calls_with_a_number(as_user: Any) -> None:
    calls(as_user)
    listed = as_user("dispatcher").get("/api/calls/callbacks/").json()
    assert [c["call_id"] for c in listed] == ["dropped", "abandoned"]
    assert listed[0]["caller"] == "+6281211112222"
    entry = AuditEntry.objects.get(action="contact.call_list")
    assert entry.user.username == "dispatcher" and len(entry.details["calls"]) == 2
    assert as_user("dispatcher").get("/api/calls/current/").json()["callbacks_waiting"] == 2


def test_it_marks_a_call_back_done_once_and_audits_it(as_user: Any) -> None:
    calls(as_user)
    dropped = Call.objects.get(call_id="dropped")
    desk = as_user("dispatcher")
    for _ in range(2):
        response = desk.post(f"/api/calls/{dropped.pk}/callback/")
        assert response.status_code == 200
        assert response.json()["callback_done_at"] is not None
    entry = AuditEntry.objects.get(action="call.callback_done")
    assert entry.details["call_id"] == "dropped" and entry.user.username == "dispatcher"
    listed = desk.get("/api/calls/callbacks/").json()
    assert [c["call_id"] for c in listed] == ["abandoned"]


def test_it_refuses_a_call_that_is_not_on_the_list(as_user: Any) -> None:
    calls(as_user)
    silent = Call.objects.get(call_id="silent")
    response = as_user("dispatcher").post(f"/api/calls/{silent.pk}/callback/")
    assert response.status_code == 400
    assert as_user("dispatcher").post("/api/calls/999999/callback/").status_code == 404
    assert as_user("damkar").post(f"/api/calls/{silent.pk}/callback/").status_code == 403
