"""End-to-end benchmark of the production shape: `python -m bench.run` (`make bench`).

On this machine, server and load generator together: PostgreSQL, Redis with
channels_redis, a Celery worker and uvicorn (or daphne), against asyncio
websocket clients and an open-loop report generator. Phases:

1. public: N public sockets connect (memory per socket from the server's RSS),
   sit idle (CPU of idle sockets), then reports arrive at a fixed rate;
2. dispatch: N dispatcher sockets (signed-in sessions), the same load;
   stalled: the same again, with 100 public sockets among them that ask to
   resume and never read (bench.stalled), for the figures side by side;
   units: the same again, with 500 units POSTing their positions every 10 s
   (bench.fleet); scaleout: the same again with a second Celery worker;
3. baseline: the bare asyncio relay (bench.baseline) with the same sockets,
   rate and frame size, for the ratios;
4. ingest: the arrival rate steps up until the API's p99 passes 100 ms (the
   worker stopped meanwhile), then the worker's triage rate on the backlog;
5. console: the dispatcher console in headless Chromium over 10,000 live
   incidents and 500 units, then 100 updates/s while the units move;
6. compare: the dispatch and ingest phases again on the other server.

Prints a table and writes bench/results/latest.json. `BENCH_QUICK=1` keeps the
socket counts and the rate and shortens every duration (and skips 6).

uvicorn is the default server: on the same app it spent less CPU per frame,
answered sooner and opened sockets faster than daphne (README, Performance).
Environment: BENCH_SERVER (uvicorn|daphne), BENCH_COMPARE (1/0),
BENCH_CLIENT_PROCS, BENCH_WEB_WORKERS (uvicorn processes), BENCH_PROFILE=1
(py-spy, installed apart), BENCH_PRIORITY=-10 (a machine shared with other
jobs).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import console, fleet, probes, procs, profile, report, stack
from bench.loadgen import Sample, achieved_rate, open_loop, report_bodies
from bench.measure import ClientProcess, match, start_clients, wait_drained, went_back
from bench.stages import event_of_report, stage_durations, stage_table
from bench.stalled import StalledProcess
from bench.stats import summary_ms

RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_SERVER = "uvicorn"
# The stalled phase's public snapshot: ~45 KB, about production's (36 KB), so the
# sockets that do not read have their windows and the server's buffer full at once.
STALLED_SNAPSHOT_INCIDENTS = 200
STALLED_RESUME_EVERY_S = 0.5


@dataclass
class Plan:
    quick: bool = False
    server: str = DEFAULT_SERVER
    compare: bool = True
    dispatch_sockets: int = 2000
    public_sockets: int = 20_000
    stalled_sockets: int = 100
    units: int = 500
    unit_interval_s: float = 10.0
    unit_fixes: int = 5  # fixes per request: one every 2 s on the move (bench.fleet)
    rate: float = 20.0
    load_s: float = 60.0
    idle_s: float = 20.0
    warmup_reports: int = 20
    ingest_rates: list[float] = field(
        default_factory=lambda: [50, 100, 150, 200, 250, 300, 350, 400]
    )
    ingest_step_s: float = 10.0
    # Each ingest rate is tried this many times (bench.run.ingest_verdict).
    ingest_repeats: int = 3
    console_incidents: int = 10_000
    console_rate: float = 100.0
    console_s: float = 20.0
    client_processes: int = 2
    profile: bool = False
    phases: list[str] = field(
        default_factory=lambda: [
            "public",
            "dispatch",
            "stalled",
            "units",
            "scaleout",
            "baseline",
            "ingest",
            "console",
            "compare",
        ]
    )

    @classmethod
    def from_env(cls, args: argparse.Namespace) -> Plan:
        quick = args.quick or os.environ.get("BENCH_QUICK", "") not in ("", "0")
        plan = cls(quick=quick)
        if quick:
            plan.load_s, plan.idle_s, plan.ingest_step_s, plan.console_s = 8.0, 3.0, 3.0, 5.0
            plan.ingest_rates = [50, 100, 200]
        plan.server = args.server or os.environ.get("BENCH_SERVER", DEFAULT_SERVER)
        compare = os.environ.get("BENCH_COMPARE")
        plan.compare = (compare not in ("0", "")) if compare is not None else not quick
        plan.profile = os.environ.get("BENCH_PROFILE", "") not in ("", "0")
        plan.client_processes = int(os.environ.get("BENCH_CLIENT_PROCS", plan.client_processes))
        if args.phases:
            plan.phases = args.phases.split(",")
        if not plan.compare and "compare" in plan.phases:
            plan.phases.remove("compare")
        if args.seconds:
            plan.load_s = args.seconds
        # Smaller shapes for development and the harness's own test; the targets
        # are for the defaults.
        for name in (
            "dispatch_sockets",
            "public_sockets",
            "stalled_sockets",
            "units",
            "unit_fixes",
            "unit_interval_s",
            "rate",
            "client_processes",
            "ingest_repeats",
        ):
            value = getattr(args, name, None)
            if value:
                setattr(plan, name, value)
        return plan


def log(message: str) -> None:
    print(message, flush=True)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- one audience under load ------------------------------------------------------------


@dataclass
class Window:
    """CPU of each process group over a measured window, and of the rest of the machine
    (other jobs on a shared machine show up there, not in our figures)."""

    pids: dict[str, list[int]]
    loop_pid: int | None = None  # the server, whose event-loop thread is counted apart
    started: dict[str, float] = field(default_factory=dict)
    machine_started: float = 0.0
    wall_started: float = 0.0

    def _read(self) -> dict[str, float]:
        spent = {
            name: sum(procs.tree_cpu_seconds(p) for p in pids) for name, pids in self.pids.items()
        }
        if self.loop_pid is not None:
            # Every server process's event loop (uvicorn --workers runs several).
            tree = [self.loop_pid, *procs.children(self.loop_pid)]
            spent["server_loop"] = sum(procs.main_thread_cpu_seconds(p) for p in tree)
        return spent

    def _postgres(self) -> dict[int, float]:
        return {p: procs.cpu_seconds(p) for p in procs.database_backends(stack.DB_NAME)}

    def start(self) -> None:
        self.started = self._read()
        self.postgres_started = self._postgres()
        self.machine_started = procs.total_cpu_seconds()
        self.wall_started = time.monotonic()

    def stop(self) -> dict[str, float]:
        now = self._read()
        wall = time.monotonic() - self.wall_started
        spent = {name: round(now[name] - self.started[name], 3) for name in now}
        postgres = self._postgres()
        spent["postgres"] = round(
            sum(cpu - self.postgres_started.get(pid, 0.0) for pid, cpu in postgres.items()), 3
        )
        machine = procs.total_cpu_seconds() - self.machine_started
        ours = sum(v for k, v in spent.items() if k != "server_loop")
        spent["machine"] = round(machine, 3)
        spent["others"] = round(max(0.0, machine - ours), 3)
        spent["others_pct_of_machine"] = round(
            100 * spent["others"] / (wall * (os.cpu_count() or 1)), 1
        )
        spent["wall_s"] = round(wall, 3)
        return spent


async def run_load(
    plan: Plan, port: int, body: Any, seconds: float, first_seq: int
) -> list[Sample]:
    return await open_loop("127.0.0.1", port, plan.rate, seconds, body, first_seq=first_seq)


def per_frame(cpu: dict[str, float], frames: int, delivered: int) -> dict[str, float | None]:
    """CPU per live frame. `fanout` is the server's event-loop thread: socket writes,
    the hub, and the async half of HTTP; the sync Django work of the intake (views,
    queries) runs in other threads and is left out, as the baseline has none."""

    def us(seconds: float, count: int) -> float | None:
        return round(1e6 * seconds / count, 2) if count else None

    return {
        "server_cpu_us_per_frame": us(cpu["server"], frames),
        "fanout_cpu_us_per_frame": us(cpu.get("server_loop", cpu["server"]), frames),
        "server_cpu_us_per_delivery": us(cpu["server"], delivered),
        "client_cpu_us_per_frame": us(cpu["clients"], frames),
    }


def accepted_of(samples: list[Sample]) -> dict[int, float]:
    """Accepted reports and when each was due: deliveries count from then, ours and
    the baseline's alike, so a slow accept counts against the latency."""
    return {s.report_id: s.due for s in samples if s.report_id is not None}


