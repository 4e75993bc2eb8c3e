"""A PBX retrying at once: concurrent deliveries of a call's events make one call."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection
from rest_framework.test import APIClient

from calls.models import Call, CallOutcome
from tests.calls.conftest import at, event

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_it_makes_one_call_of_concurrent_events(phone_cast: dict[str, Any]) -> None:
    bodies = [
        event("ring", call_id="race", at=at(-40)),
        event("ring", call_id="race", at=at(-40)),
        event("answer", call_id="race", extension="201", at=at(-35)),
        event("answer", call_id="race", extension="201", at=at(-35)),
        event("hangup", call_id="race", at=at(-30)),
        event("hangup", call_id="race", at=at(-30)),
    ]
    barrier = threading.Barrier(len(bodies))
    statuses: list[int] = []

    def deliver(body: dict) -> None:
        try:
            client = APIClient()
            client.force_authenticate(phone_cast["pbx"])
            barrier.wait()
            statuses.append(client.post("/api/calls/", body, format="json").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert statuses == [202] * len(bodies)
    call = Call.objects.get()
    assert call.ringing_at and call.answered_at and call.ended_at
    assert call.outcome == CallOutcome.DROPPED
