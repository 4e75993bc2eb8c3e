"""`make run`: migrate, seed an empty database, then serve the whole stack.

With REDIS_URL set, a Celery worker and beat run beside the web server (uvicorn,
or daphne with --server daphne / ASGI_SERVER=daphne), so one command runs
everything; Ctrl-C stops them all.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from config.serving import SERVERS, default_server, server_command
from dispatch.models import Agency
from dispatch.profiles import PROFILES


class Command(BaseCommand):
    help = "Migrate, seed when empty, and serve (plus Celery when REDIS_URL is set)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--server", choices=SERVERS, default=default_server())

    def handle(self, *args: Any, host: str, port: int, server: str, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if not Agency.objects.exists():
            try:
                call_command("seed_demo")
            except CommandError as exc:
                self.stderr.write(f"demo data not seeded: {exc}")
        python = sys.executable
        try:
            commands = [server_command(server, host=host, port=port)]
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if settings.REDIS_URL:
            celery = [python, "-m", "celery", "-A", "config"]
            commands.append([*celery, "worker", "-l", "info"])
            schedule = settings.BASE_DIR / "data" / "celerybeat-schedule"
            schedule.parent.mkdir(exist_ok=True)
            commands.append([*celery, "beat", "-l", "info", "--schedule", str(schedule)])
        self._banner(host, port)
        processes = [subprocess.Popen(cmd) for cmd in commands]  # noqa: S603
        try:
            while all(p.poll() is None for p in processes):
                time.sleep(0.5)
            self.stderr.write("a process stopped; stopping the others")
        except KeyboardInterrupt:
            pass
        finally:
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()

    def _banner(self, host: str, port: int) -> None:
        base = f"http://{host}:{port}"
        mode = "PostgreSQL + Redis + Celery" if settings.REDIS_URL else "embedded (SQLite)"
        self.stdout.write(
            "\n".join(
                [
                    "",
                    f"Dispatch 112 is starting: {PROFILES[settings.PROFILE].title} ({mode})",
                    f"  API          {base}/api/incidents/",
                    f"  report       POST {base}/api/reports/",
                    f"  admin        {base}/admin/",
                    f"  health       {base}/health/",
                    f"  sign in      {base}/accounts/login/",
                    f"Demo logins (password {settings.DEMO_PASSWORD}): dispatcher, supervisor,",
                    "  damkar, dinkes, bpbd, satpolpp, polri, dishub, dinsos, dlh, pupr, dp3a,",
                    "  disdukcapil, pln, pdam, basarnas; admin for Django admin.",
                    "Stop with Ctrl-C.",
                    "",
                ]
            )
        )
