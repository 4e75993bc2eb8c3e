"""The bench harness still measures: its helpers on synthetic data, the bare
baseline with real sockets, and the whole harness on a tiny stack."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import subprocess
import sys
import time
from array import array
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from bench import fleet, report, run, stages
from bench.clients import FrameTable, parse_frame
from bench.loadgen import Sample
from bench.measure import match, went_back
from bench.stats import percentile, summary_ms

ROOT = Path(__file__).resolve().parents[2]


def test_it_parses_a_frame_once_per_distinct_text() -> None:
    table = FrameTable()
    event = b'{"type":"event","id":7,"event":"incident.opened","incident":{"id":3}}'
    assert table.key(event) == table.key(bytes(event)) == 0
    batch = (
        b'{"type":"batch","last_event_id":9,"events":[{"id":9,"incident":{"id":4,"version":2}}]}'
    )
    assert table.key(batch) == 1
    assert table.frames == [{"kind": "event", "id": 7, "incident": [3, 0]}, parse_frame(batch)]
    assert table.frames[1]["incidents"] == [[4, 2]]
    assert table.sample == event.decode()


def test_it_reads_the_units_and_fix_times_of_a_positions_frame() -> None:
    text = json.dumps(
        {
            "type": "positions",
            "units": [
                {"id": 3, "lat": -5.4, "lon": 105.2, "position_at": "2026-12-05T01:00:00+00:00"},
                {"id": 4, "lat": None, "lon": None, "position_at": None},
            ],
        }
    ).encode()
    at = datetime.fromisoformat("2026-12-05T01:00:00+00:00").timestamp()
    assert parse_frame(text) == {"kind": "positions", "units": [[3, at]]}


def recording(frames: list[dict[str, Any]], sockets: list[list[tuple[int, float]]]) -> dict:
    return {
        "frames": frames,
        "sockets": [
            {
                "frames": array("q", [i for i, _ in s]).tolist(),
                "times": [t for _, t in s],
                "resumed_at": 0.0,
                "closed": None,
            }
            for s in sockets
        ],
    }


def test_it_matches_deliveries_to_reports() -> None:
    frames = [{"kind": "event", "id": 100}, {"kind": "event", "id": 101}]
    # Two sockets; the second never got event 101.
    data = recording(frames, [[(0, 10.1), (1, 10.5)], [(0, 10.2)]])
    delivery = match([data], {1: 10.0, 2: 10.3}, report_of_event={100: 1, 101: 2})
    assert delivery.expected == 4
    assert delivery.delivered == 3
    assert delivery.ratio == 0.75
    assert delivery.arrivals[1] == (10.1, 10.2)
    # Only report 1 reached every socket: 200 ms after its acceptance.
    assert [round(x, 3) for x in delivery.last_socket] == [0.2]


def test_it_matches_public_batches_by_incident() -> None:
    frames = [
        {"kind": "batch", "incidents": [[50, 1], [51, 1]]},
        {"kind": "batch", "incidents": [[50, 2]]},
    ]
    data = recording(frames, [[(0, 5.0), (1, 6.0)]])
    delivery = match([data], {1: 4.5}, report_of_incident={50: 1})
    assert delivery.delivered == 1
    assert delivery.latencies == [0.5]  # first seen, not updated later


def test_it_computes_stages_per_report() -> None:
    sample = Sample(seq=0, due=100.0, sent=100.0, done=100.02, status=201, report_id=5)
    db = {
        "reports": [[5, 100.01, 100.2, 9, "processed"]],
        "events": [[70, "incident.opened", 5, 9, 100.1]],
    }
    probes = [
        {"k": "task", "report": 5, "t": 100.05},
        {"k": "geocode", "report": 5, "t": 100.06, "s": 0.01},
        {"k": "assess", "report": 5, "t": 100.07, "s": 0.01},
        {"k": "publish", "event": 70, "t": 100.12},
        {"k": "hub", "event": 70, "t": 100.13},
        {"k": "hub_done", "event": 70, "t": 100.14},
    ]
    durations = stages.stage_durations([sample], db, probes, {5: (100.15, 100.18)})
    rounded = {k: [round(v, 3) for v in vs] for k, vs in durations.items()}
    assert rounded["queue"] == [0.04]
    assert rounded["triage"] == [0.05]
    assert rounded["layer"] == [0.01]
    assert rounded["socket_every"] == [0.05]
    # From the due time (100.0), not the 201 (100.02).
    assert rounded["end_to_end"] == [0.18]
    table = stages.stage_table(durations)
    assert [row["stage"] for row in table] == [name for name, _ in stages.STAGES]


def test_it_summarizes_durations() -> None:
    assert percentile([3, 1, 2], 50) == 2
    assert percentile([], 99) is None
    assert summary_ms([0.001, 0.002, 0.1]) == {
        "n": 3,
        "p50_ms": 2.0,
        "p99_ms": 100.0,
        "max_ms": 100.0,
    }


@pytest.mark.redis
@pytest.mark.timeout(90)
def test_it_measures_the_bare_baseline(tmp_path: Path) -> None:
    """20 sockets, 10 reports/s for 2 s through the real baseline: two processes
    sharing the websocket port, as the stack's two web processes do."""
    from django.conf import settings

    from bench import procs
    from bench.loadgen import open_loop, report_bodies
    from bench.measure import start_clients, wait_drained
    from bench.run import free_port

    async def scenario() -> tuple[Any, float]:
        http_port, ws_port = free_port(), free_port()
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.baseline",
            "--http-port",
            str(http_port),
            "--ws-port",
            str(ws_port),
            "--redis-url",
            settings.REDIS_URL,
            "--processes",
            "2",
            cwd=ROOT,
            stdout=asyncio.subprocess.PIPE,
        )
        try:
            assert process.stdout is not None
            await asyncio.wait_for(process.stdout.readline(), 30)
            pool, connected = await start_clients(
                f"ws://127.0.0.1:{ws_port}/ws/dispatch/", 20, 1, tmp_path, "http://127.0.0.1", None
            )
            assert connected["ready"] == 20, connected
            assert len(procs.children(process.pid)) == 1
            cpu_before = procs.tree_cpu_seconds(process.pid)
            samples = await open_loop("127.0.0.1", http_port, 10, 2, report_bodies())
            await wait_drained(pool, len(samples) * 20, timeout=20)
            cpu = procs.tree_cpu_seconds(process.pid) - cpu_before
            recordings = [await client.stop() for client in pool]
            child = procs.children(process.pid)[0]
        finally:
            process.terminate()
            await process.wait()
        # The forked relay ends with the first process.
        for _ in range(40):
            if not Path(f"/proc/{child}").exists():
                break
            await asyncio.sleep(0.1)
        assert not Path(f"/proc/{child}").exists()
        accepted = {s.report_id: s.done for s in samples if s.report_id is not None}
        assert len(accepted) == 20
        return match(recordings, accepted, report_of_event={r: r for r in accepted}), cpu

    delivery, cpu = asyncio.run(scenario())
    assert delivery.ratio == 1.0
    assert delivery.frames == 400
    assert 0 < delivery.as_dict()["latency"]["p99_ms"] < 5000
    assert cpu > 0


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.timeout(180)
def test_it_runs_the_harness_on_a_tiny_stack(tmp_path: Path) -> None:
    """The whole harness, dispatch phase and baseline, with 20 sockets for 2 s."""
    out = tmp_path / "result.json"
    env = dict(os.environ)
    # A database and a Redis database of its own: a `make bench` may be running.
    env.update(BENCH_DB="dispatch_bench_selftest", BENCH_REDIS_URL="redis://127.0.0.1:6379/14")
    env["BENCH_QUICK"] = "1"  # short idle and drain waits; --seconds sets the load
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.run",
            "--phases",
            "dispatch,baseline",
            "--dispatch-sockets",
            "20",
            "--public-sockets",
            "20",
            "--rate",
            "5",
            "--seconds",
            "2",
            "--client-processes",
            "1",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=170,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    report = json.loads(out.read_text())
    summary = report["summary"]
    for key in (
        "dispatch_sockets",
        "public_sockets",
        "reports_per_s",
        "dispatch_p99_ms",
        "dispatch_delivered",
        "public_p99_ms",
        "public_delivered",
        "ingest_reports_per_s",
        "fanout_ratio_vs_baseline",
    ):
        assert key in summary
    assert summary["dispatch_sockets"] == 20
    assert summary["dispatch_delivered"] == 1.0
    # CPU is read in clock ticks (10 ms): the bare baseline's 200 frames of this tiny
    # run can take less than one, and then there is no ratio to give.
    ratio = summary["fanout_ratio_vs_baseline"]
    assert ratio is None or ratio > 0
    stages_by_name = {row["stage"]: row for row in report["results"]["dispatch"]["stages"]}
    assert stages_by_name["geocode"]["n"] > 0
    assert stages_by_name["end_to_end"]["n"] > 0
    assert report["results"]["baseline"]["dispatch"]["delivery"]["delivered_ratio"] == 1.0


