"""The production shape for the bench: PostgreSQL, Redis, a Celery worker and
daphne or uvicorn, all on this machine, started and stopped by the harness.

The database `dispatch_bench` is made fresh for every run from a template that
is migrated and seeded once per state of the migrations (a copy takes a second,
migrating takes half a minute). Redis database 10 is the bench's own and is
flushed at the start.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import procs
from config import serving

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_HOST_URL = PG_ADMIN_URL.rsplit("/", 1)[0]
DB_NAME = os.environ.get("BENCH_DB", "dispatch_bench")
TEMPLATE_DB = f"{DB_NAME}_tpl"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/10")
DEMO_PASSWORD = "bench-demo-password"  # noqa: S105 (a throwaway database on loopback)
SERVERS = serving.SERVERS
# uvicorn processes, one per core as WEB_CONCURRENCY=2 gives a deployment on this
# 2-core machine: with two, ingest held 200 reports/s at API p99 <= 100 ms against
# 50-100/s with one (README, Performance). daphne has no worker processes: one.
WEB_WORKERS = int(os.environ.get("BENCH_WEB_WORKERS", "2") or 2)


# On a machine shared with other jobs, BENCH_PRIORITY=-10 (as root) lets the
# measured processes run first, so what is measured is the stack, not the others.
PRIORITY = int(os.environ.get("BENCH_PRIORITY", "0") or 0)


def autogroup_nice() -> int | None:
    try:
        return int(Path("/proc/self/autogroup").read_text().split()[-1])
    except (OSError, ValueError, IndexError):
        return None


def restore_autogroup(nice: int | None) -> None:
    """Put the session's priority back (the shell that ran the bench shares it)."""
    if PRIORITY and nice is not None:
        with contextlib.suppress(OSError):
            Path("/proc/self/autogroup").write_text(str(nice))


def prepare_child() -> None:
    """In each child before exec: descriptors for thousands of sockets, and priority."""
    procs.raise_fd_limit()
    if PRIORITY:
        with contextlib.suppress(OSError):  # raising priority needs root
            os.setpriority(os.PRIO_PROCESS, 0, PRIORITY)
            # With autogroup scheduling, nice only ranks processes of one session;
            # the session's own nice ranks it against the other sessions' jobs.
            Path("/proc/self/autogroup").write_text(str(PRIORITY))


def stack_env(probe_dir: Path, **overrides: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"{PG_HOST_URL}/{DB_NAME}",
        REDIS_URL=REDIS_URL,
        DEBUG="0",
        SECRET_KEY="bench-" + "x" * 60,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        # The generator is one address sending hundreds of reports a second.
        PUBLIC_REPORT_RATE="",
        PUBLIC_REPORT_PHONE_RATE="",
        DEMO_PASSWORD=DEMO_PASSWORD,
        LOG_LEVEL="WARNING",
        # Reports left queued by an earlier phase are not swept back in mid-run.
        REPORT_REQUEUE_AFTER_S="86400",
        BENCH_PROBE_DIR=str(probe_dir),
        PYTHONPATH=str(ROOT),
    )
    env.update(overrides)
    return env


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return done.stdout


def dbtools(env: dict[str, str], *args: str, timeout: float = 600) -> Any:
    done = subprocess.run(
        [sys.executable, "-m", "bench.dbtools", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return json.loads(done.stdout)


# --- database ------------------------------------------------------------------------


def _admin() -> Any:
    import psycopg

    return psycopg.connect(PG_ADMIN_URL, autocommit=True)


def schema_fingerprint() -> str:
    """Changes whenever a migration or the demo seed changes."""
    digest = hashlib.sha256()
    paths = sorted(ROOT.glob("*/migrations/*.py"))
    paths.append(ROOT / "dispatch" / "management" / "commands" / "seed_demo.py")
    paths.append(ROOT / "dispatch" / "management" / "shift.py")  # how the demo is dated
    for path in paths:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _template_fingerprint(connection: Any) -> str | None:
    row = connection.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        [TEMPLATE_DB],
    ).fetchone()
    return row[0] if row else None


def prepare_database(env: dict[str, str], log: Any = print) -> dict[str, Any]:
    """A fresh `dispatch_bench`, copied from a migrated and seeded template."""
    started = time.monotonic()
    fingerprint = schema_fingerprint()
    with _admin() as connection:
        rebuilt = _template_fingerprint(connection) != fingerprint
        if rebuilt:
            log(f"  migrating and seeding a template database ({TEMPLATE_DB})")
            connection.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE_DB}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{TEMPLATE_DB}"')
            template_env = {**env, "DATABASE_URL": f"{PG_HOST_URL}/{TEMPLATE_DB}"}
            manage(template_env, "migrate", "--no-input", "-v", "0")
            # Without REDIS_URL triage runs in-process: the demo incidents exist at once.
            manage({**template_env, "REDIS_URL": ""}, "seed_demo")
            connection.execute(f"COMMENT ON DATABASE \"{TEMPLATE_DB}\" IS '{fingerprint}'")
        connection.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DB_NAME}" TEMPLATE "{TEMPLATE_DB}"')
    flush_redis()
    return {"template_rebuilt": rebuilt, "seconds": round(time.monotonic() - started, 1)}


