"""/ws/dispatch/, /ws/agency/, /ws/public/: who may connect, what each receives."""

from __future__ import annotations

from typing import Any

import pytest
from channels.db import database_sync_to_async

from dispatch import services
from dispatch.projections import PUBLIC_FIELDS
from tests.conftest import open_incident
from tests.realtime.conftest import ProtocolClient, communicator, latest_event_id

pytestmark = pytest.mark.django_db(transaction=True)


async def test_it_gives_a_dispatcher_a_snapshot_then_live_events(cast: Any, cookies: Any) -> None:
    first = await database_sync_to_async(open_incident)()
    client = ProtocolClient(communicator("/ws/dispatch/", cookies["dispatcher"]))
    await client.connect()
    assert client.frames[0]["type"] == "snapshot"
    assert set(client.state) == {first.pk}
    await database_sync_to_async(services.incident_claim)(incident=first, user=cast["damkar"])
    latest = await latest_event_id()
    await client.follow(lambda c: c.position == latest)
    assert client.state[first.pk]["status"] == "claimed"
    live = [f for f in client.frames if f["type"] == "event"]
    assert live[-1]["event"] == "incident.claimed"
    assert live[-1]["id"] == latest
    await client.comm.disconnect()


async def test_it_sends_heartbeats_with_the_latest_event_id(cast: Any, cookies: Any) -> None:
    await database_sync_to_async(open_incident)()
    client = ProtocolClient(communicator("/ws/dispatch/", cookies["dispatcher"]))
    await client.connect()
    message = await client.comm.receive_json_from(timeout=5)
    while message["type"] != "heartbeat":
        message = await client.comm.receive_json_from(timeout=5)
    assert message["last_event_id"] == await latest_event_id()
    await client.comm.disconnect()


@pytest.mark.parametrize(
    ("path", "who", "code"),
    [
        ("/ws/dispatch/", None, 4401),
        ("/ws/agency/", None, 4401),
        ("/ws/dispatch/", "damkar", 4403),
        ("/ws/dispatch/", "citizen", 4403),
        ("/ws/agency/", "dispatcher", 4403),
        ("/ws/agency/", "citizen", 4403),
    ],
)
async def test_it_refuses_sockets_without_the_role(
    cookies: Any, path: str, who: str | None, code: int
) -> None:
    comm = communicator(path, cookies.get(who) if who else None)
    connected, close_code = await comm.connect()
    assert not connected
    assert close_code == code


@pytest.mark.parametrize("path", ["/ws/dispatch/", "/ws/agency/", "/ws/public/"])
async def test_it_refuses_a_foreign_origin(cookies: Any, path: str) -> None:
    comm = communicator(path, cookies["dispatcher"], origin=b"http://evil.example.com")
    connected, _ = await comm.connect()
    assert not connected


@pytest.mark.parametrize(
    "origin",
    # Issue 17: the host alone was compared; another scheme or port of it is another
    # site (a plain-http page, another service on the same machine).
    [
        b"https://localhost",
        b"http://localhost:8081",
        b"null",
        b"",
        b"http://localhost.evil.example",
    ],
)
async def test_it_refuses_another_origin_of_the_same_host(cookies: Any, origin: bytes) -> None:
    comm = communicator("/ws/dispatch/", cookies["dispatcher"], origin=origin)
    connected, _ = await comm.connect()
    assert not connected


async def test_it_accepts_the_pages_own_origin_and_trusted_ones(
    cookies: Any, settings: Any
) -> None:
    for origin, host in [
        (b"http://localhost", b"localhost"),
        (b"http://localhost:80", b"localhost"),
    ]:
        comm = communicator("/ws/public/", origin=origin, host=host)
        assert (await comm.connect())[0], origin
        await comm.disconnect()
    # TLS ends at the proxy: the socket is plain ws, the page https.
    settings.ALLOWED_HOSTS = ["dispatch.example.go.id"]
    settings.CSRF_TRUSTED_ORIGINS = ["https://dispatch.example.go.id"]
    trusted = communicator(
        "/ws/public/", origin=b"https://dispatch.example.go.id", host=b"dispatch.example.go.id"
    )
    assert (await trusted.connect())[0]
    await trusted.disconnect()


