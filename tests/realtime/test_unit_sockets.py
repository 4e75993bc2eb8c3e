"""Units on the live sockets: staff snapshots carry them, `unit.*` events reach the
desk and the unit's agency live, positions come in `positions` frames (the desk
every unit's, an agency its own), and the public never sees a unit."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from tests.conftest import open_incident
from tests.realtime.conftest import ProtocolClient, communicator, latest_event_id
from tests.units.conftest import make_unit
from units import services
from units.projections import apply_positions, apply_unit_event

pytestmark = pytest.mark.django_db(transaction=True)


def two_units(agencies: Any) -> tuple[Any, Any]:
    engine = make_unit(agencies["damkar"], "DAMKAR-01", "fire_engine", -5.41, 105.26)
    ambulance = make_unit(agencies["dinkes"], "PSC119-01", "ambulance", -5.42, 105.26)
    return engine, ambulance


def units_of(client: ProtocolClient) -> dict[int, dict[str, Any]]:
    units: dict[int, dict[str, Any]] = {}
    for frame in client.frames:
        if frame["type"] == "snapshot":
            units = {u["id"]: u for u in frame.get("units", [])}
        elif frame["type"] == "event":
            apply_unit_event(units, frame, client.agency_id)
        elif frame["type"] == "positions":
            apply_positions(units, frame["units"])
    return units


def positioned(client: ProtocolClient) -> set[int]:
    """The units whose positions came in positions frames."""
    return {u["id"] for f in client.frames if f["type"] == "positions" for u in f["units"]}


def moved(unit: Any, user: Any, lat: float) -> None:
    fix = {"lat": lat, "lon": 105.25, "at": timezone.now(), "accuracy_m": 5.0}
    services.unit_positions_record(unit=unit, user=user, positions=[fix])


async def test_it_gives_the_desk_every_unit_then_their_changes_live(
    cast: Any, cookies: Any, city_agencies: Any
) -> None:
    engine, ambulance = await database_sync_to_async(two_units)(city_agencies)
    fire = await database_sync_to_async(open_incident)()
    client = ProtocolClient(communicator("/ws/dispatch/", cookies["dispatcher"]))
    await client.connect()
    assert set(units_of(client)) == {engine.pk, ambulance.pk}
    await database_sync_to_async(services.unit_assign)(
        unit=engine, incident=fire, user=cast["dispatcher"], recommended_rank=1
    )
    await database_sync_to_async(services.unit_set_status)(
        unit=engine, user=cast["damkar"], status="en_route"
    )
    await database_sync_to_async(moved)(ambulance, cast["dinkes"], -5.40)
    latest = await latest_event_id()
    await client.follow(lambda c: c.position == latest and ambulance.pk in positioned(c))
    live = [f["event"] for f in client.frames if f["type"] == "event"]
    assert live == ["unit.assigned", "unit.status_changed"]
    units = units_of(client)
    assert units[engine.pk]["status"] == "en_route"
    assert units[engine.pk]["incident_id"] == fire.pk
    assert units[ambulance.pk]["lat"] == pytest.approx(-5.40)
    await client.comm.disconnect()


async def test_it_gives_an_agency_its_own_units_only(
    cast: Any, cookies: Any, city_agencies: Any
) -> None:
    engine, ambulance = await database_sync_to_async(two_units)(city_agencies)
    client = ProtocolClient(
        communicator("/ws/agency/", cookies["dinkes"]), agency_id=city_agencies["dinkes"].pk
    )
    await client.connect()
    assert set(units_of(client)) == {ambulance.pk}
    await database_sync_to_async(moved)(engine, cast["damkar"], -5.39)
    await database_sync_to_async(moved)(ambulance, cast["dinkes"], -5.38)
    await client.follow(lambda c: ambulance.pk in positioned(c))
    # Another relay or two, which would carry the engine too.
    loop = asyncio.get_running_loop()
    until = loop.time() + 2.5
    await client.follow(lambda c: loop.time() > until)
    assert positioned(client) == {ambulance.pk}
    assert units_of(client)[ambulance.pk]["lat"] == pytest.approx(-5.38)
    await client.comm.disconnect()


async def test_it_never_shows_a_unit_to_the_public(
    cast: Any, cookies: Any, city_agencies: Any
) -> None:
    engine, _ = await database_sync_to_async(two_units)(city_agencies)
    fire = await database_sync_to_async(open_incident)()
    comm = communicator("/ws/public/")
    connected, _code = await comm.connect()
    assert connected
    await comm.send_json_to({"type": "resume", "after": None})
    frames: list[dict[str, Any]] = [await comm.receive_json_from(timeout=5)]
    while not frames[-1].get("resumed"):
        frames.append(await comm.receive_json_from(timeout=5))
    await database_sync_to_async(services.unit_assign)(
        unit=engine, incident=fire, user=cast["dispatcher"], recommended_rank=1
    )
    await database_sync_to_async(moved)(engine, cast["damkar"], -5.39)
    # Everything the socket got in 3 s. Not by receiving with a timeout: the
    # communicator cancels the application when one runs out (asgiref), and a
    # loaded machine left a gap of 0.5 s between frames.
    await asyncio.sleep(3)
    while not comm.output_queue.empty():
        frames.append(await comm.receive_json_from())
    text = json.dumps(frames)
    assert '"units"' not in text and "DAMKAR-01" not in text and "unit.position" not in text
    # The assignment's incident did reach the public map, anonymized.
    assert any(f["type"] == "batch" for f in frames)
    await comm.disconnect()


async def test_it_sends_the_positions_again_to_a_socket_that_resumes_from_the_log(
    cast: Any, cookies: Any, city_agencies: Any
) -> None:
    # Positions are not in the log: a replay alone would leave a unit where it was.
    engine, _ = await database_sync_to_async(two_units)(city_agencies)
    await database_sync_to_async(open_incident)()
    client = ProtocolClient(communicator("/ws/dispatch/", cookies["dispatcher"]))
    await client.connect()
    await client.comm.disconnect()
    await database_sync_to_async(moved)(engine, cast["damkar"], -5.37)
    again = ProtocolClient(communicator("/ws/dispatch/", cookies["dispatcher"]))
    again.position = client.position
    again.frames = list(client.frames)
    await again.connect()
    assert again.frames[-2]["type"] == "positions"
    assert units_of(again)[engine.pk]["lat"] == pytest.approx(-5.37)
    await again.comm.disconnect()
