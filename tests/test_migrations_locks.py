"""Migrations never hold the hot tables locked for long (docs/OPERATIONS.md, "Migrations").

Every migration after an app's first is turned into its SQL (`sqlmigrate`, as it
would run on PostgreSQL) and each statement on an incident, report or event table
is checked for what takes a lock for as long as the table is scanned or rewritten.
"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

APPS = ("dispatch", "geo", "priority", "realtime", "frontend", "interop")
# Written to on every call: the intake, the log, the live picture.
HOT_TABLES = ("dispatch_incident", "dispatch_report", "dispatch_incidentevent")
# What holds ACCESS EXCLUSIVE (or blocks writes) while the whole table is read or
# rewritten, and what to write instead.
SLOW = {
    r"CREATE (UNIQUE )?INDEX (?!CONCURRENTLY)": "an index built without CONCURRENTLY "
    "(AddIndexConcurrently in a non-atomic migration)",
    r"ALTER COLUMN \S+ TYPE ": "a column type change rewrites the table",
    r"ALTER COLUMN \S+ SET NOT NULL": "SET NOT NULL scans the table (add a CHECK ... NOT "
    "VALID, validate it, then set NOT NULL)",
    r"ADD COLUMN (?!.*DEFAULT).* NOT NULL": "a NOT NULL column without a default",
    r"ADD CONSTRAINT (?!.*NOT VALID).*(FOREIGN KEY|CHECK)": "a constraint validated under "
    "lock (add it NOT VALID, then VALIDATE CONSTRAINT)",
}


def on_hot_table(statement: str) -> bool:
    return any(re.search(rf'(ALTER TABLE|ON) "{table}"', statement) for table in HOT_TABLES)


def later_migrations() -> list[tuple[str, str]]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted(
        key
        for key, migration in loader.disk_migrations.items()
        if key[0] in APPS and not migration.initial
    )


def slow_statements(app: str, name: str) -> list[str]:
    sql = call_command("sqlmigrate", app, name, verbosity=0)
    found = []
    for statement in sql.splitlines():
        if not on_hot_table(statement):
            continue
        found += [
            f"{app}.{name}: {why}" for rule, why in SLOW.items() if re.search(rule, statement)
        ]
    return found


def test_it_flags_what_would_lock_a_hot_table() -> None:
    # The rules themselves, on statements Django writes.
    slow = [
        'CREATE INDEX "x" ON "dispatch_report" ("text");',
        'ALTER TABLE "dispatch_incident" ALTER COLUMN "score" TYPE bigint;',
        'ALTER TABLE "dispatch_incidentevent" ADD COLUMN "n" integer NOT NULL;',
        'ALTER TABLE "dispatch_report" ADD CONSTRAINT "f" FOREIGN KEY ("u") REFERENCES "a" ("id");',
    ]
    fast = [
        'CREATE INDEX CONCURRENTLY "x" ON "dispatch_report" ("text");',
        'ALTER TABLE "dispatch_report" ADD COLUMN "lease_until" timestamp with time zone NULL;',
        'ALTER TABLE "dispatch_incident" ADD COLUMN "s" varchar(12) DEFAULT \'\' NOT NULL;',
        'CREATE INDEX "x" ON "dispatch_staff" ("phone");',
    ]
    for statement in slow:
        assert on_hot_table(statement) and any(re.search(r, statement) for r in SLOW), statement
    for statement in fast:
        assert not (on_hot_table(statement) and any(re.search(r, statement) for r in SLOW))


@pytest.mark.postgres
@pytest.mark.django_db
def test_it_never_locks_a_hot_table_for_long() -> None:
    assert connection.vendor == "postgresql"
    migrations = later_migrations()
    assert ("dispatch", "0006_report_lease_until") in migrations
    # The SQL is there to read: 0006 adds a column to the report table.
    assert on_hot_table(call_command("sqlmigrate", "dispatch", "0006", verbosity=0))
    found = [problem for app, name in migrations for problem in slow_statements(app, name)]
    assert found == []
