"""CPU time and memory of processes, read from /proc (Linux only).

The harness charges CPU to the processes that did the work: utime + stime of a
server process (and its children, for Celery's prefork pool) between two reads.
"""

from __future__ import annotations

import os
import resource
from dataclasses import dataclass
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
# 20,000 public sockets in one baseline process, with room for its own files.
WANTED_DESCRIPTORS = 65_536


def raise_fd_limit() -> None:
    """Descriptors for tens of thousands of sockets: up to WANTED_DESCRIPTORS where
    the process may raise its hard limit (root), else up to the hard limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (max(hard, WANTED_DESCRIPTORS),) * 2)
    except (ValueError, OSError):
        if soft < hard:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def _stat_fields(pid: int) -> list[str]:
    raw = Path(f"/proc/{pid}/stat").read_text()
    # The command name may hold spaces and parentheses: split after the last ')'.
    return raw[raw.rindex(")") + 2 :].split()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process so far (0 when it is gone)."""
    try:
        fields = _stat_fields(pid)
    except (OSError, ValueError):
        return 0.0
    # After the command: state(0) ppid(1) ... utime(11) stime(12).
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def children(pid: int) -> list[int]:
    """Every descendant of a process (Celery's pool, uvicorn's workers)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int(_stat_fields(int(entry.name))[1])
        except (OSError, ValueError, IndexError):
            continue
        parents.setdefault(ppid, []).append(int(entry.name))
    found: list[int] = []
    stack = [pid]
    while stack:
        for child in parents.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def tree_cpu_seconds(pid: int) -> float:
    return sum(cpu_seconds(p) for p in [pid, *children(pid)])


def rss_bytes(pid: int) -> int:
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * PAGE_SIZE


def tree_rss_bytes(pid: int) -> int:
    return sum(rss_bytes(p) for p in [pid, *children(pid)])


def postgres_pids() -> list[int]:
    """Backends and helpers of the local PostgreSQL (its CPU is part of the stack's)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() in ("postgres", "postmaster"):
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def redis_pids() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "redis-server":
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


@dataclass
class CpuMeter:
    """CPU seconds spent by a fixed set of process trees between start() and stop()."""

    pids: dict[str, int]
    started: dict[str, float] | None = None
    wall_started: float = 0.0

    def read(self) -> dict[str, float]:
        return {name: tree_cpu_seconds(pid) for name, pid in self.pids.items()}

    def start(self) -> None:
        import time

        self.started = self.read()
        self.wall_started = time.monotonic()

    def stop(self) -> tuple[dict[str, float], float]:
        """CPU seconds per name, and the wall seconds elapsed."""
        import time

        assert self.started is not None, "start() first"
        now = self.read()
        wall = time.monotonic() - self.wall_started
        return {name: now[name] - self.started.get(name, 0.0) for name in now}, wall


def machine_load() -> tuple[float, float, float]:
    return os.getloadavg()


def total_cpu_seconds() -> float:
    """All CPU time the machine spent (every process), from /proc/stat."""
    line = Path("/proc/stat").read_text().splitlines()[0].split()
    # user nice system idle iowait irq softirq steal: busy = all but idle and iowait.
    values = [int(v) for v in line[1:9]]
    busy = sum(values) - values[3] - values[4]
    return busy / CLOCK_TICKS


def main_thread_cpu_seconds(pid: int) -> float:
    """CPU of a process's main thread: for daphne and uvicorn, the event loop (socket
    writes, the hub, HTTP parsing), apart from the threads running sync Django code."""
    try:
        raw = Path(f"/proc/{pid}/task/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = raw[raw.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def database_backends(name: str) -> list[int]:
    """PostgreSQL backends connected to one database (others share the server)."""
    pids = []
    marker = f" {name} "
    for pid in postgres_pids():
        try:
            title = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if marker in title:
            pids.append(pid)
    return pids