def ingest_verdict(rate: float, attempts: list[dict[str, Any]]) -> dict[str, Any]:
    """An ingest step from its attempts: the median p99, rate and CPU with their
    range; held when more than half of the attempts held."""

    def spread(values: list[Any]) -> dict[str, Any]:
        known = [v for v in values if v is not None]
        if not known:
            return {"median": None, "range": None}
        return {"median": round(statistics.median(known), 2), "range": [min(known), max(known)]}

    p99 = spread([a["api"]["p99_ms"] for a in attempts])
    held = sum(1 for a in attempts if a["ok"])
    return {
        "rate": rate,
        "ok": held * 2 > len(attempts),
        "attempts_held": held,
        "api": {"p99_ms": p99["median"], "p99_ms_range": p99["range"]},
        "errors": sum(a["errors"] for a in attempts),
        "achieved_per_s": spread([a["achieved_per_s"] for a in attempts])["median"],
        "server_cpu_ms_per_report": spread([a["server_cpu_ms_per_report"] for a in attempts])[
            "median"
        ],
        "attempts": attempts,
    }


def post_summary(samples: list[Sample]) -> dict[str, Any]:
    ok = [s for s in samples if s.status == 201]
    errors = sorted({f"{s.status} {s.error}" for s in samples if s.status != 201})
    return {
        "sent": len(samples),
        "accepted": len(ok),
        "errors": len(samples) - len(ok),
        "error_kinds": errors[:5],
        "api": summary_ms([s.latency for s in ok]),
        "achieved_per_s": round(achieved_rate(samples), 1),
    }