async def test_it_takes_the_scheme_from_a_trusted_proxy_only(settings: Any) -> None:
    forwarded = [(b"x-forwarded-proto", b"https")]
    settings.NUM_PROXIES = 0
    comm = communicator("/ws/public/", origin=b"https://localhost", extra=forwarded)
    assert not (await comm.connect())[0]
    settings.NUM_PROXIES = 1
    comm = communicator("/ws/public/", origin=b"https://localhost", extra=forwarded)
    assert (await comm.connect())[0]
    await comm.disconnect()


async def test_it_answers_a_deeply_nested_frame_with_an_error(caplog: Any) -> None:
    # Issue 17: json.loads' RecursionError escaped receive() and logged a traceback.
    comm = communicator("/ws/public/")
    await comm.connect()
    await comm.send_to(text_data="[" * 100_000 + "]" * 100_000)
    message = await comm.receive_json_from(timeout=5)
    while message["type"] != "error":
        message = await comm.receive_json_from(timeout=5)
    assert message["message"]
    await comm.send_to(text_data='{"type": "ping"}')
    message = await comm.receive_json_from(timeout=5)
    while message["type"] != "pong":
        message = await comm.receive_json_from(timeout=5)
    assert not [r for r in caplog.records if r.exc_info]
    await comm.disconnect()


async def test_it_closes_the_socket_when_the_user_signs_out(cast: Any, cookies: Any) -> None:
    from django.test import Client

    client = ProtocolClient(communicator("/ws/dispatch/", cookies["dispatcher"]))
    await client.connect()
    browser = Client()
    browser.cookies["sessionid"] = cookies["dispatcher"].decode().split("=", 1)[1]
    await database_sync_to_async(browser.post)("/accounts/logout/")
    closed = False
    for _ in range(20):
        message = await client.comm.receive_output(timeout=5)
        if message["type"] == "websocket.close":
            closed = True
            break
    assert closed


async def test_it_closes_the_socket_when_the_role_is_taken_away(cast: Any, cookies: Any) -> None:
    client = ProtocolClient(communicator("/ws/agency/", cookies["damkar"]))
    await client.connect()
    await database_sync_to_async(cast["damkar"].staff.delete)()
    closed = False
    for _ in range(20):
        message = await client.comm.receive_output(timeout=5)
        if message["type"] == "websocket.close":
            closed = message.get("code") == 4408
            break
    assert closed


async def test_it_never_sends_an_agency_another_agencys_incidents(cast: Any, cookies: Any) -> None:
    damkar = ProtocolClient(communicator("/ws/agency/", cookies["damkar"]))
    await damkar.connect()
    await database_sync_to_async(open_incident)(
        kinds=("dinkes",), category="medical", lat=-5.30, lon=105.30
    )
    mine = await database_sync_to_async(open_incident)(kinds=("damkar",), lat=-5.45, lon=105.2)
    latest = await latest_event_id()
    await damkar.follow(lambda c: c.position == latest)
    incidents = [f["incident"] for f in damkar.frames if f.get("incident")]
    assert incidents
    assert {i["id"] for i in incidents} == {mine.pk}
    assert set(damkar.state) == {mine.pk}
    await damkar.comm.disconnect()


async def test_it_gives_the_public_only_anonymized_fields(cast: Any) -> None:
    await database_sync_to_async(open_incident)(
        text="Kebakaran di rumah Pak Budi 0812-1111-2222", phone="+6281211112222"
    )
    public = ProtocolClient(communicator("/ws/public/"))
    await public.connect()
    incident = await database_sync_to_async(open_incident)(lat=-5.4012345, lon=105.2612345)
    # The opening reaches the public before the claim: within a second the two would
    # be coalesced into one payload, and the event's own payload would go unchecked.
    opened = await latest_event_id()
    await public.follow(lambda c: c.position == opened)
    await database_sync_to_async(services.incident_claim)(incident=incident, user=cast["damkar"])
    latest = await latest_event_id()
    await public.follow(lambda c: c.position == latest)
    payloads = list(public.frames[0]["incidents"])
    for frame in public.frames:
        for event in frame.get("events", []):
            payloads.append(event["incident"])
            assert set(event) == {"type", "id", "event", "incident"}
    assert len(payloads) >= 3
    for payload in payloads:
        assert set(payload) == set(PUBLIC_FIELDS)
        assert payload["lat"] != -5.4012345
    text = str(public.frames)
    for secret in ["Budi", "0812", "6281211112222", "Kebakaran di rumah", "damkar"]:
        assert secret not in text
    await public.comm.disconnect()