def test_it_names_every_failed_phase_for_the_exit_status() -> None:
    results = {
        "public": {"delivered": 1.0, "errors": 0},
        "dispatch": {"error": "TimeoutError: "},
        "baseline": {"dispatch": {"p99": 0.02}, "public": {"error": "OSError: refused"}},
        "compare": {"server": "daphne", "ingest": {"error": "RuntimeError: warm-up"}},
    }
    assert run.failed_phases(results) == ["dispatch", "baseline.public", "compare.ingest"]
    assert run.failed_phases({"public": {"delivered": 1.0}}) == []


def test_it_batches_each_units_fixes_and_signs_as_its_agency() -> None:
    units = [[11, "a" * 64], [12, "b" * 64], [13, "c" * 64]]
    route = fleet.position_routes(units)
    assert route(4) == ("/api/units/12/positions/", f"Authorization: Token {'b' * 64}\r\n")
    body = fleet.position_bodies(len(units), fixes=5, interval=10.0)
    fixes = json.loads(body(4))["positions"]
    assert len(fixes) == 5
    times = [datetime.fromisoformat(f["at"]).timestamp() for f in fixes]
    # One fix every 2 s, the newest now: the unit's position moves at each request.
    assert [round(b - a, 3) for a, b in itertools.pairwise(times)] == [2.0] * 4
    assert abs(times[-1] - time.time()) < 5
    assert all(-5.5 < f["lat"] < -5.35 and 105.18 < f["lon"] < 105.33 for f in fixes)
    assert len(json.loads(body(5))["positions"]) == 5


