"""Publishing from sync code: which event loop carries a group_send, and that it stays lossy.

A Celery worker has no event loop: its sends to a Redis layer go through one
long-lived loop per process, so channels_redis keeps its connections. A sync view
under the server's loop, and the in-memory layer, stay on async_to_sync.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import InMemoryChannelLayer

from realtime import events


class RecordingLayer:
    """A stand-in for channels_redis: records the loop and thread of each send."""

    def __init__(self, delay: float = 0.0) -> None:
        self.calls: list[tuple[asyncio.AbstractEventLoop, threading.Thread, str, dict]] = []
        self.delay = delay

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        if self.delay:
            await asyncio.sleep(self.delay)
        self.calls.append((asyncio.get_running_loop(), threading.current_thread(), group, message))


# Taken for a Redis layer by its module, as channels_redis's classes are.
RecordingLayer.__module__ = "channels_redis.core"


def test_sync_callers_reuse_one_loop_for_a_redis_layer() -> None:
    layer = RecordingLayer()
    for n in range(3):
        events.group_send(layer, events.EVENTS_GROUP, {"n": n})
    loops = {call[0] for call in layer.calls}
    threads = {call[1] for call in layer.calls}
    assert len(layer.calls) == 3
    assert len(loops) == 1 and len(threads) == 1
    assert threads != {threading.current_thread()}
    assert loops == {events._publisher().loop}


async def test_a_sync_view_under_the_server_loop_sends_on_that_loop() -> None:
    layer = RecordingLayer()
    server_loop = asyncio.get_running_loop()
    await sync_to_async(events.group_send)(layer, events.EVENTS_GROUP, {"n": 1})
    assert layer.calls[0][0] is server_loop


def test_the_in_memory_layer_stays_on_async_to_sync() -> None:
    layer = InMemoryChannelLayer()

    async def join() -> str:
        channel = await layer.new_channel()
        await layer.group_add(events.EVENTS_GROUP, channel)
        return channel

    channel = async_to_sync(join)()
    events.group_send(layer, events.EVENTS_GROUP, {"type": "events.new", "message": {"id": 7}})
    received = async_to_sync(layer.receive)(channel)
    assert received["message"] == {"id": 7}


def test_a_stuck_send_is_given_up_logged_and_not_raised(monkeypatch: Any, caplog: Any) -> None:
    layer = RecordingLayer(delay=5)
    monkeypatch.setattr(events, "SEND_TIMEOUT_S", 0.05)
    monkeypatch.setattr(events, "get_channel_layer", lambda: layer)
    with caplog.at_level(logging.WARNING, logger="realtime.events"):
        events.publish({"id": 42})
    assert "publish of event 42 failed" in caplog.text
    assert layer.calls == []
    # The publisher loop is free again for the next event.
    quick = RecordingLayer()
    events.group_send(quick, events.EVENTS_GROUP, {"n": 1})
    assert len(quick.calls) == 1


def test_a_forked_process_gets_its_own_publisher(monkeypatch: Any) -> None:
    first = events._publisher()
    # As in a Celery pool process forked after the parent published: its pid differs.
    monkeypatch.setattr(first, "pid", first.pid - 1)
    second = events._publisher()
    assert second is not first
    assert second.pid == first.pid + 1
    assert second.thread.is_alive()


@pytest.mark.redis
def test_events_reach_a_redis_group_member(settings: Any) -> None:
    from channels.layers import get_channel_layer

    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [settings.REDIS_URL], "prefix": "publish-loop-test"},
        }
    }
    layer = get_channel_layer()

    async def join() -> str:
        channel = await layer.new_channel()
        await layer.group_add(events.EVENTS_GROUP, channel)
        return channel

    channel = async_to_sync(join)()
    for n in (1, 2):
        events.publish({"id": n})

    async def receive_two() -> list[int]:
        return [(await layer.receive(channel))["message"]["id"] for _ in range(2)]

    assert async_to_sync(receive_two)() == [1, 2]
