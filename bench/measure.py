"""Measurement helpers: client processes, and latency/delivery from their recordings.

A recording (bench.clients) says, per socket, which frames arrived when. The
harness knows when each accepted report was due (open loop) and, from the
database or the baseline's numbering, which event or incident each report made.
Putting both together gives end-to-end latency per (report, socket) and the
delivered ratio: deliveries seen / (reports x sockets).
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import procs
from bench.stack import prepare_child
from bench.stats import summary_ms

ROOT = Path(__file__).resolve().parents[1]


class ClientProcess:
    """A child `python -m bench.clients` holding `count` sockets."""

    module = "bench.clients"

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.process: asyncio.subprocess.Process | None = None

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    async def start(self) -> dict[str, Any]:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            self.module,
            cwd=ROOT,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            preexec_fn=prepare_child,
        )
        return await self._ask(json.dumps(self.config))

    async def _ask(self, line: str) -> dict[str, Any]:
        assert self.process is not None and self.process.stdin and self.process.stdout
        self.process.stdin.write(line.encode() + b"\n")
        await self.process.stdin.drain()
        answer = await self.process.stdout.readline()
        if not answer:
            raise RuntimeError("bench.clients exited without answering")
        return json.loads(answer)

    async def frames(self) -> int:
        return (await self._ask("count"))["frames"]

    async def stop(self) -> dict[str, Any]:
        await self._ask("stop")
        assert self.process is not None
        await self.process.wait()
        return json.loads(Path(self.config["out"]).read_text())

    def kill(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.kill()


async def start_clients(
    url: str, count: int, processes: int, out_dir: Path, origin: str, cookies: list[str] | None
) -> tuple[list[ClientProcess], dict[str, Any]]:
    """Spread `count` sockets over `processes` children; returns once all resumed."""
    pool = []
    for index in range(processes):
        share = count // processes + (1 if index < count % processes else 0)
        config = {
            "url": url,
            "count": share,
            "origin": origin,
            "cookies": cookies or [],
            "out": str(out_dir / f"clients-{index}.json"),
        }
        pool.append(ClientProcess(config))
    answers = await asyncio.gather(*(client.start() for client in pool))
    summary = {
        "ready": sum(a["ready"] for a in answers),
        "failed": sum(a["failed"] for a in answers),
        "connect_s": max(a["connect_s"] for a in answers),
        "errors": sorted({e for a in answers for e in a.get("errors", [])})[:5],
    }
    return pool, summary


async def wait_drained(
    pool: list[ClientProcess], expected: int, timeout: float, quiet: float = 2.0
) -> float:
    """Wait until the clients hold `expected` frames, or nothing new came for `quiet` s
    (more than the public audience's 1 s between batches)."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    last, quiet_since = -1, loop.time()
    while loop.time() - started < timeout:
        total = sum(await asyncio.gather(*(c.frames() for c in pool)))
        if total >= expected:
            break
        if total != last:
            last, quiet_since = total, loop.time()
        elif loop.time() - quiet_since > quiet:
            break
        await asyncio.sleep(0.25)
    return loop.time() - started


def client_cpu(pool: list[ClientProcess]) -> float:
    return sum(procs.cpu_seconds(c.pid) for c in pool)


# --- analysis -----------------------------------------------------------------------


@dataclass
class Delivery:
    """What the sockets of one audience received, matched against what was sent."""

    sockets: int
    expected: int
    delivered: int
    latencies: list[float] = field(default_factory=list)  # per (report, socket)
    last_socket: list[float] = field(default_factory=list)  # per report: on every socket
    first_socket: list[float] = field(default_factory=list)
    frames: int = 0  # live frames received in all
    closed: int = 0
    # report id -> (first, last) arrival on the sockets, wall clock
    arrivals: dict[int, tuple[float, float]] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return round(self.delivered / self.expected, 6) if self.expected else 0.0

    def as_dict(self) -> dict[str, Any]:
        every = summary_ms(self.last_socket)
        return {
            "sockets": self.sockets,
            "expected": self.expected,
            "delivered": self.delivered,
            "delivered_ratio": self.ratio,
            "frames": self.frames,
            "sockets_lost": self.closed,
            "latency": summary_ms(self.latencies),
            "latency_every_socket": every,
            "latency_first_socket": summary_ms(self.first_socket),
        }


def _arrivals(
    socket: dict[str, Any],
    frames: list[dict[str, Any]],
    report_of_event: dict[int, int],
    report_of_incident: dict[int, int],
) -> Iterable[tuple[int, float]]:
    """(report id, arrival) for every frame of one socket that carries a report."""
    for index, at in zip(socket["frames"], socket["times"], strict=True):
        frame = frames[index]
        if frame["kind"] == "event":
            report_id = report_of_event.get(frame["id"])
            if report_id is not None:
                yield report_id, at
        elif frame["kind"] == "batch":
            for incident_id, _version in frame["incidents"]:
                report_id = report_of_incident.get(incident_id)
                if report_id is not None:
                    yield report_id, at


def _per_report(
    arrivals: Iterable[tuple[int, float]], accepted: dict[int, float]
) -> dict[int, float]:
    """report id -> arrival time of its first frame on this socket."""
    seen: dict[int, float] = {}
    for report_id, at in arrivals:
        if report_id in accepted and report_id not in seen:
            seen[report_id] = at
    return seen


def match(
    recordings: list[dict[str, Any]],
    accepted: dict[int, float],
    report_of_event: dict[int, int] | None = None,
    report_of_incident: dict[int, int] | None = None,
) -> Delivery:
    """Deliveries of the reports in `accepted` (report id -> due time, wall clock).

    Staff frames are matched by event id (`report_of_event`: the event that
    carries each report); public batches by incident id (`report_of_incident`:
    the report that opened each incident), first seen on each socket.
    """
    report_of_event = report_of_event or {}
    report_of_incident = report_of_incident or {}
    firsts: dict[int, list[float]] = {r: [] for r in accepted}
    result = Delivery(sockets=0, expected=0, delivered=0)
    for recording in recordings:
        frames = recording["frames"]
        for socket in recording["sockets"]:
            result.sockets += 1
            result.frames += len(socket["times"])
            if socket["closed"]:
                result.closed += 1

            seen = _arrivals(socket, frames, report_of_event, report_of_incident)
            for report_id, at in _per_report(seen, accepted).items():
                firsts[report_id].append(at)
    result.expected = len(accepted) * result.sockets
    for report_id, times in firsts.items():
        if not times:
            continue
        result.delivered += len(times)
        base = accepted[report_id]
        result.latencies.extend(t - base for t in times)
        result.first_socket.append(min(times) - base)
        result.arrivals[report_id] = (min(times), max(times))
        if len(times) == result.sockets:
            result.last_socket.append(max(times) - base)
    return result


def went_back(recordings: list[dict[str, Any]]) -> dict[str, int]:
    """Frames that carried an incident older than one the same socket already had:
    what a screen would apply out of order if it trusted arrival order. Events of
    one incident made by different workers, relayed by different processes or
    recovered from the log later, must still reach each socket in version order."""
    checked = back = 0
    for recording in recordings:
        frames = recording["frames"]
        for socket in recording["sockets"]:
            newest: dict[int, int] = {}
            for index in socket["frames"]:
                frame = frames[index]
                if frame["kind"] == "event":
                    carried = [frame["incident"]] if frame.get("incident") else []
                elif frame["kind"] == "batch":
                    carried = frame["incidents"]
                else:
                    continue
                for incident_id, version in carried:
                    checked += 1
                    if version < newest.get(incident_id, -1):
                        back += 1
                    else:
                        newest[incident_id] = version
    return {"incident_frames": checked, "went_back": back}