def test_it_summarizes_position_requests() -> None:
    def sample(seq: int, status: int, latency: float) -> Sample:
        fixes = 5 if status == 202 else None
        return Sample(
            seq=seq, due=100.0 + seq, done=100.0 + seq + latency, status=status, fixes=fixes
        )

    samples = [
        sample(0, 202, 0.01),
        sample(1, 202, 0.03),
        sample(2, 403, 0.02),
        sample(3, 202, 0.02),
    ]
    summary = fleet.request_summary(samples, {"rows": 15, "writes": 2})
    assert (summary["sent"], summary["accepted"], summary["errors"]) == (4, 3, 1)
    assert summary["api"]["p50_ms"] == 20.0
    assert summary["achieved_per_s"] == 1.0  # 3 accepted from due 100 s to done 103.02 s
    assert summary["fixes_accepted"] == 15
    assert summary["rows_per_request"] == 5.0
    assert summary["rows_per_write"] == 7.5
    # A replayed fix is stored once: the rows counted in the table, not the answers.
    assert fleet.request_summary(samples, {"rows": 6, "writes": 1})["rows_per_request"] == 2.0
    assert fleet.request_summary([], {"rows": 0, "writes": 0})["rows_per_request"] is None
    assert fleet.request_summary(samples)["rows_per_write"] is None


