"""Call Center 112 Kota Bitung: agencies working one incident together, and the Sekda
seeing SLA breaches across all of them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from channels.db import database_sync_to_async
from django.contrib.auth import get_user_model
from django.utils import timezone

from dispatch.models import Incident
from dispatch.tasks import sla_watchdog
from tests.conftest import session_cookie
from tests.realtime.conftest import ProtocolClient, communicator, latest_event_id
from tests.scenarios.conftest import as_user, report

pytestmark = pytest.mark.django_db(transaction=True)


async def socket_of(username: str, path: str) -> ProtocolClient:
    user = await database_sync_to_async(get_user_model().objects.get)(username=username)
    client = ProtocolClient(communicator(path, await database_sync_to_async(session_cookie)(user)))
    await client.connect()
    return client


async def test_it_has_two_agencies_work_one_accident_live(seed: Any) -> None:
    await database_sync_to_async(seed)("bitung")
    accident = await database_sync_to_async(report)(
        {
            "text": "Tabrakan motor dan mobil di depan pelabuhan, dua korban berdarah",
            "channel": "phone",
            "lat": 1.4400,
            "lon": 125.1250,
        }
    )
    kinds = await database_sync_to_async(
        lambda: sorted(accident.assignments.values_list("agency__kind", flat=True))
    )()
    assert kinds == ["dinkes", "dishub"]
    dishub = await socket_of("dishub", "/ws/agency/")
    dinkes = await socket_of("dinkes", "/ws/agency/")
    sekda = await socket_of("sekda", "/ws/dispatch/")
    # Dinkes leads (Bitung has no police on the list); Dishub supports and cannot
    # take the lead by claiming it (docs/ARCHITECTURE.md, "Only the lead claims").
    url = f"/api/incidents/{accident.pk}/claim/"
    refused = await database_sync_to_async(lambda: as_user("dishub").post(url, {}, format="json"))()
    assert refused.status_code == 403
    claim = await database_sync_to_async(lambda: as_user("dinkes").post(url, {}, format="json"))()
    assert claim.status_code == 200
    roles = {a["kind"]: a["role"] for a in claim.json()["agencies"]}
    assert roles == {"dinkes": "lead", "dishub": "support"}
    latest = await latest_event_id()
    for screen in (dishub, dinkes, sekda):
        await screen.follow(lambda c: (c.position or 0) >= latest)
        assert screen.state[accident.pk]["status"] == "claimed"
        assert screen.state[accident.pk]["lead_agency"]["kind"] == "dinkes"

    # Nobody moved on a littering complaint in time: the Sekda sees it escalated.
    litter = await database_sync_to_async(report)(
        {
            "text": "Sampah menumpuk di pasar sudah seminggu",
            "channel": "web",
            "lat": 1.4700,
            "lon": 125.1500,
        }
    )
    await database_sync_to_async(
        lambda: Incident.objects.filter(pk=litter.pk).update(
            claim_deadline=timezone.now() - timedelta(minutes=5)
        )
    )()
    await database_sync_to_async(sla_watchdog)()
    latest = await latest_event_id()
    await sekda.follow(lambda c: (c.position or 0) >= latest)
    escalated = [f for f in sekda.frames if f.get("event") == "incident.escalated"]
    assert escalated and escalated[-1]["incident"]["id"] == litter.pk
    for screen in (dishub, dinkes, sekda):
        await screen.comm.disconnect()