async def test_it_coalesces_public_frames_to_one_a_second(cast: Any) -> None:
    public = ProtocolClient(communicator("/ws/public/"))
    await public.connect()
    incident = await database_sync_to_async(open_incident)()
    for status in ["en_route", "on_scene"]:
        if status == "en_route":
            await database_sync_to_async(services.incident_claim)(
                incident=incident, user=cast["damkar"]
            )
        await database_sync_to_async(services.incident_set_status)(
            incident=incident, user=cast["damkar"], status=status
        )
    latest = await latest_event_id()
    await public.follow(lambda c: c.position == latest)
    batches = [f for f in public.frames if f["type"] == "batch"]
    # Five events (opened, assigned, claimed, en route, on scene) within a second:
    # at most two frames, and only the newest state of the incident in each.
    assert 1 <= len(batches) <= 2
    assert public.state[incident.pk]["status"] == "on_scene"
    await public.comm.disconnect()


async def test_it_answers_bad_messages_with_an_error(cast: Any) -> None:
    comm = communicator("/ws/public/")
    await comm.connect()
    for raw in ["not json", "[1]", '{"type": "resume", "after": "x"}', '{"type": "dance"}']:
        await comm.send_to(text_data=raw)
        message = await comm.receive_json_from(timeout=5)
        while message["type"] != "error":
            message = await comm.receive_json_from(timeout=5)
        assert message["message"]
    await comm.disconnect()


async def test_it_tells_dispatchers_who_is_online(cast: Any, cookies: Any) -> None:
    agency = ProtocolClient(communicator("/ws/agency/", cookies["damkar"]))
    await agency.connect()
    dispatcher = ProtocolClient(communicator("/ws/dispatch/", cookies["dispatcher"]))
    await dispatcher.connect()
    damkar_id = str(cast["damkar"].staff.agency_id)
    for _ in range(30):
        message = await dispatcher.comm.receive_json_from(timeout=5)
        if message["type"] == "presence" and message["agencies"].get(damkar_id):
            break
    else:
        pytest.fail("no presence frame")
    assert message["agencies"][damkar_id] >= 1
    await agency.comm.disconnect()
    await dispatcher.comm.disconnect()


async def test_it_sends_a_large_snapshot_in_parts(
    cast: Any, cookies: Any, monkeypatch: Any
) -> None:
    from realtime import sync

    monkeypatch.setattr(sync, "SNAPSHOT_PART", 2)
    for n in range(5):
        await database_sync_to_async(open_incident)(lat=-5.0 - n, lon=105.0)
    client = ProtocolClient(communicator("/ws/dispatch/", cookies["dispatcher"]))
    await client.connect()
    kinds = [f["type"] for f in client.frames]
    assert kinds[:3] == ["snapshot", "snapshot_more", "snapshot_more"]
    assert [len(f["incidents"]) for f in client.frames[:3]] == [2, 2, 1]
    assert [f["more"] for f in client.frames[:3]] == [True, True, False]
    assert len(client.state) == 5
    await client.comm.disconnect()


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        ("https://ops.dispatch.example.go.id", True),
        ("https://ops.dispatch.example.go.id:443", True),
        ("http://www.dispatch.example.go.id", False),
        ("https://www.dispatch.example.go.id", True),
        ("https://ops.dispatch.example.go.id:8443", False),
        ("https://dispatch.example.go.id.evil.example", False),
        ("https://[::1]:99999", False),
    ],
)
def test_it_reads_wildcard_trusted_origins(settings: Any, origin: str, allowed: bool) -> None:
    from realtime.origin import origin_allowed

    settings.ALLOWED_HOSTS = [".dispatch.example.go.id"]
    settings.CSRF_TRUSTED_ORIGINS = ["https://*.dispatch.example.go.id"]
    headers = [(b"origin", origin.encode()), (b"host", b"ops.dispatch.example.go.id")]
    assert origin_allowed({"type": "websocket", "headers": headers}) is allowed
