"""`make run`'s processes: the web server and, with Redis, a Celery worker and beat.

A worker or beat that dies is started again after a back-off (1 s, doubling up to
30 s, back to 1 s once one has run for a minute): a crashed worker must not take
the web server down with it, and one that crashes at once must not spin. The web
server is the stack itself: when it stops (a port in use, a crash), all stop.
"""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Child:
    name: str
    command: list[str]
    restart: bool  # False: its exit stops the stack
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    quick_exits: int = 0  # exits in a row, each before it ran STABLE_S
    restart_at: float | None = None
    restarts: int = 0


class Supervisor:
    def __init__(
        self,
        children: list[Child],
        *,
        log: Callable[[str], None],
        first_delay: float = 1.0,
        max_delay: float = 30.0,
        stable_s: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.children = children
        self.log = log
        self.first_delay = first_delay
        self.max_delay = max_delay
        self.stable_s = stable_s
        self.clock = clock

    def start(self) -> None:
        for child in self.children:
            self._spawn(child)

    def _spawn(self, child: Child) -> None:
        child.process = subprocess.Popen(child.command)  # noqa: S603 (our own command lines)
        child.started_at = self.clock()
        child.restart_at = None

    def check(self) -> int | None:
        """One look at every child: restart what is due. Returns the exit code of a
        child whose exit stops the stack, else None."""
        now = self.clock()
        for child in self.children:
            if child.restart_at is not None:
                if now >= child.restart_at:
                    child.restarts += 1
                    self.log(f"{child.name}: starting again (restart {child.restarts})")
                    self._spawn(child)
                continue
            code = child.process.poll() if child.process else None
            if code is None:
                continue
            ran = now - child.started_at
            if not child.restart:
                self.log(f"{child.name} exited with code {code} after {ran:.0f} s; stopping")
                return code
            child.quick_exits = 0 if ran >= self.stable_s else child.quick_exits + 1
            delay = min(self.max_delay, self.first_delay * 2 ** max(0, child.quick_exits - 1))
            child.restart_at = now + delay
            self.log(
                f"{child.name} exited with code {code} after {ran:.0f} s; restarting in {delay:g} s"
            )
        return None

    def run(self, interval: float = 0.5) -> int:
        while (code := self.check()) is None:
            time.sleep(interval)
        return code

    def stop(self, timeout: float = 10) -> None:
        running = [c.process for c in self.children if c.process and c.process.poll() is None]
        for process in running:
            process.send_signal(signal.SIGTERM)
        for process in running:
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
