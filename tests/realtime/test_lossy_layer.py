"""The channel layer loses messages; clients still end with every event, once."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import pytest
from channels.db import database_sync_to_async
from django.conf import settings
from django.db import connection

from dispatch import services
from dispatch.models import IncidentEvent
from realtime import hub as hub_module
from tests.conftest import open_incident
from tests.realtime.conftest import ProtocolClient, communicator, latest_event_id
from tests.servers import PrivateRedis

pytestmark = pytest.mark.django_db(transaction=True)


def redis_layer(url: str, **config: Any) -> dict[str, Any]:
    return {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [{"address": url, "socket_timeout": None}], **config},
        }
    }


def all_ids_after(start: int) -> list[int]:
    return list(
        IncidentEvent.objects.filter(pk__gt=start).order_by("pk").values_list("pk", flat=True)
    )


@pytest.mark.redis
async def test_it_recovers_messages_dropped_by_a_full_channel(
    cast: Any, cookies: Any, settings: Any, monkeypatch: Any
) -> None:
    # Capacity 1 and a reader that stalls: the layer drops what does not fit.
    settings.CHANNEL_LAYERS = redis_layer(settings.REDIS_URL, capacity=1, prefix="lossy-test")
    stalled = asyncio.Event()
    original = hub_module.Hub.handle

    async def slow_handle(self: Any, message: dict[str, Any]) -> None:
        await stalled.wait()
        await original(self, message)

    monkeypatch.setattr(hub_module.Hub, "handle", slow_handle)
    incident = await database_sync_to_async(open_incident)()
    client = ProtocolClient(communicator("/ws/dispatch/", cookies["dispatcher"]))
    await client.connect()
    start = client.position
    for lat in [-5.41, -5.42, -5.43, -5.44, -5.45]:
        await database_sync_to_async(services.incident_locate)(
            incident=incident, user=cast["dispatcher"], lat=lat, lon=105.2
        )
    await asyncio.sleep(0.5)
    stalled.set()
    latest = await latest_event_id()
    await client.follow(lambda c: c.confirmed >= latest)
    expected = await database_sync_to_async(all_ids_after)(start)
    assert sorted(client.event_ids) == expected
    assert client.state[incident.pk]["lat"] == -5.45


@pytest.mark.redis
async def test_it_loses_nothing_when_redis_restarts_mid_stream(
    cast: Any, cookies: Any, settings: Any, tmp_path: Path
) -> None:
    redis = PrivateRedis(tmp_path)
    redis.start()
    try:
        settings.CHANNEL_LAYERS = redis_layer(redis.url)
        incident = await database_sync_to_async(open_incident)()
        client = ProtocolClient(communicator("/ws/dispatch/", cookies["dispatcher"]))
        await client.connect()
        start = client.position

        async def move(n: int) -> None:
            for i in range(n):
                await database_sync_to_async(services.incident_locate)(
                    incident=incident, user=cast["dispatcher"], lat=-5.4 - i / 1000, lon=105.2
                )

        await move(3)
        redis.stop()
        await move(3)  # published into the void
        redis.start()
        await asyncio.sleep(1.5)  # the hub resubscribes
        await move(3)
        latest = await latest_event_id()
        await client.follow(lambda c: c.confirmed >= latest, timeout=30)
        expected = await database_sync_to_async(all_ids_after)(start)
        assert sorted(set(client.event_ids)) == expected  # zero missing
        assert len(client.event_ids) == len(expected)  # zero duplicates
    finally:
        redis.stop()


@pytest.mark.postgres
async def test_it_misses_nothing_under_concurrent_writers_and_repeated_resumes(
    cast: Any, cookies: Any
) -> None:
    incidents = [
        await database_sync_to_async(open_incident)(lat=-5.0 - i, lon=105.0) for i in range(6)
    ]
    client = ProtocolClient(communicator("/ws/dispatch/", cookies["dispatcher"]))
    await client.connect()
    start = client.position
    done = threading.Event()

    def write(incident: Any) -> None:
        try:
            for i in range(15):
                services.incident_locate(
                    incident=incident, user=cast["dispatcher"], lat=-5.4 + i / 1000, lon=105.2
                )
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(i,)) for i in incidents]
    for thread in threads:
        thread.start()

    def join() -> None:
        for thread in threads:
            thread.join()
        done.set()

    joiner = threading.Thread(target=join)
    joiner.start()
    while not done.is_set():
        await client.resume()  # resume over and over while writers commit
        await asyncio.sleep(0.01)
    latest = await latest_event_id()
    await client.follow(lambda c: c.confirmed >= latest)
    expected = await database_sync_to_async(all_ids_after)(start)
    assert len(expected) == 90
    assert sorted(set(client.event_ids)) == expected
    assert len(client.event_ids) == len(expected)
    assert settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
