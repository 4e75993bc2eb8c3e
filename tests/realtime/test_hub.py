"""The process hub: bounded bookkeeping per socket, and snapshots shared per audience."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from channels.db import database_sync_to_async

from dispatch import services
from realtime import hub as hub_module
from realtime.hub import get_hub
from tests.conftest import open_incident
from tests.realtime.conftest import ProtocolClient, communicator, latest_event_id

pytestmark = pytest.mark.django_db(transaction=True)


def only(sockets: Any) -> Any:
    (socket,) = sockets
    return socket


async def test_it_forgets_sent_ids_once_the_hub_vouches_for_them(cast: Any, cookies: Any) -> None:
    first = await database_sync_to_async(open_incident)()
    client = ProtocolClient(communicator("/ws/dispatch/", cookies["dispatcher"]))
    await client.connect()
    hub = await get_hub()
    socket = only(hub.dispatch)
    claim = database_sync_to_async(services.incident_claim)
    await claim(incident=first, user=cast["damkar"])
    latest = await latest_event_id()
    await client.follow(lambda c: c.position == latest)
    await hub.repair()
    hub.advance_sockets()
    assert socket.through == latest
    assert socket.sent == set()
    # Delivery goes on, once each, after the ids were forgotten.
    await database_sync_to_async(services.incident_release)(incident=first, user=cast["damkar"])
    await claim(incident=first, user=cast["damkar"])
    latest = await latest_event_id()
    await client.follow(lambda c: c.position == latest)
    assert len(client.event_ids) == len(set(client.event_ids))
    await client.comm.disconnect()


async def test_it_keeps_a_public_batch_that_is_not_sent_yet(cast: Any, cookies: Any) -> None:
    client = ProtocolClient(communicator("/ws/public/"))
    await client.connect()
    hub = await get_hub()
    hub.public_last_frame = time.monotonic()  # a frame just went out: the next one waits
    incident = await database_sync_to_async(open_incident)()
    latest = await latest_event_id()
    await hub.repair()  # relayed and confirmed, but the public batch waits for its second
    assert hub.public_pending
    assert hub.confirmed == latest
    hub.advance_sockets()
    hub.flush_public()
    await client.follow(lambda c: incident.pk in c.state)
    assert client.position == latest
    await client.comm.disconnect()


async def test_it_sends_the_first_public_change_after_a_quiet_spell_at_once(
    cast: Any,
) -> None:
    client = ProtocolClient(communicator("/ws/public/"))
    await client.connect()
    await asyncio.sleep(hub_module.PUBLIC_FLUSH_S)  # quiet: no public frame for a second
    incident = await database_sync_to_async(open_incident)()
    started = time.monotonic()
    await client.follow(lambda c: incident.pk in c.state)
    # Not held back for the coalescing second (that would be 0.5 s on average).
    assert time.monotonic() - started < 0.4
    await client.comm.disconnect()


async def test_it_builds_one_snapshot_for_sockets_that_open_together(
    cast: Any, cookies: Any, monkeypatch: Any
) -> None:
    await database_sync_to_async(open_incident)()
    builds: list[str] = []
    build = hub_module.snapshot_frames

    def counting(audience: Any) -> Any:
        builds.append(audience.kind)
        return build(audience)

    monkeypatch.setattr(hub_module, "snapshot_frames", counting)
    clients = [ProtocolClient(communicator("/ws/public/")) for _ in range(3)]
    for client in clients:
        await client.connect()
    assert builds == ["public"]
    assert clients[0].state == clients[2].state

    # A newer event makes the next socket read afresh.
    second = await database_sync_to_async(open_incident)(lat=-5.3, lon=105.3)
    await (await get_hub()).repair()
    late = ProtocolClient(communicator("/ws/public/"))
    await late.connect()
    assert builds == ["public", "public"]
    assert second.pk in late.state
    for client in [*clients, late]:
        await client.comm.disconnect()


async def test_it_keeps_snapshots_apart_per_agency(cast: Any, cookies: Any) -> None:
    fire = await database_sync_to_async(open_incident)(kinds=("damkar",))
    damkar = ProtocolClient(communicator("/ws/agency/", cookies["damkar"]))
    dinkes = ProtocolClient(communicator("/ws/agency/", cookies["dinkes"]))
    await damkar.connect()
    await dinkes.connect()
    assert fire.pk in damkar.state
    assert fire.pk not in dinkes.state
    await damkar.comm.disconnect()
    await dinkes.comm.disconnect()
