"""How many staff of each agency are online, across server processes.

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


async def publish_and_collect(process_id: str, counts: dict[int, int]) -> dict[str, int]:
    if not settings.REDIS_URL:
        return {str(k): v for k, v in counts.items()}
    import redis.asyncio as redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
    try:
        now = time.time()
        await client.hset(KEY, process_id, json.dumps({"at": now, "counts": counts}))
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
