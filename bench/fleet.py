"""Units reporting their positions, for the bench's `units` phase: the dispatch
phase's load with a fleet of field phones beside it (issue 19, "Benchmark").

Each unit POSTs /api/units/<id>/positions/ every `interval` seconds with its own
API token (its agency's user), the units spread evenly over the interval, open loop
like the report generator. A request carries the fixes taken since the unit's last
one, as the field app sends them (units/static/units/field-duty.js): `fixes` of
them, one every interval/fixes seconds, the newest stamped when the request is due.

Figures: the requests' rate, latency and errors; the position rows stored and the
writes that stored them (the batching: each server process writes every unit's
fixes once a second, units/services/position_writes.py); and the positions
reaching the dispatch sockets in the hubs' `positions` frames
(realtime/positions.py): the share of the accepted requests each socket saw, and
the time from the request's due time (its newest fix) to each socket.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from bench.loadgen import CITY_BOX, Sample, achieved_rate, open_loop
from bench.stats import summary_ms


def iso(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).isoformat()


def position_bodies(
    count: int, fixes: int, interval: float, seed: int = 19
) -> Callable[[int], bytes]:
    """Request `seq` is unit seq % count's: `fixes` fixes ending now, a short walk."""
    rng = random.Random(seed)
    spots = [[rng.uniform(*CITY_BOX[0]), rng.uniform(*CITY_BOX[1])] for _ in range(count)]

    def body(seq: int) -> bytes:
        spot, now = spots[seq % count], time.time()
        batch = []
        for step in range(fixes):
            spot[0] += rng.uniform(-2e-4, 2e-4)  # ~20 m between fixes
            spot[1] += rng.uniform(-2e-4, 2e-4)
            at = now - (fixes - 1 - step) * interval / fixes
            accuracy = round(rng.uniform(3, 25), 1)
            batch.append(
                {
                    "lat": round(spot[0], 6),
                    "lon": round(spot[1], 6),
                    "at": iso(at),
                    "accuracy_m": accuracy,
                }
            )
        return json.dumps({"positions": batch}).encode()

    return body


def position_routes(units: list[list[Any]]) -> Callable[[int], tuple[str, str]]:
    """Request `seq`: unit seq % len(units)'s URL and token."""

    def route(seq: int) -> tuple[str, str]:
        unit_id, token = units[seq % len(units)]
        return f"/api/units/{unit_id}/positions/", f"Authorization: Token {token}\r\n"

    return route


async def send_positions(
    port: int, units: list[list[Any]], interval: float, seconds: float, fixes: int
) -> list[Sample]:
    """Every unit once per `interval` for `seconds`, evenly spread, open loop."""
    return await open_loop(
        "127.0.0.1",
        port,
        len(units) / interval,
        seconds,
        position_bodies(len(units), fixes, interval),
        route=position_routes(units),
    )


def request_summary(samples: list[Sample], written: dict[str, int] | None = None) -> dict[str, Any]:
    """Rate, latency and errors of the position requests (202 accepted); the rows
    stored and the writes that stored them, when counted in the table."""
    ok = [s for s in samples if s.status == 202]
    rows, writes = (written or {}).get("rows"), (written or {}).get("writes")
    return {
        "sent": len(samples),
        "accepted": len(ok),
        "errors": len(samples) - len(ok),
        "error_kinds": sorted({f"{s.status} {s.error}" for s in samples if s.status != 202})[:5],
        "achieved_per_s": round(achieved_rate(samples), 1),
        "api": summary_ms([s.latency for s in ok]),
        "fixes_accepted": sum(s.fixes or 0 for s in ok),
        "rows_written": rows,
        "writes": writes,
        "rows_per_request": round(rows / len(ok), 2) if ok and rows is not None else None,
        "rows_per_write": round(rows / writes, 1) if writes and rows is not None else None,
    }


def position_deliveries(
    recordings: list[dict[str, Any]], samples: list[Sample], units: list[list[Any]]
) -> dict[str, Any]:
    """The accepted requests' newest fixes in the sockets' positions frames.

    A position is soft state: a hub sends a unit's newest fix, so a request is seen
    by a socket once that socket got a fix of its unit taken at or after the
    request's due time (1 s of clock slack): that fix, or a newer one.
    """
    expected = [(units[s.seq % len(units)][0], s.due) for s in samples if s.status == 202]
    sockets, delivered, latencies, frames_seen = 0, 0, [], 0
    for recording in recordings:
        frames = recording["frames"]
        for socket in recording["sockets"]:
            sockets += 1
            seen: dict[int, list[tuple[float, float]]] = {}
            for index, at in zip(socket["frames"], socket["times"], strict=True):
                frame = frames[index]
                if frame["kind"] != "positions":
                    continue
                frames_seen += 1
                for unit_id, fix_at in frame["units"]:
                    seen.setdefault(unit_id, []).append((fix_at, at))
            for unit_id, due in expected:
                arrival = next((a for fix, a in seen.get(unit_id, ()) if fix >= due - 1), None)
                if arrival is not None:
                    delivered += 1
                    latencies.append(arrival - due)
    total = len(expected) * sockets
    return {
        "requests": len(expected),
        "sockets": sockets,
        "frames_per_socket": round(frames_seen / sockets, 1) if sockets else None,
        "delivered_ratio": round(delivered / total, 6) if total else None,
        "latency_from_due": summary_ms(latencies),
    }