class Runner:
    def __init__(self, plan: Plan, workdir: Path) -> None:
        self.plan = plan
        self.workdir = workdir
        self.probe_dir = workdir / "probes"
        self.probe_dir.mkdir()
        self.env = stack.stack_env(self.probe_dir)
        self.stack = stack.Stack(env=self.env, workdir=workdir, port=free_port())
        self.body = report_bodies()
        self.seq = 0
        self.sessions: list[str] = []
        self.fleet: list[list[Any]] = []  # [unit id, API token] of the units phase
        self.sample_frame: str | None = None
        self.results: dict[str, Any] = {}

    # --- setup ----------------------------------------------------------------------

    def setup(self) -> None:
        log(f"setup: database {stack.DB_NAME}, Redis {stack.REDIS_URL}")
        self.results["setup"] = stack.prepare_database(self.env, log)
        self.sessions = stack.dbtools(
            self.env, "sessions", "--count", str(self.plan.dispatch_sockets)
        )
        if {"units", "console"} & set(self.plan.phases):
            self.fleet = stack.dbtools(self.env, "fleet", "--count", str(self.plan.units))
        # Whitenoise indexes STATIC_ROOT when the server starts (the console phase).
        stack.manage(self.env, "collectstatic", "--no-input", "-v", "0")
        self.stack.start_worker()
        self.stack.start_server(self.plan.server)
        log(f"  {self.plan.server} on port {self.stack.port}, worker up")

    async def warm_up(self, reports: int | None = None) -> None:
        """Load the gazetteer and the engine in both pool processes, and the server's
        code paths, before measuring."""
        count = reports or self.plan.warmup_reports
        samples = await open_loop(
            "127.0.0.1",
            self.stack.port,
            10,
            count / 10,
            self.body,
            first_seq=10**6 + self.next_seq(count),
        )
        await asyncio.sleep(3 if reports is None else 1)
        bad = [s for s in samples if s.status != 201]
        if bad:
            raise RuntimeError(f"warm-up reports failed: {bad[0].status} {bad[0].error}")

    def next_seq(self, count: int) -> int:
        first = self.seq
        self.seq += count
        return first

    # --- audiences --------------------------------------------------------------------

    async def audience(
        self, kind: str, measure_idle: bool, stalled: int = 0, units: bool = False
    ) -> dict[str, Any]:
        plan, server = self.plan, self.stack
        assert server.server is not None
        count = plan.public_sockets if kind == "public" else plan.dispatch_sockets
        # A fresh server process: memory and CPU figures owe nothing to a phase before.
        server.stop_server()
        server.start_server()
        await self.warm_up(reports=2)
        assert server.server is not None
        pid = server.server.pid
        log(f"{kind} on {server.server_kind}: connecting {count} sockets")
        rss_before = procs.tree_rss_bytes(pid)
        cpu_before = procs.tree_cpu_seconds(pid)
        connect_path = self.workdir / f"profile-connect-{kind}-{server.server_kind}.txt"
        profiler = profile.start(pid, 600, connect_path) if plan.profile else None
        pool, connected = await start_clients(
            f"ws://127.0.0.1:{server.port}/ws/{kind}/",
            count,
            plan.client_processes,
            self.workdir,
            server.base_url,
            self.sessions if kind == "dispatch" else None,
        )
        stalled_pool: StalledProcess | None = None
        try:
            # Opening a socket: handshake, session and user, snapshot, resumed heartbeat.
            connected["server_cpu_ms_per_socket"] = round(
                1e3 * (procs.tree_cpu_seconds(pid) - cpu_before) / count, 2
            )
            if profiler is not None:
                connected["profile"] = await profile.stop(profiler, connect_path, pid)
            await asyncio.sleep(2)  # connection bookkeeping settles
            rss_after = procs.tree_rss_bytes(pid)
            result: dict[str, Any] = {
                "server": server.server_kind,
                "sockets": count,
                "connect": connected,
                "memory": {
                    "rss_before_mb": round(rss_before / 2**20, 1),
                    "rss_after_mb": round(rss_after / 2**20, 1),
                    "per_socket_kb": round((rss_after - rss_before) / max(1, count) / 1024, 1),
                },
            }
            if measure_idle:
                result["idle"] = await self.idle_cpu(pid, pool)
            if stalled:
                stalled_pool, result["stalled"] = await self.start_stalled(stalled)
            result.update(await self.loaded(kind, pool, units))
            if stalled_pool is not None:
                result["stalled"].update(await stalled_pool.stop())
            # Growth while loaded, sockets still open: per-socket state that events add.
            rss_loaded = result.pop("rss_loaded")
            result["memory"]["rss_after_load_mb"] = round(rss_loaded / 2**20, 1)
            result["memory"]["growth_per_socket_per_1000_events_kb"] = round(
                (rss_loaded - rss_after) / count / 1024 / max(1, result["events"]) * 1000, 2
            )
        finally:
            for client in pool:
                client.kill()
            if stalled_pool is not None:
                stalled_pool.kill()
        stack.dbtools(self.env, "close-open")
        return result

    async def start_stalled(self, count: int) -> tuple[StalledProcess, dict[str, Any]]:
        """`count` public sockets that ask to resume and never read, their windows
        full before the load starts."""
        server = self.stack
        stack.dbtools(self.env, "incidents", "--count", str(STALLED_SNAPSHOT_INCIDENTS))
        log(f"  {count} public sockets that never read")
        process = StalledProcess(
            {
                "url": f"ws://127.0.0.1:{server.port}/ws/public/",
                "count": count,
                "origin": server.base_url,
                "interval": STALLED_RESUME_EVERY_S,
            }
        )
        opened = await process.start()
        await asyncio.sleep(3)  # their first answers fill their windows
        return process, {"sockets": count, **opened}

    async def idle_cpu(self, pid: int, pool: list[ClientProcess]) -> dict[str, Any]:
        plan = self.plan
        window = Window({"server": [pid], "clients": [c.pid for c in pool]}, loop_pid=pid)
        path = self.workdir / f"profile-idle-{self.stack.server_kind}.txt"
        profiler = profile.start(pid, plan.idle_s, path) if plan.profile else None
        window.start()
        await asyncio.sleep(plan.idle_s)
        spent = window.stop()
        profiled = None
        if profiler is not None:
            await asyncio.to_thread(profiler.wait)
            profiled = profile.summarize(path, pid)
        return {
            "seconds": spent["wall_s"],
            "server_cpu_s": spent["server"],
            "server_pct_of_core": round(100 * spent["server"] / spent["wall_s"], 2),
            "profile": profiled,
        }

    def _window(self, pool: list[ClientProcess], server_pid: int) -> Window:
        pids = {"server": [server_pid], "clients": [c.pid for c in pool]}
        if self.stack.worker_pids:
            pids["worker"] = self.stack.worker_pids
        return Window(pids, loop_pid=server_pid)

    async def loaded(
        self, kind: str, pool: list[ClientProcess], units: bool = False
    ) -> dict[str, Any]:
        plan, server = self.plan, self.stack
        assert server.server is not None
        before = stack.dbtools(self.env, "positions")
        window = self._window(pool, server.server.pid)
        profile_path = self.workdir / f"profile-{kind}-{server.server_kind}.txt"
        profiler = (
            profile.start(server.server.pid, plan.load_s, profile_path) if plan.profile else None
        )
        window.start()
        log(f"  {plan.rate:g} reports/s for {plan.load_s:g} s")
        load = run_load(
            plan, server.port, self.body, plan.load_s, self.next_seq(int(plan.rate * plan.load_s))
        )
        if units:
            log(f"  + {len(self.fleet)} units, each every {plan.unit_interval_s:g} s")
            sent = fleet.send_positions(
                server.port, self.fleet, plan.unit_interval_s, plan.load_s, plan.unit_fixes
            )
            samples, unit_samples = await asyncio.gather(load, sent)
        else:
            samples = await load
        drained = await wait_drained(pool, 10**12, timeout=60)
        cpu = window.stop()
        rss_loaded = procs.tree_rss_bytes(server.server.pid)
        recordings = [await c.stop() for c in pool]
        profiled = None
        if profiler is not None:
            await asyncio.to_thread(profiler.wait)
            profiled = profile.summarize(profile_path, server.server.pid)
        self.sample_frame = self.sample_frame or next(
            (r["sample"] for r in recordings if r.get("sample")), None
        )
        db = stack.dbtools(
            self.env,
            "stages",
            "--after-report",
            str(before["report"]),
            "--after-event",
            str(before["event"]),
        )
        moved = self.fleet_figures(unit_samples, recordings, before) if units else None
        accepted = accepted_of(samples)
        carried = event_of_report(db["events"])
        if kind == "public":
            # Public frames are coalesced per incident: a report is delivered when
            # the incident it opened is first seen. Reports that joined an open
            # incident only update it, and an incident the public map never shows
            # (a victim's case, an unknown place) is expected on no public socket.
            shown = set(db["public_incidents"])
            openers = {
                event[3]: r
                for r, event in carried.items()
                if r in accepted and event[1] == "incident.opened" and event[3] in shown
            }
            delivery = match(
                recordings,
                {r: accepted[r] for r in openers.values()},
                report_of_incident=openers,
            )
        else:
            delivery = match(
                recordings,
                accepted,
                report_of_event={event[0]: r for r, event in carried.items() if r in accepted},
            )
        durations = stage_durations(samples, db, probes.read(self.probe_dir), delivery.arrivals)
        frames = delivery.frames
        load_wall = cpu["wall_s"]
        processed = sum(1 for r in db["reports"] if r[4] == "processed")
        return {
            "rss_loaded": rss_loaded,
            "posts": post_summary(samples),
            "triaged": processed,
            "events": len(db["events"]),
            "delivery": delivery.as_dict(),
            "order": went_back(recordings),
            "drain_s": round(drained, 2),
            "cpu_s": cpu,
            "frames_per_s": round(frames / load_wall, 1),
            **per_frame(cpu, frames, delivery.delivered),
            "stages": stage_table(durations),
            "profile": profiled,
            **({"units": moved} if moved else {}),
        }

    def fleet_figures(
        self, samples: list[Sample], recordings: list[dict[str, Any]], before: dict[str, int]
    ) -> dict[str, Any]:
        """The position requests, the writes that stored them, the positions on the sockets."""
        written = stack.dbtools(
            self.env, "fleet-written", "--after-position", str(before["unit_position"])
        )
        return {
            "units": len(self.fleet),
            "interval_s": self.plan.unit_interval_s,
            "fixes_per_request": self.plan.unit_fixes,
            "requests": fleet.request_summary(samples, written),
            "positions": fleet.position_deliveries(recordings, samples, self.fleet),
        }

    # --- baseline ---------------------------------------------------------------------

    async def baseline(self, kind: str) -> dict[str, Any]:
        plan = self.plan
        count = plan.public_sockets if kind == "public" else plan.dispatch_sockets
        http_port, ws_port = free_port(), free_port()
        command = [
            sys.executable,
            "-m",
            "bench.baseline",
            "--http-port",
            str(http_port),
            "--ws-port",
            str(ws_port),
            "--redis-url",
            stack.REDIS_URL,
            "--coalesce",
            "1.0" if kind == "public" else "0",
            # As many processes as the web server has, for the same share of sockets each.
            "--processes",
            str(stack.WEB_WORKERS if self.stack.server_kind == "uvicorn" else 1),
        ]
        if self.sample_frame:
            sample_path = self.workdir / "sample-frame.json"
            sample_path.write_text(self.sample_frame)
            command += ["--sample", str(sample_path)]
        log(f"baseline ({kind} shape): {count} sockets")
        process = await asyncio.create_subprocess_exec(
            *command, cwd=stack.ROOT, stdout=asyncio.subprocess.PIPE, preexec_fn=stack.prepare_child
        )
        try:
            assert process.stdout is not None
            await asyncio.wait_for(process.stdout.readline(), 30)
            rss_before = procs.tree_rss_bytes(process.pid)
            pool, connected = await start_clients(
                f"ws://127.0.0.1:{ws_port}/ws/{kind}/",
                count,
                plan.client_processes,
                self.workdir,
                f"http://127.0.0.1:{ws_port}",
                None,
            )
            await asyncio.sleep(2)
            rss_after = procs.tree_rss_bytes(process.pid)
            window = Window(
                {"server": [process.pid], "clients": [c.pid for c in pool]}, loop_pid=process.pid
            )
            window.start()
            samples = await run_load(plan, http_port, self.body, plan.load_s, 0)
            # One frame per report and socket when not coalesced: no need to wait idle.
            expected = len(samples) * count if kind == "dispatch" else 10**12
            drained = await wait_drained(pool, expected, timeout=60)
            cpu = window.stop()
            recordings = [await c.stop() for c in pool]
        finally:
            process.terminate()
            await process.wait()
        accepted = accepted_of(samples)
        identity = {r: r for r in accepted}
        if kind == "public":
            delivery = match(recordings, accepted, report_of_incident=identity)
        else:
            delivery = match(recordings, accepted, report_of_event=identity)
        frames = delivery.frames
        return {
            "sockets": count,
            "connect": connected,
            "memory": {"per_socket_kb": round((rss_after - rss_before) / count / 1024, 1)},
            "posts": post_summary(samples),
            "delivery": delivery.as_dict(),
            "drain_s": round(drained, 2),
            "cpu_s": cpu,
            "frames_per_s": round(frames / cpu["wall_s"], 1),
            **per_frame(cpu, frames, delivery.delivered),
        }

    # --- ingest -----------------------------------------------------------------------

    async def ingest(self) -> dict[str, Any]:
        """The API's intake: POST -> row committed -> task queued -> 201, stepped up
        until its p99 passes 100 ms. The worker is stopped meanwhile: triage is
        asynchronous by design (the queue absorbs a burst) and is measured apart,
        as the rate at which the worker then drains the backlog."""
        plan, server = self.plan, self.stack
        assert server.server is not None
        steps = []
        sustained = 0.0
        log(f"ingest on {server.server_kind}: steps {plan.ingest_rates} reports/s, worker stopped")
        server.stop_worker()
        # Warm code paths and first connections are not what is measured.
        await open_loop(
            "127.0.0.1",
            server.port,
            plan.ingest_rates[0],
            1.0,
            self.body,
            first_seq=self.next_seq(100),
        )
        for rate in plan.ingest_rates:
            step = await self.ingest_step(rate)
            steps.append(step)
            p99 = step["api"]["p99_ms"]
            verdict = "ok" if step["ok"] else "over"
            held = f"{step['attempts_held']}/{len(step['attempts'])} held"
            log(
                f"  {rate:g}/s: p99 {p99} ms (median), {step['errors']} errors, {held} -> {verdict}"
            )
            if not step["ok"]:
                break
            sustained = rate
            await asyncio.sleep(1)
        triage = await self._drain_triage()
        return {
            "server": server.server_kind,
            "sustained_per_s": sustained,
            "steps": steps,
            **triage,
        }

    async def ingest_step(self, rate: float) -> dict[str, Any]:
        """One rate, `ingest_repeats` times: it holds when most attempts held, so one
        stall of a shared machine does not decide the figure (nor one lucky run)."""
        attempts = []
        for _ in range(self.plan.ingest_repeats):
            attempts.append(await self.ingest_attempt(rate))
            await asyncio.sleep(1)
        return ingest_verdict(rate, attempts)

    async def ingest_attempt(self, rate: float) -> dict[str, Any]:
        plan, server = self.plan, self.stack
        assert server.server is not None
        window = self._window([], server.server.pid)
        path = self.workdir / f"profile-ingest-{rate:g}-{server.server_kind}.txt"
        profiler = (
            profile.start(server.server.pid, plan.ingest_step_s, path) if plan.profile else None
        )
        window.start()
        count = int(rate * plan.ingest_step_s)
        samples = await open_loop(
            "127.0.0.1",
            server.port,
            rate,
            plan.ingest_step_s,
            self.body,
            first_seq=self.next_seq(count),
        )
        cpu = window.stop()
        posts = post_summary(samples)
        p99 = posts["api"]["p99_ms"]
        ok = (
            posts["errors"] == 0
            and p99 is not None
            and p99 <= report.TARGETS["ingest_api_p99_ms"]
            and posts["achieved_per_s"] >= 0.95 * rate
        )
        profiled = None
        if profiler is not None:
            await asyncio.to_thread(profiler.wait)
            profiled = profile.summarize(path, server.server.pid)
        return {
            "rate": rate,
            "ok": ok,
            **posts,
            "server_cpu_ms_per_report": round(1e3 * cpu["server"] / max(1, count), 2),
            "server_loop_cpu_ms_per_report": round(1e3 * cpu["server_loop"] / max(1, count), 2),
            "cpu_s": cpu,
            "profile": profiled,
        }

    async def _drain_triage(self) -> dict[str, Any]:
        """Restart the worker on the backlog and time it, then drop what is left."""
        before = stack.dbtools(self.env, "positions")
        pending = stack.dbtools(self.env, "pending")
        self.stack.start_worker()
        started = time.monotonic()
        await asyncio.sleep(self.plan.ingest_step_s)
        left = stack.dbtools(self.env, "pending")
        elapsed = time.monotonic() - started
        # What is still queued is dropped; the worker holds at most one task per
        # pool process (prefetch 1), and the next phase waits for its warm-up.
        stack.purge_queue()
        stack.dbtools(self.env, "close-open")
        return {
            "triage_backlog": pending,
            "triage_per_s": round((pending - left) / elapsed, 1),
            "reports_after": before["report"],
        }

    # --- console ----------------------------------------------------------------------

    async def console(self) -> dict[str, Any]:
        reason = console.unavailable()
        if reason:
            return {"skipped": reason}
        plan = self.plan
        log(f"console: {plan.console_incidents} live incidents, {plan.console_rate:g} updates/s")
        stack.dbtools(self.env, "close-open")
        stack.dbtools(self.env, "incidents", "--count", str(plan.console_incidents))
        try:
            return await console.measure(
                self.stack.base_url,
                self.sessions[0],
                self.env,
                plan.console_incidents,
                plan.console_rate,
                plan.console_s,
                self.fleet,
                profile_updates=plan.profile,
            )
        finally:
            stack.dbtools(self.env, "close-open")

    # --- the whole run ----------------------------------------------------------------

    async def phase(self, name: str, run: Any) -> Any:
        """One phase; a failure is recorded and the run goes on to the next."""
        started = time.monotonic()
        try:
            return await run()
        except Exception as exc:
            log(f"  {name} failed: {type(exc).__name__}: {exc}")
            return {"error": f"{type(exc).__name__}: {exc}"[:2000]}
        finally:
            log(f"  ({name}: {time.monotonic() - started:.0f} s)")

    async def run(self) -> dict[str, Any]:
        plan = self.plan
        self.setup()
        await self.warm_up()
        phases = plan.phases
        if "public" in phases:
            self.results["public"] = await self.phase(
                "public", lambda: self.audience("public", measure_idle=True)
            )
        if "dispatch" in phases:
            self.results["dispatch"] = await self.phase(
                "dispatch", lambda: self.audience("dispatch", measure_idle=not plan.quick)
            )
        if "stalled" in phases:
            self.results["stalled"] = await self.phase(
                "stalled",
                lambda: self.audience("dispatch", measure_idle=False, stalled=plan.stalled_sockets),
            )
        if "units" in phases:
            self.results["units"] = await self.phase(
                "units", lambda: self.audience("dispatch", measure_idle=False, units=True)
            )
        if "scaleout" in phases:
            self.results["scaleout"] = await self.phase("scaleout", self.scaleout)
        if "baseline" in phases:
            self.results["baseline"] = {
                "dispatch": await self.phase("baseline", lambda: self.baseline("dispatch")),
                "public": await self.phase("baseline", lambda: self.baseline("public")),
            }
        if "ingest" in phases:
            self.results["ingest"] = await self.phase("ingest", self.ingest)
        if "console" in phases:
            self.results["console"] = await self.phase("console", self.console)
        if "compare" in phases:
            self.results["compare"] = await self.phase("compare", self.compare)
        return self.results

    async def scaleout(self) -> dict[str, Any]:
        """The dispatch load through the web processes (two by default) and two
        workers behind the same Redis and PostgreSQL: is every event on every
        socket, and does any socket see an incident go back while two workers write?"""
        self.stack.add_worker()
        try:
            result = await self.audience("dispatch", measure_idle=False)
        finally:
            self.stack.stop_more_workers()
        return {"web_processes": stack.WEB_WORKERS, "workers": 2, **result}

    async def compare(self) -> dict[str, Any]:
        """The dispatch and ingest phases again, on the other server."""
        other = "uvicorn" if self.plan.server == "daphne" else "daphne"
        self.stack.stop_server()
        self.stack.start_server(other)
        await self.warm_up()
        return {
            "server": other,
            "dispatch": await self.phase("dispatch", lambda: self.audience("dispatch", True)),
            "ingest": await self.phase("ingest", self.ingest),
        }


