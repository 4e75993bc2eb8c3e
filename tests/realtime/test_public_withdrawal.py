"""An incident that stops being public (a victim to protect) leaves open public maps."""

from __future__ import annotations

from typing import Any

import pytest
from channels.db import database_sync_to_async

from dispatch import services
from dispatch.models import Agency
from dispatch.projections import PUBLIC_FIELDS
from tests.conftest import open_incident
from tests.realtime.conftest import ProtocolClient, communicator, latest_event_id


def protect(incident: Any, dispatcher: Any) -> None:
    dp3a = Agency.objects.create(kind="dp3a", name="DP3A Kota", jurisdiction=["18.71"])
    services.incident_assign(incident=incident, user=dispatcher, agency=dp3a, role="support")


@pytest.mark.django_db(transaction=True)
async def test_it_withdraws_an_incident_from_open_public_maps(cast: Any) -> None:
    incident = await database_sync_to_async(open_incident)(text="Keributan di rumah warga")
    public = ProtocolClient(communicator("/ws/public/"))
    await public.connect()
    assert incident.pk in {i["id"] for i in public.frames[0]["incidents"]}

    await database_sync_to_async(protect)(incident, cast["dispatcher"])
    latest = await latest_event_id()
    await public.follow(lambda c: c.position == latest)
    payloads = [e["incident"] for f in public.frames for e in f.get("events", [])]
    assert set(payloads[-1]) == set(PUBLIC_FIELDS)
    shown = {k: v for k, v in payloads[-1].items() if v is not None}
    assert shown == {"id": incident.pk, "status": "closed", "version": shown["version"]}
    assert incident.pk not in public.state
    # Nothing of the case itself goes out once it is protected.
    assert "dp3a" not in str(public.frames).lower()
    await public.comm.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_it_never_names_an_incident_that_was_never_public(cast: Any) -> None:
    public = ProtocolClient(communicator("/ws/public/"))
    await public.connect()
    # No place: never on the public map; then protected too. A case of violence at
    # home, not a second fire (an unplaced fire is the only open fire's caller).
    unplaced = await database_sync_to_async(open_incident)(
        text="Keributan di rumah warga",
        category="crime",
        kinds=("polri",),
        lat=None,
        lon=None,
        region_code="",
    )
    await database_sync_to_async(protect)(unplaced, cast["dispatcher"])
    fire = await database_sync_to_async(open_incident)(lat=-5.2, lon=105.2)
    latest = await latest_event_id()
    await public.follow(lambda c: c.position == latest)
    ids = {e["incident"]["id"] for f in public.frames for e in f.get("events", []) if e["incident"]}
    assert ids == {fire.pk}
    await public.comm.disconnect()