def flush_redis() -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    client.close()


def drop_database() -> None:
    with _admin() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


# --- processes -----------------------------------------------------------------------


def _http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
            return response.status == 200
    except Exception:
        return False


def server_command(kind: str, port: int) -> list[str]:
    """The command line `make run` uses (config.serving), on the bench's app."""
    command = serving.server_command(
        kind, host="127.0.0.1", port=port, application="bench.asgi:application"
    )
    if kind == "uvicorn":
        command += [
            # Access lines on stdout, as daphne writes them by default.
            "--log-level",
            "info",
            "--backlog",
            "4096",
            # More than one process: each has its own hub and takes a share of the
            # sockets (the kernel spreads the accepts).
            "--workers",
            str(WEB_WORKERS),
        ]
    return command


@dataclass
class Stack:
    """The web server and the Celery worker of one run."""

    env: dict[str, str]
    workdir: Path
    port: int
    server_kind: str = "daphne"
    server: subprocess.Popen | None = None
    worker: subprocess.Popen | None = None
    # More workers on the same Redis and PostgreSQL (the scale-out phase).
    more_workers: list[subprocess.Popen] = field(default_factory=list)
    logs: list[Any] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _spawn(self, name: str, command: list[str]) -> subprocess.Popen:
        log = (self.workdir / f"{name}.log").open("a")
        self.logs.append(log)
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=prepare_child,
        )

    def start_server(self, kind: str | None = None) -> None:
        self.server_kind = kind or self.server_kind
        self.server = self._spawn(self.server_kind, server_command(self.server_kind, self.port))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise RuntimeError(f"{self.server_kind} exited; see {self.workdir}")
            if _http_ok(f"{self.base_url}/health/"):
                return
            time.sleep(0.2)
        raise RuntimeError(f"{self.server_kind} did not answer /health/ within 60 s")

    def start_worker(self) -> None:
        self.worker = self._spawn_worker("worker")

    def add_worker(self) -> None:
        """One more worker beside the first, as a second `worker` replica would be."""
        self.more_workers.append(self._spawn_worker(f"worker-{len(self.more_workers) + 2}"))

    @property
    def worker_pids(self) -> list[int]:
        return [w.pid for w in (self.worker, *self.more_workers) if w is not None]

    def _spawn_worker(self, name: str) -> subprocess.Popen:
        # The pool and concurrency of the settings (threads, 4), as `make run` has
        # them; no beat: its SLA sweeps are not what is measured.
        started = time.time()
        worker = self._spawn(
            name,
            [sys.executable, "-m", "bench.worker", "worker", "-l", "warning", "-n", f"{name}@%h"],
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if worker.poll() is not None:
                raise RuntimeError(f"the Celery worker exited; see {self.workdir}/{name}.log")
            if self._worker_ready_since(started):
                return worker
            time.sleep(0.2)
        raise RuntimeError(f"the Celery worker {name} did not come up within 60 s")

    def _worker_ready_since(self, started: float) -> bool:
        """The worker's probe (bench.probes) writes a line when Celery is ready."""
        from bench import probes

        directory = Path(self.env["BENCH_PROBE_DIR"])
        return any(
            row["k"] == "worker_ready" and row["t"] >= started for row in probes.read(directory)
        )

    @staticmethod
    def _stop(process: subprocess.Popen | None) -> None:
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def stop_server(self) -> None:
        self._stop(self.server)
        self.server = None

    def stop_worker(self) -> None:
        self.stop_more_workers()
        self._stop(self.worker)
        self.worker = None

    def stop_more_workers(self) -> None:
        for worker in self.more_workers:
            self._stop(worker)
        self.more_workers.clear()

    def stop(self) -> None:
        self.stop_server()
        self.stop_worker()
        for log in self.logs:
            log.close()
        self.logs.clear()


def purge_queue() -> None:
    """Drop the Celery queue, each of its priority lists (`celery`, `celery\x06\x163`,
    ...), and its unacknowledged messages, without touching the channel layer's keys
    in the same Redis database."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.delete(*client.keys("celery*"), "unacked", "unacked_index")
    client.close()
