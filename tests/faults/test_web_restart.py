"""The web server restarted: screens reconnect, resume, and miss nothing."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest
from channels.db import database_sync_to_async

from dispatch import services
from dispatch.models import IncidentEvent
from tests.conftest import open_incident
from tests.faults.conftest import SERVERS, stack_env
from tests.faults.test_redis_down import follow
from tests.servers import asgi_server, free_port

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("server", SERVERS)
async def test_it_resumes_after_the_web_server_restarts(
    server: str, cast: Any, cookies: Any, tmp_path: Path, record_property: Any
) -> None:
    env = stack_env(REALTIME_HEARTBEAT_S="1")
    incident = await database_sync_to_async(open_incident)()
    start = await database_sync_to_async(
        lambda: IncidentEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    )()
    port = free_port()
    seen: list[int] = []
    stop = asyncio.Event()

    async def move(n: int, base: float) -> None:
        for i in range(n):
            await database_sync_to_async(services.incident_locate)(
                incident=incident, user=cast["dispatcher"], lat=base - i / 1000, lon=105.2
            )

    with asgi_server(env, tmp_path / "web1.log", port=port, kind=server):
        ready = asyncio.Event()
        watcher = asyncio.create_task(follow(port, cookies["dispatcher"], seen, stop, ready))
        await asyncio.wait_for(ready.wait(), 30)
        await move(3, -5.40)
        await asyncio.sleep(1.5)
    # The server is gone: changes go on in the database meanwhile.
    await move(3, -5.50)
    with asgi_server(env, tmp_path / "web2.log", port=port, kind=server):
        restarted = time.monotonic()
        await move(3, -5.60)
        expected = await database_sync_to_async(
            lambda: list(
                IncidentEvent.objects.filter(pk__gt=start)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        )()
        for _ in range(300):
            if set(expected) <= set(seen):
                break
            await asyncio.sleep(0.1)
        caught_up = time.monotonic() - restarted
        stop.set()
        await watcher
    assert len(expected) == 9
    assert sorted(set(seen)) == expected  # nothing missing
    assert len(seen) == len(set(seen))  # nothing twice
    record_property("events_received", len(set(seen)))
    record_property("events_lost", len(set(expected) - set(seen)))
    record_property("seconds_from_restart_to_caught_up", round(caught_up, 1))