def test_it_counts_the_positions_seen_on_the_sockets() -> None:
    frames = [
        {"kind": "positions", "units": [[7, 100.0]]},  # unit 7's fix of the request due at 100
        {"kind": "event", "id": 101},  # a report's event: not counted
        {"kind": "positions", "units": [[8, 101.0], [7, 111.0]]},
    ]
    # The second socket missed the last frame: unit 8's request, and unit 7's second.
    data = recording(frames, [[(0, 100.5), (1, 100.6), (2, 111.2)], [(0, 100.7), (1, 100.8)]])
    units = [[7, "token"], [8, "token"]]
    samples = [
        Sample(seq=0, due=100.0, status=202),  # unit 7
        Sample(seq=1, due=101.0, status=202),  # unit 8
        Sample(seq=2, due=111.0, status=202),  # unit 7 again
        Sample(seq=3, due=112.0, status=500),  # unit 8, refused: not expected
    ]
    seen = fleet.position_deliveries([data], samples, units)
    assert (seen["requests"], seen["sockets"]) == (3, 2)
    assert seen["delivered_ratio"] == 0.666667  # 3 of 3 on one socket, 1 of 3 on the other
    assert seen["frames_per_socket"] == 1.5
    assert seen["latency_from_due"]["n"] == 4
    assert seen["latency_from_due"]["max_ms"] == 10200.0  # unit 8's fix came late


def test_it_puts_the_units_phase_beside_the_dispatch_phase() -> None:
    def phase(p99_ms: float) -> dict[str, Any]:
        latency = {"p50_ms": 20.0, "p99_ms": p99_ms}
        every = {"latency_every_socket": latency, "latency": latency, "delivered_ratio": 1.0}
        return {"delivery": every, "server_cpu_us_per_frame": 100.0}

    moved = {
        "interval_s": 10.0,
        "requests": {"achieved_per_s": 49.9, "api": {"p50_ms": 12.0, "p99_ms": 80.0}},
        "positions": {"frames_per_socket": 8.0, "delivered_ratio": 1.0},
    }
    moved["requests"].update(errors=0, rows_per_request=5.0)
    results = {"dispatch": phase(100.0), "units": {**phase(150.0), "units": moved}}
    plan = run.Plan(units=500)
    summary = report.units_summary(plan, results)
    assert summary["units_dispatch_p99_ms"] == 150.0
    assert summary["unit_positions_per_s"] == 49.9
    assert summary["unit_position_rows_per_request"] == 5.0
    assert summary["unit_position_frames_per_socket"] == 8.0
    lines = report.units_lines({**summary, "units": 500}, results)
    text = "\n".join(lines)
    assert "+ 500 units every 10 s" in text
    p99_line = next(line for line in lines if line.startswith("dispatch p99"))
    assert p99_line.split()[-3:] == ["100", "150", "1.5x"]
    assert "12 / 80" in text
    assert report.units_lines(summary, {"dispatch": phase(100.0)}) == []
    assert report.units_summary(plan, {})["units_dispatch_p99_ms"] is None


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.timeout(240)
def test_it_runs_the_units_phase_on_a_tiny_stack(tmp_path: Path) -> None:
    """The dispatch phase, then again with 5 units each posting every second, 2 s."""
    from django.conf import settings

    out = tmp_path / "result.json"
    env = dict(os.environ)
    # Databases of this test run's own: other benches may be running.
    name = settings.DATABASES["default"]["NAME"]
    env.update(BENCH_DB=f"{name}_bench_units", BENCH_REDIS_URL=settings.REDIS_URL)
    env["BENCH_QUICK"] = "1"
    arguments = ["--phases", "dispatch,units", "--units", "5", "--unit-interval", "1"]
    arguments += ["--dispatch-sockets", "10", "--rate", "5", "--seconds", "2"]
    arguments += ["--client-processes", "1", "--out", str(out)]
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=230,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "+ 5 units every 1 s" in done.stdout
    built = json.loads(out.read_text())
    summary, moved = built["summary"], built["results"]["units"]["units"]
    assert summary["dispatch_delivered"] == summary["units_dispatch_delivered"] == 1.0
    assert summary["units_dispatch_p99_ms"] > 0
    assert moved["requests"]["sent"] == 10
    assert moved["requests"]["errors"] == 0, moved["requests"]["error_kinds"]
    # Five fixes per request, stored in the table, several requests' in one write.
    assert moved["requests"]["rows_written"] == 50
    assert summary["unit_position_rows_per_request"] == 5.0
    assert moved["requests"]["writes"] < 10
    assert summary["unit_position_rows_per_write"] > 5.0
    assert summary["unit_positions_p99_ms"] > 0
    # Every request's fix (or a newer one of its unit) on every dispatch socket.
    assert moved["positions"]["requests"] == 10
    assert summary["unit_positions_delivered"] == 1.0


