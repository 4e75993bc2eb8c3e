"""config/settings.py read from the environment: what each DATABASE_URL gets."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from config.settings import _database
from tests.servers import ROOT, environment


def test_only_postgresql_gets_the_connection_pool() -> None:
    postgres = _database("postgres://dispatch:secret@db:5432/dispatch")
    assert postgres["OPTIONS"]["pool"]["max_size"] >= 1
    assert postgres["CONN_HEALTH_CHECKS"] is True
    sqlite = _database("sqlite:////var/lib/dispatch/db.sqlite3")
    assert sqlite["ENGINE"] == "django.db.backends.sqlite3"
    assert "pool" not in sqlite["OPTIONS"]
    # The same writer queueing as the embedded default.
    assert sqlite["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_it_runs_on_a_sqlite_database_url(tmp_path: Path) -> None:
    env = environment(DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3", REDIS_URL="", DEBUG="1")
    code = (
        "from django.db import connection; connection.ensure_connection(); print(connection.vendor)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "sqlite"
