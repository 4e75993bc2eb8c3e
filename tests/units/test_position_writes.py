"""units.services.position_writes: a served process writes the fixes it accepted
once a second, every unit's in one transaction; what a failed write held waits
for the next one."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from units.models import Unit, UnitPosition
from units.services.position_writes import WRITER, Fix, PositionWriter


def batch(unit: Unit, n: int, lat: float = -5.40) -> list[Fix]:
    start = timezone.now() - timedelta(seconds=10 * n)
    return [
        Fix(unit.pk, lat + i * 0.001, 105.25, start + timedelta(seconds=10 * i), 8.0)
        for i in range(n)
    ]


@pytest.mark.django_db(transaction=True)
def test_it_answers_at_once_and_writes_every_units_fixes_in_one_insert(
    settings: Any, client_for: Any, units: Any
) -> None:
    # Longer than the test: only the explicit flush below writes.
    settings.UNIT_POSITIONS_WRITE_EVERY_S = 600
    sent = [units["engine_near"], units["engine_far"], units["ambulance"]]
    clients = {"engine_near": "damkar", "engine_far": "damkar", "ambulance": "dinkes"}
    for name, unit in zip(clients, sent, strict=True):
        fixes = [
            {"lat": f.lat, "lon": f.lon, "at": f.at.isoformat(), "accuracy_m": 8.0}
            for f in batch(unit, 4)
        ]
        answer = client_for(clients[name]).post(
            f"/api/units/{unit.pk}/positions/", {"positions": fixes}, format="json"
        )
        assert answer.status_code == 202, answer.content
    assert not UnitPosition.objects.exists()

    with CaptureQueriesContext(connection) as queries:
        assert WRITER.flush() == 12
    inserts = [q for q in queries if 'INSERT INTO "units_unitposition"' in q["sql"]]
    assert len(inserts) == 1
    assert UnitPosition.objects.count() == 12
    received = set(UnitPosition.objects.values_list("received_at", flat=True))
    assert len(received) == 1  # one write: the bench counts writes by this
    for unit in sent:
        assert Unit.objects.get(pk=unit.pk).lat == pytest.approx(-5.40 + 3 * 0.001)


@pytest.mark.django_db(transaction=True)
def test_it_writes_within_a_second_from_its_thread(settings: Any, units: Any) -> None:
    settings.UNIT_POSITIONS_WRITE_EVERY_S = 0.2
    writer = PositionWriter()
    try:
        writer.add(batch(units["engine_near"], 3))
        deadline = time.monotonic() + 10
        while UnitPosition.objects.count() < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert UnitPosition.objects.count() == 3
        assert writer.thread is not None and writer.thread.name == "unit-positions"
    finally:
        writer.stop()
    assert not writer.thread.is_alive()


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_newer_fix_of_two_writes_and_a_fix_once(units: Any) -> None:
    engine = units["engine_near"]
    writer = PositionWriter()
    fixes = batch(engine, 3)
    writer.waiting = fixes[2:] + fixes  # the newest, then the whole batch replayed
    writer.flush()
    writer.waiting = fixes[:1]  # a late one
    writer.flush()
    assert UnitPosition.objects.filter(unit=engine).count() == 3
    assert Unit.objects.get(pk=engine.pk).position_at == fixes[2].at


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_fixes_for_the_next_write_when_one_fails(units: Any) -> None:
    engine = units["engine_near"]
    writer = PositionWriter()
    good = batch(engine, 2)
    broken = Fix(engine.pk, -5.4, 105.25, "not a time", None)  # type: ignore[arg-type]
    writer.waiting = [*good, broken]
    with pytest.raises(Exception):  # noqa: B017 - whatever the database raises
        writer.flush()
    assert writer.waiting == [*good, broken]
    assert not UnitPosition.objects.exists()
    writer.waiting.remove(broken)
    assert writer.flush() == 2
    assert UnitPosition.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_it_drops_the_fixes_of_a_unit_deleted_meanwhile(units: Any) -> None:
    writer = PositionWriter()
    gone, kept = units["engine_far"], units["engine_near"]
    writer.waiting = [*batch(gone, 2), *batch(kept, 2)]
    gone.delete()
    assert writer.flush() == 2
    assert set(UnitPosition.objects.values_list("unit_id", flat=True)) == {kept.pk}
