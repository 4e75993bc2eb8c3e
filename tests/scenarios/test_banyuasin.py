"""Call Center 112 Kabupaten Banyuasin: emergencies acted on at once, complaints to
their OPD on a working-days clock, agents receive emergencies out of office hours."""

from __future__ import annotations

from typing import Any

import pytest
from channels.db import database_sync_to_async

from dispatch.models import IncidentEvent
from priority.sla import is_working_day
from tests.realtime.conftest import ProtocolClient, communicator
from tests.scenarios.conftest import as_user, report


@pytest.mark.django_db
def test_it_fast_tracks_a_fire_to_damkar_who_resolve_it(seed: Any) -> None:
    seed("banyuasin")
    fire = report(
        {
            "text": "Kebakaran rumah di Mariana, api besar ada korban",
            "channel": "phone",
            "lat": -2.9259,
            "lon": 104.9114,
        }
    )
    assert fire.priority == "P1"
    assert fire.lead_agency.name == "Dinas Pemadam Kebakaran Kabupaten Banyuasin"
    assigned = IncidentEvent.objects.get(incident=fire, type="incident.assigned")
    assert assigned.data["automatic"] is True
    damkar = as_user("damkar")
    assert damkar.post(f"/api/incidents/{fire.pk}/claim/", {}, format="json").status_code == 200
    for status in ["en_route", "on_scene"]:
        damkar.post(f"/api/incidents/{fire.pk}/status/", {"status": status}, format="json")
    response = damkar.post(
        f"/api/incidents/{fire.pk}/status/",
        {"status": "resolved", "note": "Api padam, 1 korban dibawa ke RSUD"},
        format="json",
    )
    assert response.json()["status"] == "resolved"


@pytest.mark.django_db
def test_it_sends_a_water_shortage_to_the_pdam_on_a_working_days_clock(seed: Any) -> None:
    seed("banyuasin")
    complaint = report(
        {
            "text": "Air PDAM tidak mengalir sudah tiga hari di rumah kami",
            "channel": "web",
            "address": "Kel. Mariana, Kec. Banyuasin I",
        }
    )
    assert complaint.lead_agency.kind == "pdam"
    assert complaint.priority in ("P3", "P4")
    due = complaint.resolve_deadline.astimezone()
    assert (due - complaint.created_at).days >= 1
    assert is_working_day(due.date())


@pytest.mark.django_db(transaction=True)
async def test_it_delivers_emergencies_to_agents_with_no_operator_on_duty(
    seed: Any, monkeypatch: Any
) -> None:
    from tests.conftest import session_cookie
    from tests.realtime.conftest import latest_event_id

    await database_sync_to_async(seed)("banyuasin")
    from django.contrib.auth import get_user_model

    agent = await database_sync_to_async(get_user_model().objects.get)(username="damkar")
    cookie = await database_sync_to_async(session_cookie)(agent)
    board = ProtocolClient(communicator("/ws/agency/", cookie))
    await board.connect()
    # No dispatcher is connected: the night shift has gone home.
    fire = await database_sync_to_async(report)(
        {
            "text": "Kebakaran gudang karet, api membesar",
            "channel": "phone",
            "lat": -2.7000,
            "lon": 104.6000,
        }
    )
    latest = await latest_event_id()
    await board.follow(lambda c: (c.position or 0) >= latest)
    assert board.state[fire.pk]["priority"] == "P1"
    events = [f["event"] for f in board.frames if f.get("type") == "event"]
    assert "incident.assigned" in events
    await board.comm.disconnect()
