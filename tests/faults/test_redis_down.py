"""Redis down for 10 s: intake answers 201 and keeps reports; they are processed after,
and websocket clients end with every event."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import pytest
import websockets
from channels.db import database_sync_to_async

from dispatch.models import IncidentEvent, Report
from tests.faults.conftest import STACKS, Stack, post_report, stack_env, wait_for, worker
from tests.servers import PrivateRedis, asgi_server, celery

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


async def follow(
    port: int, cookie: bytes, seen: list[int], stop: asyncio.Event, ready: asyncio.Event
) -> None:
    """A dispatcher screen: resume, apply events, resume again after any gap.

    `ready` is set once the first resume is answered: events before it are in the
    snapshot, not in `seen`.
    """
    position = None
    while not stop.is_set():
        try:
            async with websockets.connect(
                f"ws://127.0.0.1:{port}/ws/dispatch/",
                origin=f"http://127.0.0.1:{port}",
                additional_headers={"Cookie": cookie.decode()},
            ) as socket:
                await socket.send(json.dumps({"type": "resume", "after": position}))
                while not stop.is_set():
                    try:
                        message = json.loads(await asyncio.wait_for(socket.recv(), 0.5))
                    except TimeoutError:
                        continue
                    if message["type"] == "snapshot":
                        position = message["last_event_id"]
                    elif message["type"] == "event":
                        seen.append(message["id"])
                        position = max(position or 0, message["id"])
                    elif message["type"] == "heartbeat":
                        if message.get("resumed"):
                            position = max(position or 0, message["last_event_id"])
                            ready.set()
                        elif message["last_event_id"] > (position or 0):
                            await socket.send(json.dumps({"type": "resume", "after": position}))
        except (OSError, websockets.ConnectionClosed):
            await asyncio.sleep(0.5)


@pytest.mark.parametrize("stack", STACKS)
async def test_it_keeps_taking_reports_while_redis_is_down(
    stack: Stack, cast: Any, cookies: Any, tmp_path: Path, record_property: Any
) -> None:
    redis = PrivateRedis(tmp_path)
    redis.start()
    # Reports whose task could not be queued wait for the outbox sweep: sooner here.
    env = stack_env(
        REDIS_URL=redis.url,
        REPORT_SWEEP_S="2",
        REPORT_REQUEUE_AFTER_S="1",
        REALTIME_HEARTBEAT_S="1",
    )
    seen: list[int] = []
    stop = asyncio.Event()
    start = await database_sync_to_async(
        lambda: IncidentEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    )()
    try:
        with (
            asgi_server(env, tmp_path / "web.log", kind=stack.server) as port,
            celery(env, tmp_path / "worker.log", *worker(stack.pool)),
            celery(env, tmp_path / "beat.log", "beat", "--schedule", str(tmp_path / "beat")),
        ):
            ready = asyncio.Event()
            watcher = asyncio.create_task(follow(port, cookies["dispatcher"], seen, stop, ready))
            await asyncio.wait_for(ready.wait(), 30)
            body = {"text": "Banjir setinggi lutut", "lat": -5.44, "lon": 105.26}
            assert await asyncio.to_thread(post_report, port, body) == 201
            redis.stop()
            down_at = time.monotonic()
            statuses, answers = [], []
            for i in range(5):
                body = {"text": f"Kebakaran rumah {i}", "lat": -5.30 - i / 10, "lon": 105.2}
                began = time.monotonic()
                statuses.append(await asyncio.to_thread(post_report, port, body))
                answers.append(time.monotonic() - began)
            assert max(answers) < 5  # answered at once, not after retries
            assert statuses == [201] * 5
            await asyncio.sleep(max(0, 10 - (time.monotonic() - down_at)))
            redis.start()
            down_s = time.monotonic() - down_at

            def all_processed() -> bool:
                return not Report.objects.exclude(state="processed").exists()

            ok = await asyncio.to_thread(wait_for, all_processed, 90)
            assert ok, (tmp_path / "worker.log").read_text()[-3000:]
            processed_after = time.monotonic() - down_at - down_s
            assert await database_sync_to_async(Report.objects.count)() == 6
            expected = await database_sync_to_async(
                lambda: list(
                    IncidentEvent.objects.filter(pk__gt=start)
                    .order_by("pk")
                    .values_list("pk", flat=True)
                )
            )()
            await asyncio.to_thread(wait_for, lambda: set(expected) <= set(seen), 30)
            stop.set()
            await watcher
    finally:
        redis.stop()
    assert sorted(set(seen)) == expected  # zero missing
    assert len(seen) == len(set(seen))  # zero duplicates
    record_property("redis_down_s", round(down_s, 1))
    record_property("reports_accepted_while_down", statuses.count(201))
    record_property("slowest_answer_while_down_s", round(max(answers), 2))
    record_property("seconds_from_redis_back_to_all_processed", round(processed_after, 1))
    record_property("events_lost", len(set(expected) - set(seen)))