def test_it_gives_the_fanout_ratio_as_baseline_over_ours() -> None:
    results = {
        "dispatch": {"fanout_cpu_us_per_frame": 18.0},
        "baseline": {"dispatch": {"fanout_cpu_us_per_frame": 9.0}},
    }
    assert report.summarize(run.Plan(), results)["fanout_ratio_vs_baseline"] == 0.5
    results["baseline"]["dispatch"]["fanout_cpu_us_per_frame"] = 0.0  # under a clock tick
    assert report.summarize(run.Plan(), results)["fanout_ratio_vs_baseline"] is None


def test_it_decides_an_ingest_step_by_most_of_its_attempts() -> None:
    def attempt(p99: float, ok: bool, errors: int = 0) -> dict[str, Any]:
        api = {"p99_ms": p99}
        return {
            "api": api,
            "ok": ok,
            "errors": errors,
            "achieved_per_s": 99.0,
            "server_cpu_ms_per_report": 7.0,
        }

    # One stall among three does not decide the step, nor one lucky attempt.
    held = run.ingest_verdict(
        100.0, [attempt(40.0, True), attempt(900.0, False, 2), attempt(60.0, True)]
    )
    assert held["ok"] and held["attempts_held"] == 2
    assert held["api"] == {"p99_ms": 60.0, "p99_ms_range": [40.0, 900.0]}
    assert held["errors"] == 2
    lucky = run.ingest_verdict(
        200.0, [attempt(90.0, True), attempt(150.0, False), attempt(180.0, False)]
    )
    assert not lucky["ok"] and lucky["api"]["p99_ms"] == 150.0
    assert run.Plan().ingest_repeats == 3


def test_it_sends_position_cost_batches_the_endpoint_takes_as_plain() -> None:
    from bench import position_cost
    from units.asgi import plain_fixes

    fixes = plain_fixes(position_cost.batch(7))
    assert fixes is not None and len(fixes) == 5
    # Distinct times per request: each batch adds five rows, none skipped as a replay.
    assert {f["at"] for f in fixes}.isdisjoint(f["at"] for f in plain_fixes(position_cost.batch(8)))


def test_it_counts_frames_that_take_an_incident_back() -> None:
    frames = [
        {"kind": "event", "id": 1, "incident": [5, 1]},
        {"kind": "event", "id": 2, "incident": [5, 2]},
        {"kind": "batch", "incidents": [[5, 2], [6, 1]], "id": 2},
        {"kind": "positions", "units": [[1, 0.0]]},
        {"kind": "event", "id": 3, "incident": None},
    ]
    in_order = {"frames": [0, 1, 2, 3, 4], "times": [0.0] * 5, "closed": False}
    back = {"frames": [1, 0, 2], "times": [0.0] * 3, "closed": False}
    recordings = [{"frames": frames, "sockets": [in_order, back]}]
    assert went_back(recordings) == {"incident_frames": 8, "went_back": 1}


