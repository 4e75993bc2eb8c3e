"""The restore drill: seed, `manage.py backup`, `manage.py restore` into a fresh database,
and the same incidents, reports, events, users and event log position come back.

Real PostgreSQL and its client tools (pg_dump, pg_restore); the scratch database has
a name of its own and is dropped at the end.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command

from dispatch import services
from dispatch.backups import BackupError, backup_create, backup_runs, next_backup_due
from dispatch.models import Report
from tests.conftest import open_incident
from tests.servers import ROOT, environment

TABLES = {
    "incidents": "SELECT id, category, priority, status, lead_agency_id FROM dispatch_incident",
    "reports": "SELECT id, tracking_code, state, incident_id, text FROM dispatch_report",
    "events": "SELECT id, incident_id, type, data FROM dispatch_incidentevent",
    "users": "SELECT id, username, password, is_active FROM auth_user",
}
EVENT_SEQUENCE = "pg_get_serial_sequence('dispatch_incidentevent', 'id')"


def connect(name: str) -> psycopg.Connection:
    db = settings.DATABASES["default"]
    return psycopg.connect(
        host=db.get("HOST") or "127.0.0.1",
        port=db.get("PORT") or 5432,
        user=db.get("USER") or "postgres",
        password=db.get("PASSWORD") or None,
        dbname=name,
        autocommit=True,
    )


def database_url(name: str) -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    return f"postgres://{db.get('USER') or 'postgres'}{password}@{host}/{name}"


@pytest.fixture
def scratch_database() -> Iterator[str]:
    name = f"restore_drill_{uuid.uuid4().hex[:12]}"
    with connect("postgres") as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with connect("postgres") as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed(cast: dict[str, Any]) -> None:
    """Incidents in several states, a report attached to one, and their events."""
    first = open_incident()
    second = open_incident(text="Tabrakan motor", category="traffic_accident", priority="P2")
    open_incident(text="Orang pingsan", category="medical", priority="P1", kinds=("dinkes",))
    claimed = services.incident_claim(incident=first, user=cast["damkar"])
    services.incident_set_status(incident=claimed, user=cast["damkar"], status="en_route")
    Report.objects.create(text="Kebakaran lagi", channel="sms", incident=second)


def rows(name: str) -> dict[str, list[tuple]]:
    with connect(name) as connection:
        return {
            table: connection.execute(f"{query} ORDER BY id").fetchall()
            for table, query in TABLES.items()
        }


def event_position(name: str) -> tuple[int, int]:
    """(the newest event id, the id the next appended event gets)."""
    with connect(name) as connection:
        newest = connection.execute("SELECT max(id) FROM dispatch_incidentevent").fetchone()[0]
        following = connection.execute(f"SELECT nextval({EVENT_SEQUENCE})").fetchone()[0]
    return newest, following


def manage(*args: str, database: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(DATABASE_URL=database_url(database), DEBUG="1"),
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_restores_what_it_backed_up(
    cast: dict[str, Any], scratch_database: str, tmp_path: Path
) -> None:
    seed(cast)
    source = settings.DATABASES["default"]["NAME"]
    before = rows(source)
    assert all(before.values()), {table: len(r) for table, r in before.items()}
    with connect(source) as connection:
        sequence_at = connection.execute(
            "SELECT last_value FROM dispatch_incidentevent_id_seq"
        ).fetchone()[0]

    call_command("backup", dir=tmp_path, keep=3)
    (dump,) = tmp_path.glob("dispatch-*.dump")
    assert backup_runs(tmp_path)[-1]["result"] == "ok"

    result = manage("restore", str(dump), database=scratch_database)
    assert result.returncode == 0, result.stderr[-3000:]

    assert rows(scratch_database) == before
    newest, following = event_position(scratch_database)
    assert newest == before["events"][-1][0]
    # The log resumes where it was: the next event continues the sequence.
    assert following == sequence_at + 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_database_that_is_not_empty(
    cast: dict[str, Any], scratch_database: str, tmp_path: Path
) -> None:
    call_command("backup", dir=tmp_path)
    (dump,) = tmp_path.glob("dispatch-*.dump")
    assert manage("restore", str(dump), database=scratch_database).returncode == 0

    again = manage("restore", str(dump), database=scratch_database)
    assert again.returncode != 0
    assert "is not empty" in again.stderr
    # Told to, it replaces what is there.
    replaced = manage("restore", str(dump), "--replace", database=scratch_database)
    assert replaced.returncode == 0, replaced.stderr[-3000:]
    assert rows(scratch_database)["users"] == rows(settings.DATABASES["default"]["NAME"])["users"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_newest_and_records_each_run(cast: dict[str, Any], tmp_path: Path) -> None:
    database = settings.DATABASES["default"]
    start = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
    # Left by a run killed mid-dump two days ago: cleared; one being written now: kept.
    killed = tmp_path / "dispatch-20261129T020000Z.dump.partial"
    killed.write_bytes(b"half")
    os.utime(killed, (time.time() - 2 * 86400,) * 2)
    writing = tmp_path / "dispatch-20261204T020000Z.dump.partial"
    writing.write_bytes(b"half")
    for day in range(3):
        backup_create(database=database, directory=tmp_path, keep=2, now=start + timedelta(day))
    runs = backup_runs(tmp_path)
    assert [run["result"] for run in runs] == ["ok", "ok", "ok"]
    assert all(run["size"] > 0 and run["duration_s"] >= 0 for run in runs)
    kept = sorted(path.name for path in tmp_path.glob("dispatch-*.dump"))
    assert kept == ["dispatch-20261202T020000Z.dump", "dispatch-20261203T020000Z.dump"]
    assert writing.exists() and not killed.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_records_a_failed_run(cast: dict[str, Any], tmp_path: Path) -> None:
    database = {**settings.DATABASES["default"], "NAME": f"missing_{uuid.uuid4().hex[:8]}"}
    with pytest.raises(BackupError):
        backup_create(database=database, directory=tmp_path, keep=2)
    (run,) = backup_runs(tmp_path)
    assert run["result"] == "failed" and "does not exist" in run["error"]
    assert not list(tmp_path.glob("dispatch-*"))


def test_it_says_backups_need_postgresql(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "backup", "--dir", str(tmp_path)],
        cwd=ROOT,
        env=environment(DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3", REDIS_URL="", DEBUG="1"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Backups need PostgreSQL" in result.stderr
    assert not list(tmp_path.glob("dispatch-*"))


def test_it_schedules_the_next_backup_a_day_after_the_last_good_one(tmp_path: Path) -> None:
    day = 24 * 3600
    assert next_backup_due(directory=tmp_path, every_s=day) == 0  # none yet: now
    at = datetime(2026, 12, 4, 2, 0, tzinfo=UTC)
    (tmp_path / "backups.jsonl").write_text(
        f'{{"at": "{at.isoformat()}", "result": "ok"}}\n'
        f'{{"at": "{(at + timedelta(hours=3)).isoformat()}", "result": "failed"}}\n'
    )
    # A failed run does not move the schedule; a restarted service neither skips nor repeats.
    due = next_backup_due(directory=tmp_path, every_s=day, now=at.timestamp() + 3600)
    assert due == day - 3600
    assert next_backup_due(directory=tmp_path, every_s=day, now=at.timestamp() + 2 * day) == 0
