"""How many staff of each agency are online, across server processes, and where
each process's hub stands in the event log (for /metrics).

Each process writes its own counts to a Redis hash with a timestamp at every
heartbeat; a reader sums the fresh entries. Without Redis there is one process,
and its own counts are the answer.
"""

from __future__ import annotations

import json
import logging
import time

from django.conf import settings

logger = logging.getLogger(__name__)

KEY = "dispatch:presence"
STALE_S = 35  # a process that missed three heartbeats is gone


async def publish_and_collect(
    process_id: str, counts: dict[int, int], position: int = 0, repaired: int = 0
) -> dict[str, int]:
    """Write this process's counts and its hub's position; sum every fresh process's counts."""
    if not settings.REDIS_URL:
        return {str(k): v for k, v in counts.items()}
    import redis.asyncio as redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
    entry = {"at": time.time(), "counts": counts, "position": position, "repaired": repaired}
    try:
        now = entry["at"]
        await client.hset(KEY, process_id, json.dumps(entry))
        await client.expire(KEY, 3600)
        entries = await client.hgetall(KEY)
    except Exception:
        logger.warning("presence: Redis unavailable", exc_info=True)
        return {str(k): v for k, v in counts.items()}
    finally:
        await client.aclose()
    return _sum_fresh(entries, now)


def _sum_fresh(entries: dict[bytes, bytes], now: float) -> dict[str, int]:
    total: dict[str, int] = {}
    for raw in entries.values():
        entry = json.loads(raw)
        if now - entry["at"] > STALE_S:
            continue
        for agency_id, count in entry["counts"].items():
            total[str(agency_id)] = total.get(str(agency_id), 0) + count
    return total


def hub_metrics_lines() -> list[str]:
    """/metrics' gauges of the hubs that beat lately (docs/OPERATIONS.md, alerts)."""
    if not settings.REDIS_URL:
        return []
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
    try:
        entries = client.hgetall(KEY)
    finally:
        client.close()
    now = time.time()
    fresh = {
        process.decode()[:12]: entry
        for process, raw in sorted(entries.items())
        if now - (entry := json.loads(raw))["at"] <= STALE_S
    }
    lines = [
        "# HELP dispatch_hub_processes Server processes whose hub beat in the last 35 s.",
        "# TYPE dispatch_hub_processes gauge",
        f"dispatch_hub_processes {len(fresh)}",
        "# HELP dispatch_hub_position Every event id up to this one has been relayed by the hub.",
        "# TYPE dispatch_hub_position gauge",
    ]
    lines += [
        f'dispatch_hub_position{{process="{p}"}} {e.get("position", 0)}' for p, e in fresh.items()
    ]
    lines += [
        "# HELP dispatch_hub_events_repaired_total Events relayed from the log, not the layer.",
        "# TYPE dispatch_hub_events_repaired_total counter",
    ]
    lines += [
        f'dispatch_hub_events_repaired_total{{process="{p}"}} {e.get("repaired", 0)}'
        for p, e in fresh.items()
    ]
    return lines