def test_it_judges_every_target_and_leaves_a_phase_not_run_unjudged() -> None:
    results = {
        "dispatch": {"delivery": {"delivered_ratio": 1.0, "latency_every_socket": {"p99_ms": 120}}},
        "baseline": {"dispatch": {"delivery": {"latency_every_socket": {"p99_ms": 20.0}}}},
        "ingest": {
            "sustained_per_s": 150,
            "steps": [
                {"ok": True, "server_cpu_ms_per_report": 6.0},
                {"ok": True, "server_cpu_ms_per_report": 5.0},
                {"ok": False, "server_cpu_ms_per_report": 9.0},
            ],
        },
    }
    summary = report.summarize(run.Plan(), results)
    assert summary["dispatch_p99_vs_baseline"] == 6.0
    assert summary["ingest_cpu_ms_per_post"] == 5.0  # the highest step that held
    met = report.verdicts(summary)
    # 120 ms is under 150 ms, but 6x the baseline's 20 ms: missed.
    assert met["dispatch_p99"] is False
    assert met["ingest"] is False and met["ingest_cpu"] is False
    assert met["public_p99"] is None and met["scaleout"] is None
    assert set(met) >= {row.verdict for row in report.TARGET_ROWS}
    rows = report.target_rows({"summary": summary, "results": results, "targets_met": met})
    assert [r[0] for r in rows] == [row.label for row in report.TARGET_ROWS]
    assert rows[1][1:4] == ("120 ms", "20 ms", "6x")
    assert rows[1][5] == "MISSED"


def test_it_charges_an_idle_sockets_memory_to_the_package_that_allocated_it() -> None:
    import tracemalloc

    from bench import socket_memory

    site = "/venv/lib/python3.11/site-packages"
    assert socket_memory.group_of(f"{site}/uvicorn/protocols/websockets/x.py") == "uvicorn"
    assert socket_memory.group_of(f"{site}/channels/consumer.py") == "Channels"
    assert socket_memory.group_of(str(ROOT / "realtime" / "hub.py")) == "project: realtime"
    assert socket_memory.group_of("/usr/lib/python3.11/asyncio/events.py") == "asyncio"
    tracemalloc.start(4)
    try:
        before = tracemalloc.take_snapshot()
        held = [bytearray(1024) for _ in range(200)]  # 200 KB from this file
        after = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    figures = socket_memory.compare(before, after, sockets=100)
    assert len(held) == 200
    assert figures["by_package_kb_per_socket"]["project: other"] >= 2.0
    assert figures["traced_kb_per_socket"] >= 2.0
    assert figures["top_lines_kb_per_socket"][0][0].startswith("test_harness.py:")


def test_it_sums_a_profile_of_uvicorns_worker_processes(tmp_path: Path) -> None:
    from bench import profile

    raw = tmp_path / "profile.txt"
    raw.write_text(
        'process 40:"uvicorn";process 41:"-c a; b";thread (41);run (asyncio/base_events.py:1);'
        "send (realtime/outbox.py:80) 30\n"
        'process 42:"python -m uvicorn";thread (42);run (asyncio/base_events.py:1);'
        "relay (realtime/hub.py:150) 50\n"
        'process 42:"python -m uvicorn";thread (0x7f01);get_response (django/core/base.py:9) 20\n'
    )
    summary = profile.summarize(raw, pid=40)
    assert summary["samples"] == {"loop": 80, "threads": 20}
    inclusive = dict(summary["loop"]["inclusive"])
    assert inclusive["run (asyncio/base_events.py)"] == 80.0
    assert dict(summary["loop"]["self"])["relay (realtime/hub.py)"] == 50.0
