"""Optional sampling profile of the server during a measured window (py-spy).

    BENCH_PROFILE=1 python -m bench.run      (needs `pip install py-spy`; root or ptrace)

py-spy samples the live process from outside, so the server runs unmodified. Only
the thread holding the GIL is sampled, so a sample is Python CPU time. The
collapsed stacks are kept next to the results; the summary lists the functions
with the most samples, by self time and inclusive of callees, per thread (the
event loop apart from the threads running sync Django code), in % of all samples.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

FRAME = re.compile(r"^(?P<name>.+?) \((?P<file>[^()]*?)(?::\d+)?\)$")
PROCESSES = re.compile(r'^(?:process (?P<pid>\d+):"[^"]*";)+')


def py_spy() -> str | None:
    here = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "py-spy"
    return str(here) if here.exists() else shutil.which("py-spy")


def start(pid: int, seconds: float, out: Path) -> subprocess.Popen | None:
    binary = py_spy()
    if binary is None:
        return None
    return subprocess.Popen(
        [
            binary,
            "record",
            "--pid",
            str(pid),
            "--duration",
            str(max(1, int(seconds))),
            "--rate",
            "200",
            "--threads",
            # Only the thread holding the GIL: samples are CPU spent, not threads
            # waiting for the GIL or for the database.
            "--gil",
            "--nonblocking",  # the server is not paused while sampled
            # uvicorn's --workers: the processes that serve are children of `pid`.
            "--subprocesses",
            "--format",
            "raw",
            "--output",
            str(out),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def stop(process: subprocess.Popen, path: Path, pid: int) -> dict[str, Any]:
    """End a recording early (py-spy writes what it has on SIGINT) and summarize it."""
    import asyncio
    import signal

    process.send_signal(signal.SIGINT)
    await asyncio.to_thread(process.wait, 30)
    return summarize(path, pid)


def _short(frame: str) -> str:
    match = FRAME.match(frame.strip())
    if not match:
        return frame.strip()
    path = match["file"]
    for marker in ("site-packages/", "python3.11/", "/work/main/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{match['name']} ({path})"


def summarize(path: Path, pid: int, top: int = 20) -> dict[str, Any]:
    """Top functions by self and inclusive samples, per thread, in % of all samples."""
    threads: dict[str, dict[str, Counter]] = {}
    totals: Counter = Counter()
    if not path.exists():
        return {"error": "no profile written"}
    for line in path.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        # With --subprocesses each stack starts with its process and the parents
        # above it, `process 123:"cmd";process 124:"cmd";`, the last the sampled one
        # (a command line may hold a ';': multiprocessing's spawn has one).
        pid_here = pid
        if processes := PROCESSES.match(stack):
            pid_here, stack = int(processes["pid"]), stack[processes.end() :]
        frames = stack.split(";")
        # py-spy names a main thread (the event loop) by its pid, the others by tid.
        first = frames[0]
        main = first.startswith(f"thread ({pid_here})") or "MainThread" in first
        thread = "loop" if main else "threads"
        calls = [_short(f) for f in frames[1:]]
        if not calls:
            continue
        counters = threads.setdefault(thread, {"self": Counter(), "inclusive": Counter()})
        counters["self"][calls[-1]] += count
        for name in set(calls):
            counters["inclusive"][name] += count
        totals[thread] += count
    out: dict[str, Any] = {"samples": dict(totals)}
    total = sum(totals.values()) or 1
    for thread, counters in threads.items():
        out[thread] = {
            kind: [[name, round(100 * n / total, 1)] for name, n in counter.most_common(top)]
            for kind, counter in counters.items()
        }
    return out