def build_report(plan: Plan, results: dict[str, Any], started: float) -> dict[str, Any]:
    summary = report.summarize(plan, results)
    return {
        "summary": summary,
        "targets": report.TARGETS,
        "targets_met": report.verdicts(summary),
        "results": results,
        "plan": asdict(plan),
        "machine": report.machine(),
        "versions": report.versions(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "duration_s": round(time.monotonic() - started, 1),
    }


async def main_async(plan: Plan, out: Path, keep: bool) -> dict[str, Any]:
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="dispatch-bench-"))
    runner = Runner(plan, workdir)
    try:
        results = await runner.run()
    finally:
        runner.stack.stop()
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)
            stack.drop_database()
        else:
            log(f"logs and recordings kept in {workdir}")
    built = build_report(plan, results, started)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(built, indent=1))
    print()
    print(report.table(built))
    print(f"\nwritten to {out}")
    return built


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="as BENCH_QUICK=1")
    parser.add_argument("--server", choices=stack.SERVERS, help="default: BENCH_SERVER or uvicorn")
    parser.add_argument("--phases", help="comma-separated subset, e.g. dispatch,baseline")
    parser.add_argument("--seconds", type=float, help="load duration of the audience phases")
    parser.add_argument("--dispatch-sockets", type=int, help="default 2000")
    parser.add_argument("--public-sockets", type=int, help="default 20000")
    parser.add_argument(
        "--stalled-sockets", type=int, help="public sockets that never read, stalled phase (100)"
    )
    parser.add_argument("--units", type=int, help="units reporting positions, units phase (500)")
    parser.add_argument("--unit-fixes", type=int, help="fixes per position request (5)")
    parser.add_argument(
        "--unit-interval", dest="unit_interval_s", type=float, help="s between a unit's POSTs (10)"
    )
    parser.add_argument("--rate", type=float, help="reports/s of the audience phases (20)")
    parser.add_argument("--ingest-repeats", type=int, help="attempts per ingest rate (3)")
    parser.add_argument("--client-processes", type=int, help="processes holding the sockets (2)")
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.json")
    parser.add_argument("--keep", action="store_true", help="keep logs and the database")
    args = parser.parse_args(argv)
    plan = Plan.from_env(args)
    nice = stack.autogroup_nice()
    stack.prepare_child()  # the generator runs here: same priority as the stack
    try:
        return asyncio.run(main_async(plan, args.out, args.keep))
    finally:
        stack.restore_autogroup(nice)


def failed_phases(results: dict[str, Any], prefix: str = "") -> list[str]:
    """The phases that ended in an error, nested ones (baseline, compare) included."""
    failed = []
    for name, value in results.items():
        if not isinstance(value, dict):
            continue
        if "error" in value:
            failed.append(f"{prefix}{name}")
        else:
            failed += failed_phases(value, f"{prefix}{name}.")
    return failed


if __name__ == "__main__":
    # A run with a failed phase has no figure for it: `make bench` must say so.
    failed = failed_phases(main()["results"])
    if failed:
        sys.exit(f"failed phases: {', '.join(failed)}")
