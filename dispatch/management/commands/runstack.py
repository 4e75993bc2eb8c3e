"""`make run`: migrate, seed an empty database, then serve the whole stack.

With REDIS_URL set, a Celery worker and beat run beside the web server (uvicorn,
or daphne with --server daphne / ASGI_SERVER=daphne), so one command runs
everything; a worker or beat that dies is restarted (dispatch/management/
supervise.py); Ctrl-C stops them all. Without Redis, beat's jobs run in this
process (dispatch/management/schedule.py). With DEBUG off the static files are
collected first, as whitenoise then serves STATIC_ROOT.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from config.serving import SERVERS, default_server, server_command
from dispatch.management.schedule import InProcessBeat
from dispatch.management.screens import screen_lines, screens_of
from dispatch.management.supervise import Child, Supervisor
from dispatch.models import Agency
from dispatch.profiles import PROFILES


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


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
        if not settings.DEBUG:
            # whitenoise serves STATIC_ROOT when DEBUG is off: fresh files, not last run's.
            self.stdout.write(f"collecting static files into {settings.STATIC_ROOT}")
            call_command("collectstatic", interactive=False, verbosity=0)
        try:
            children = [Child("web server", server_command(server, host=host, port=port), False)]
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        beat = None
        if settings.REDIS_URL:
            celery = [sys.executable, "-m", "celery", "-A", "config"]
            schedule = settings.BASE_DIR / "data" / "celerybeat-schedule"
            schedule.parent.mkdir(exist_ok=True)
            children.append(Child("celery worker", [*celery, "worker", "-l", "info"], True))
            beat_command = [*celery, "beat", "-l", "info", "--schedule", str(schedule)]
            children.append(Child("celery beat", beat_command, True))
        else:
            beat = InProcessBeat(settings.CELERY_BEAT_SCHEDULE)
        self._banner(host, port)
        supervisor = Supervisor(children, log=lambda line: self.stderr.write(f"runstack: {line}"))
        # A SIGTERM (a service manager, a container stop) stops the children too.
        signal.signal(signal.SIGTERM, _interrupt)
        supervisor.start()
        if beat is not None:
            beat.start()
        try:
            code = supervisor.run()
        except KeyboardInterrupt:
            code = 0
        finally:
            if beat is not None:
                beat.stop()
            supervisor.stop()
        if code:
            raise CommandError(f"the web server stopped (exit code {code})", returncode=1)

    def _banner(self, host: str, port: int) -> None:
        base = f"http://{host}:{port}"
        mode = "PostgreSQL + Redis + Celery" if settings.REDIS_URL else "embedded (SQLite)"
        profile = PROFILES[settings.PROFILE]
        kinds = Agency.objects.order_by("kind").values_list("kind", flat=True)
        screens = screens_of(profile, kinds)
        lines = [
            "",
            f"Dispatch 112 is starting: {profile.title} ({mode})",
            "Screens:",
            *screen_lines(base, screens, settings.DEMO_PASSWORD),
            f"API: {base}/api/incidents/, reports POST {base}/api/reports/, health {base}/health/",
            "Stop with Ctrl-C.",
            "",
        ]
        self.stdout.write("\n".join(lines))
