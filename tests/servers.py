"""Real server processes for tests on loopback: daphne or uvicorn, Celery, `make run`'s
runstack, and a private redis-server or PostgreSQL."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from config.serving import server_command

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate: Callable[[], bool], timeout: float = 30, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def _http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 (loopback only)
            return response.status == 200
    except Exception:
        return False


@contextlib.contextmanager
def asgi_server(
    env: dict[str, str], log: Path, port: int | None = None, kind: str = "daphne"
) -> Iterator[int]:
    """A web server process (daphne or uvicorn) serving the project, as `make run`
    starts it; yields its port once /health/ answers."""
    port = port or free_port()
    with log.open("a") as out:
        process = subprocess.Popen(
            server_command(kind, host="127.0.0.1", port=port),
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            if not wait_until(lambda: _http_ok(f"http://127.0.0.1:{port}/health/"), 60):
                raise RuntimeError(f"{kind} did not start: {log.read_text()[-3000:]}")
            yield port
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def daphne(env: dict[str, str], log: Path, port: int | None = None) -> Any:
    return asgi_server(env, log, port, kind="daphne")


def uvicorn(env: dict[str, str], log: Path, port: int | None = None) -> Any:
    return asgi_server(env, log, port, kind="uvicorn")


class PrivateRedis:
    """A redis-server of the test's own, so it can be stopped and started at will."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not wait_until(self.ping, 10):
            raise RuntimeError("private redis-server did not start")

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


def environment(**overrides: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(overrides)
    return env


@contextlib.contextmanager
def celery(env: dict[str, str], log: Path, *args: str) -> Iterator[subprocess.Popen]:
    """A Celery process (`worker ...` or `beat ...`) of the project, in a process group
    of its own (its pool's children with it: `os.killpg(process.pid, ...)` kills the
    whole worker, as a container stop would); stopped at the end."""
    with log.open("a") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", *args],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # pool children left behind


class PrivatePostgres:
    """A PostgreSQL cluster of the test's own (initdb as the postgres user), to restart."""

    def __init__(self) -> None:
        # Not under pytest's tmp_path: its parents are private to root, and the
        # server runs as the postgres user.
        self.port = free_port()
        self.workdir = Path(tempfile.mkdtemp(prefix="dispatch-pg-"))
        self.workdir.chmod(0o755)
        self.datadir = self.workdir / "pgdata"
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
        self.bin = bins[-1] if bins else None

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def available(self) -> bool:
        return self.bin is not None and os.geteuid() == 0 and shutil.which("runuser") is not None

    def _run(self, *command: str) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *command],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=120,
        )

    def init(self) -> None:
        self.datadir.mkdir()
        shutil.chown(self.datadir, "postgres", "postgres")
        self._run(
            str(self.bin / "initdb"), "-D", str(self.datadir), "-A", "trust", "-U", "postgres"
        )

    def start(self) -> None:
        options = f"-p {self.port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.datadir), "-o", options, "-w", "start")

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.datadir), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(Exception):
            self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


@contextlib.contextmanager
def runstack(env: dict[str, str], log: Path, port: int | None = None) -> Iterator[tuple[int, Any]]:
    """`make run`'s command (manage.py runstack) in a session of its own; yields its
    port once /health/ answers, and the process. Stopped as Ctrl-C would."""
    port = port or free_port()
    with log.open("a") as out:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "runstack", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            if not wait_until(lambda: _http_ok(f"http://127.0.0.1:{port}/health/"), 120):
                raise RuntimeError(f"runstack did not start: {log.read_text()[-3000:]}")
            yield port, process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=30)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # whatever it left behind


def children(pid: int) -> dict[int, str]:
    """The processes whose parent is `pid`: {pid: command line}."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ")
                found[int(stat.parent.name)] = cmdline.decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue
    return found
