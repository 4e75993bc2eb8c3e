"""Where an idle websocket's memory goes: `python -m bench.socket_memory`.

One uvicorn process with `make run`'s options, tracemalloc on (BENCH_TRACEMALLOC),
first on a bare ASGI app (bench.memory_app: accept, answer the resume) and then on
the project's public route. For each: the process's RSS and the Python
allocations tracemalloc saw, before and after `--sockets` idle public sockets
connect, per socket and by package (uvicorn, websockets, Channels, Django,
asyncio, the project), with the lines that allocated most. tracemalloc slows the
server: these runs are for where memory goes, not for speed.

    python -m bench.socket_memory [--sockets 1000] [--out bench/results/memory/...]
    python -m bench.socket_memory --route dispatch --incidents 750 [--sockets 1000]

`--route dispatch`: signed-in dispatcher sockets on the project's staff route, each
sent the staff snapshot of `--incidents` live incidents when it opens (about what
the full run's dispatch phase finds after its public phase). Its RSS against its
traced allocations tells what a socket keeps from what the allocator kept of the
snapshot frames that went out.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from bench import procs, report, stack
from bench.measure import start_clients
from bench.run import free_port, log
from config import serving

OUT = stack.ROOT / "bench" / "results" / "memory" / "socket-memory.json"
WARM_UP_SOCKETS = 20
APPS = (("bare ASGI app", "bench.memory_app:application"), ("project", "bench.asgi:application"))
GROUPS = (
    ("/uvicorn/", "uvicorn"),
    ("/websockets/", "websockets (uvicorn's protocol)"),
    ("/channels/", "Channels"),
    ("/django/", "Django"),
    ("/asyncio/", "asyncio"),
    (str(stack.ROOT / "realtime"), "project: realtime"),
    (str(stack.ROOT), "project: other"),
)


def group_of(filename: str) -> str:
    return next((name for part, name in GROUPS if part in filename), "other")


def _dump(pid: int, directory: Path) -> tracemalloc.Snapshot:
    """Ask the server for a snapshot and wait until it is written whole."""
    before = set(directory.glob(f"tracemalloc-{pid}-*.snap"))
    os.kill(pid, signal.SIGUSR1)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        new = set(directory.glob(f"tracemalloc-{pid}-*.snap")) - before
        if new:
            path = new.pop()
            size = -1
            while size != path.stat().st_size:  # written once the size stops moving
                size = path.stat().st_size
                time.sleep(0.5)
            return tracemalloc.Snapshot.load(str(path))
        time.sleep(0.2)
    raise RuntimeError("the server wrote no tracemalloc snapshot within 120 s")


def compare(
    before: tracemalloc.Snapshot, after: tracemalloc.Snapshot, sockets: int
) -> dict[str, Any]:
    def kb(size: int) -> float:
        return round(size / sockets / 1024, 2)

    groups: dict[str, int] = {}
    for stat in after.compare_to(before, "filename"):
        name = group_of(stat.traceback[0].filename)
        groups[name] = groups.get(name, 0) + stat.size_diff
    lines = after.compare_to(before, "lineno")[:12]
    return {
        "traced_kb_per_socket": kb(sum(groups.values())),
        "by_package_kb_per_socket": {k: kb(v) for k, v in sorted(groups.items())},
        "top_lines_kb_per_socket": [
            [f"{Path(s.traceback[0].filename).name}:{s.traceback[0].lineno}", kb(s.size_diff)]
            for s in lines
        ],
    }


async def measure(
    name: str,
    app: str,
    sockets: int,
    workdir: Path,
    traced: bool,
    route: str = "public",
    cookies: list[str] | None = None,
) -> dict[str, Any]:
    """One server, `sockets` idle sockets: its RSS growth, or (traced) what tracemalloc
    saw allocated. Apart, because a tracemalloc snapshot itself grows the RSS."""
    probe_dir = workdir / f"{name.replace(' ', '-')}-{'traced' if traced else 'rss'}"
    probe_dir.mkdir()
    env = stack.stack_env(probe_dir, BENCH_TRACEMALLOC="1" if traced else "0")
    port = free_port()
    command = serving.server_command("uvicorn", host="127.0.0.1", port=port, application=app)
    log(f"{name}: {sockets} sockets{', traced' if traced else ''}")
    with (workdir / f"{probe_dir.name}.log").open("a") as output:
        server = await asyncio.create_subprocess_exec(
            *command,
            cwd=stack.ROOT,
            env=env,
            stdout=output,
            stderr=output,
            preexec_fn=stack.prepare_child,
        )
    try:
        deadline = time.monotonic() + 60
        while not stack._http_ok(f"http://127.0.0.1:{port}/health/"):
            if time.monotonic() > deadline or server.returncode is not None:
                raise RuntimeError(f"{app} did not answer; see {workdir}")
            await asyncio.sleep(0.3)
        # First sockets load code and start the hub: not what a socket costs.
        url, origin = f"ws://127.0.0.1:{port}/ws/{route}/", f"http://127.0.0.1:{port}"
        warm, _ = await start_clients(url, WARM_UP_SOCKETS, 1, workdir, origin, cookies)
        for client in warm:
            await client.stop()
        await asyncio.sleep(2)
        rss_before = procs.rss_bytes(server.pid)
        before = await asyncio.to_thread(_dump, server.pid, probe_dir) if traced else None
        pool, connected = await start_clients(url, sockets, 1, workdir, origin, cookies)
        try:
            await asyncio.sleep(3)  # connection bookkeeping settles
            rss_after = procs.rss_bytes(server.pid)
            after = await asyncio.to_thread(_dump, server.pid, probe_dir) if traced else None
        finally:
            for client in pool:
                client.kill()
    finally:
        server.terminate()
        await server.wait()
    if before is not None and after is not None:
        return {"connected": connected["ready"], **compare(before, after, sockets)}
    return {
        "connected": connected["ready"],
        "rss_kb_per_socket": round((rss_after - rss_before) / sockets / 1024, 2),
    }


async def main_async(sockets: int, route: str, incidents: int) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="socket-memory-"))
    env = stack.stack_env(workdir)
    stack.prepare_database(env, log)
    cookies = None
    try:
        if route == "dispatch":
            stack.dbtools(env, "incidents", "--count", str(incidents))
            cookies = stack.dbtools(env, "sessions", "--count", str(sockets + WARM_UP_SOCKETS))
        apps = {}
        # The bare app has no staff route: only the project's is measured there.
        for name, app in APPS if route == "public" else APPS[1:]:
            rss = await measure(name, app, sockets, workdir, False, route, cookies)
            traced = await measure(name, app, sockets, workdir, True, route, cookies)
            apps[name] = {"app": app, "sockets": sockets, **rss, **traced}
    finally:
        stack.drop_database()
    return {
        "route": route,
        "incidents": incidents if route == "dispatch" else None,
        "apps": apps,
        "machine": report.machine(),
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sockets", type=int, default=1000)
    parser.add_argument("--route", choices=("public", "dispatch"), default="public")
    parser.add_argument("--incidents", type=int, default=750, help="live ones (dispatch)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    result = asyncio.run(main_async(args.sockets, args.route, args.incidents))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    for name, figures in result["apps"].items():
        print(
            f"\n{name}: RSS {figures['rss_kb_per_socket']} KB per socket, "
            f"traced {figures['traced_kb_per_socket']} KB"
        )
        for package, kb in figures["by_package_kb_per_socket"].items():
            print(f"  {package:<32} {kb:>7} KB")
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
