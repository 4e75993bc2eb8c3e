"""POST /api/units/<id>/positions/ {positions: [{lat, lon, at, accuracy_m}]}: a batch
of fixes, accepted (202) and stored in one insert; the newest moves the unit. A
position is not an event: no row of the log, no lock of it (realtime/positions.py
relays them). Here each request writes its own fixes; a served process writes a
second's worth of every unit's together (test_position_writes).

Outside Indonesia or in the future: 400 and nothing stored. Another agency's unit:
403. A replayed batch, with or without its Idempotency-Key, is stored once.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dispatch.models import IncidentEvent
from units.models import Unit, UnitPosition


def fixes(n: int, *, start: Any = None, lat: float = -5.40, lon: float = 105.25) -> list[dict]:
    start = start or timezone.now() - timedelta(seconds=10 * n)
    return [
        {
            "lat": lat + i * 0.001,
            "lon": lon,
            "at": (start + timedelta(seconds=10 * i)).isoformat(),
            "accuracy_m": 12.5,
        }
        for i in range(n)
    ]


def post(client: Any, unit: Any, positions: list[dict], key: str | None = None) -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(
        f"/api/units/{unit.pk}/positions/",
        {"positions": positions},
        format="json",
        headers=headers,
    )


@pytest.mark.django_db
def test_it_stores_a_batch_in_one_insert_and_moves_the_unit(client_for: Any, units: Any) -> None:
    engine = units["engine_near"]
    batch = fixes(30)
    with CaptureQueriesContext(connection) as queries:
        response = post(client_for("damkar"), engine, batch)
    assert response.status_code == 202, response.json()
    inserts = [q for q in queries if 'INSERT INTO "units_unitposition"' in q["sql"]]
    assert len(inserts) == 1
    assert response.json() == {"accepted": 30}
    moved = Unit.objects.get(pk=engine.pk)
    assert moved.lat == pytest.approx(batch[-1]["lat"])
    assert moved.position_at is not None
    assert UnitPosition.objects.filter(unit=engine).count() == 30
    assert not IncidentEvent.objects.exists()
    # Neither the log's lock nor the unit's row held across the request.
    sql = " ".join(q["sql"] for q in queries)
    assert "pg_advisory" not in sql and "FOR UPDATE" not in sql
    moved = Unit.objects.get(pk=engine.pk)
    assert moved.position_received_at is not None
    assert moved.version == engine.version  # a position is not a change of the unit


@pytest.mark.django_db
def test_it_keeps_a_late_batch_in_the_track_without_moving_the_unit_back(
    client_for: Any, units: Any
) -> None:
    engine, client = units["engine_near"], client_for("damkar")
    post(client, engine, fixes(1, lat=-5.30))
    late = fixes(3, start=timezone.now() - timedelta(hours=1), lat=-5.50)
    assert post(client, engine, late).status_code == 202
    assert Unit.objects.get(pk=engine.pk).lat == pytest.approx(-5.30)
    assert UnitPosition.objects.filter(unit=engine).count() == 4


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"lat": 35.68, "lon": 139.69}, "outside Indonesia"),  # Tokyo
        ({"lat": -5.4, "lon": 200.0}, "outside Indonesia"),
        ({"at": (timezone.now() + timedelta(hours=1)).isoformat()}, "in the future"),
        ({"lat": "north"}, "0.lat"),
        ({"at": "yesterday"}, "0.at"),
        ({"accuracy_m": -3}, "0.accuracy_m"),
    ],
)
def test_it_refuses_a_batch_with_a_bad_fix(
    client_for: Any, units: Any, change: dict, message: str
) -> None:
    batch = fixes(2)
    batch[0 if message.startswith("0.") else 1].update(change)
    response = post(client_for("damkar"), units["engine_near"], batch)
    assert response.status_code == 400
    assert message in " ".join(response.json()["errors"]["positions"])
    assert not UnitPosition.objects.exists()
    assert Unit.objects.get(pk=units["engine_near"].pk).lat is None


@pytest.mark.django_db
def test_it_refuses_an_empty_or_missing_batch(client_for: Any, units: Any) -> None:
    client = client_for("damkar")
    assert post(client, units["engine_near"], []).status_code == 400
    response = client.post(f"/api/units/{units['engine_near'].pk}/positions/", {}, format="json")
    assert response.status_code == 400


@pytest.mark.django_db
def test_it_refuses_another_agencys_unit(client_for: Any, units: Any) -> None:
    assert post(client_for("dinkes"), units["engine_near"], fixes(2)).status_code == 403
    assert not UnitPosition.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["anonymous", "citizen"])
def test_it_refuses_the_public(client_for: Any, units: Any, name: str) -> None:
    assert post(client_for(name), units["engine_near"], fixes(2)).status_code in (401, 403)


@pytest.mark.django_db
@pytest.mark.parametrize("keys", [("posisi-0007", "posisi-0007"), (None, None), ("a", "b")])
def test_it_stores_a_replayed_batch_once(client_for: Any, units: Any, keys: tuple) -> None:
    engine, client = units["engine_near"], client_for("damkar")
    batch = fixes(5)
    first = post(client, engine, batch, key=keys[0])
    again = post(client, engine, batch, key=keys[1])
    assert first.status_code == again.status_code == 202
    assert UnitPosition.objects.filter(unit=engine).count() == 5
