"""Backups of the PostgreSQL database: `make backup`, `make restore`, and what /metrics says.

A backup is `pg_dump -Fc` of the whole database: one consistent snapshot (pg_dump
runs in a single repeatable-read transaction), tables and sequences together, so
a restored event log resumes from the same position. It is written under a
temporary name and renamed when complete: a half-written dump never counts.
Every run, good or failed, appends one line to `backups.jsonl` beside the dumps
(time, file, size, duration, result); /metrics reads it for the last good
backup's age (docs/OPERATIONS.md, "Backups").
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

LOG_NAME = "backups.jsonl"
PREFIX = "dispatch-"
SUFFIX = ".dump"
# A dump still being written is never this old.
PARTIAL_STALE_S = 24 * 3600
# From PATH: the server's major version or newer (the image installs 16).
PG_DUMP = "pg_dump"
PG_RESTORE = "pg_restore"


class BackupError(Exception):
    """A backup or restore that cannot be done, in words for the operator."""


def connection_environment(database: dict[str, Any]) -> dict[str, str]:
    """libpq's variables for a Django database entry (no password on a command line)."""
    if not database.get("ENGINE", "").endswith("postgresql"):
        raise BackupError(
            "Backups need PostgreSQL: DATABASE_URL is not a postgres:// URL "
            f"(the database engine is {database.get('ENGINE') or 'unset'})."
        )
    values = {
        "PGHOST": database.get("HOST"),
        "PGPORT": database.get("PORT"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGDATABASE": database.get("NAME"),
    }
    return {**os.environ, **{k: str(v) for k, v in values.items() if v}}


def backup_create(
    *, database: dict[str, Any], directory: Path, keep: int, now: datetime | None = None
) -> dict[str, Any]:
    """Dump the database to a timestamped file, keep the newest `keep`, record the run."""
    environment = connection_environment(database)
    directory.mkdir(parents=True, exist_ok=True)
    now = now or datetime.now(UTC)
    target = directory / f"{PREFIX}{now:%Y%m%dT%H%M%SZ}{SUFFIX}"
    partial = target.with_name(target.name + ".partial")
    started = time.monotonic()
    record: dict[str, Any] = {"at": now.isoformat(), "file": target.name}
    try:
        _run([PG_DUMP, "-Fc", "--file", str(partial)], environment)
        partial.rename(target)
    except BackupError as error:
        partial.unlink(missing_ok=True)
        _record(directory, {**record, "result": "failed", "error": str(error)}, started)
        raise
    record = _record(directory, {**record, "result": "ok", "size": target.stat().st_size}, started)
    record["removed"] = [p.name for p in backups_rotate(directory=directory, keep=keep)]
    return record


def backups_rotate(*, directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` dumps (names sort by time), and what a run
    killed mid-dump left over a day ago."""
    dumps = sorted(directory.glob(f"{PREFIX}*{SUFFIX}"))
    old = dumps[: max(0, len(dumps) - max(keep, 1))]
    old += [
        path
        for path in directory.glob(f"{PREFIX}*{SUFFIX}.partial")
        if time.time() - path.stat().st_mtime > PARTIAL_STALE_S
    ]
    for path in old:
        path.unlink()
    return old


def backup_restore(*, database: dict[str, Any], path: Path, replace: bool = False) -> None:
    """Restore a dump into the database; it must be empty unless `replace` is given."""
    environment = connection_environment(database)
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    tables = database_tables(environment)
    if tables and not replace:
        raise BackupError(
            f"The database {database.get('NAME')!r} is not empty ({len(tables)} tables, "
            f"e.g. {', '.join(tables[:3])}). Restore into a new, empty database "
            "(createdb, then point DATABASE_URL at it), or pass --replace to drop and "
            "replace what is there."
        )
    command = [PG_RESTORE, "--no-owner", "--no-privileges", "--exit-on-error"]
    if replace:
        command += ["--clean", "--if-exists"]
    _run([*command, "--dbname", environment["PGDATABASE"], str(path)], environment)


def database_tables(environment: dict[str, str]) -> list[str]:
    """The tables of the database outside PostgreSQL's own schemas."""
    import psycopg

    with psycopg.connect("", **_psycopg_args(environment)) as connection:
        rows = connection.execute(
            "SELECT schemaname || '.' || tablename FROM pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
        ).fetchall()
    return [row[0] for row in rows]


def _psycopg_args(environment: dict[str, str]) -> dict[str, str]:
    keys = {"PGHOST": "host", "PGPORT": "port", "PGUSER": "user", "PGPASSWORD": "password"}
    args = {name: environment[key] for key, name in keys.items() if key in environment}
    return {**args, "dbname": environment["PGDATABASE"]}


def _run(command: list[str], environment: dict[str, str]) -> None:
    try:
        # Our own command lines: the client tools and a path the operator named.
        result = subprocess.run(command, env=environment, capture_output=True, text=True)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL's client tools).") from error
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")


def _record(directory: Path, record: dict[str, Any], started: float) -> dict[str, Any]:
    record = {**record, "duration_s": round(time.monotonic() - started, 3)}
    with (directory / LOG_NAME).open("a", encoding="utf-8") as log:
        log.write(json.dumps(record) + "\n")
    return record


def backup_runs(directory: Path) -> list[dict[str, Any]]:
    """Every recorded run, oldest first (an unreadable line is skipped)."""
    try:
        lines = (directory / LOG_NAME).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    runs = []
    for line in lines:
        try:
            runs.append(json.loads(line))
        except ValueError:
            continue
    return runs


def last_good_backup(directory: Path) -> dict[str, Any] | None:
    good = [run for run in backup_runs(directory) if run.get("result") == "ok"]
    return good[-1] if good else None


def next_backup_due(*, directory: Path, every_s: float, now: float | None = None) -> float:
    """Seconds until the next scheduled backup: `every_s` after the last good one."""
    last = last_good_backup(directory)
    if last is None:
        return 0.0
    now = time.time() if now is None else now
    return max(0.0, datetime.fromisoformat(last["at"]).timestamp() + every_s - now)


def metrics_lines(directory: Path, now: float | None = None) -> list[str]:
    """The backup gauges of /metrics (an alert fires on age and on disk)."""
    now = time.time() if now is None else now
    runs = backup_runs(directory)
    last = last_good_backup(directory)
    age = now - datetime.fromisoformat(last["at"]).timestamp() if last else float("inf")
    lines = [
        "# HELP dispatch_backup_age_seconds Age of the newest good backup (+Inf: none).",
        "# TYPE dispatch_backup_age_seconds gauge",
        f"dispatch_backup_age_seconds {_number(age)}",
        "# HELP dispatch_backup_last_run_ok Whether the most recent backup run succeeded.",
        "# TYPE dispatch_backup_last_run_ok gauge",
        f"dispatch_backup_last_run_ok {int(bool(runs) and runs[-1].get('result') == 'ok')}",
        "# HELP dispatch_backup_last_size_bytes Size of the newest good backup.",
        "# TYPE dispatch_backup_last_size_bytes gauge",
        f"dispatch_backup_last_size_bytes {last.get('size', 0) if last else 0}",
    ]
    if directory.is_dir():
        usage = shutil.disk_usage(directory)
        lines += [
            "# HELP dispatch_backup_disk_free_bytes Free space where backups are written.",
            "# TYPE dispatch_backup_disk_free_bytes gauge",
            f"dispatch_backup_disk_free_bytes {usage.free}",
            "# HELP dispatch_backup_disk_size_bytes Size of the disk backups are written to.",
            "# TYPE dispatch_backup_disk_size_bytes gauge",
            f"dispatch_backup_disk_size_bytes {usage.total}",
        ]
    return lines


def _number(value: float) -> str:
    return "+Inf" if value == float("inf") else f"{value:.0f}"
