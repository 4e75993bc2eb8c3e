"""A unit's status lifecycle through the services: every designed step and no other,
the transition table with its times, the assignment cleared when the unit leaves,
and the incident following its units where that is unambiguous."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest

from dispatch import services
from dispatch.models import IncidentEvent
from dispatch.services import Conflict, ServiceError
from tests.conftest import open_incident
from units.models import Unit, UnitAssignment, UnitStatus, UnitStatusChange
from units.services import UNIT_TRANSITIONS, unit_assign, unit_set_status

STATUSES = [s.value for s in UnitStatus]
ALLOWED = {
    ("available", "out_of_service"),
    ("assigned", "en_route"),
    ("assigned", "available"),
    ("assigned", "out_of_service"),
    ("en_route", "on_scene"),
    ("en_route", "available"),
    ("en_route", "out_of_service"),
    ("on_scene", "transporting"),
    ("on_scene", "returning"),
    ("on_scene", "available"),
    ("on_scene", "out_of_service"),
    ("transporting", "returning"),
    ("transporting", "available"),
    ("transporting", "out_of_service"),
    ("returning", "available"),
    ("returning", "out_of_service"),
    ("out_of_service", "available"),
}
PATHS = {
    "available": [],
    "assigned": [],
    "en_route": ["en_route"],
    "on_scene": ["en_route", "on_scene"],
    "transporting": ["en_route", "on_scene", "transporting"],
    "returning": ["en_route", "on_scene", "returning"],
    "out_of_service": ["out_of_service"],
}


def bring_to(status: str, unit: Unit, cast: Any) -> Unit:
    if status not in ("available", "out_of_service"):
        unit_assign(
            unit=unit, incident=open_incident(), user=cast["dispatcher"], recommended_rank=1
        )
    for step in PATHS[status]:
        unit = unit_set_status(unit=unit, user=cast["damkar"], status=step)
    unit.refresh_from_db()
    assert unit.status == status
    return unit


def test_it_documents_the_same_transitions_it_enforces() -> None:
    table = {(a, b) for a, targets in UNIT_TRANSITIONS.items() for b in targets}
    assert table - {(a, "assigned") for a in STATUSES} == ALLOWED


@pytest.mark.django_db
@pytest.mark.parametrize("start", STATUSES)
@pytest.mark.parametrize("target", [s for s in STATUSES if s != "assigned"])
def test_it_allows_only_the_designed_steps(units: Any, cast: Any, start: str, target: str) -> None:
    unit = bring_to(start, units["engine_near"], cast)
    if (start, target) in ALLOWED:
        unit = unit_set_status(unit=unit, user=cast["damkar"], status=target)
        assert Unit.objects.get(pk=unit.pk).status == target
        return
    before = IncidentEvent.objects.count()
    with pytest.raises(Conflict):
        unit_set_status(unit=unit, user=cast["damkar"], status=target)
    assert Unit.objects.get(pk=unit.pk).status == start
    assert IncidentEvent.objects.count() == before


@pytest.mark.django_db
def test_it_refuses_assigned_and_unknown_statuses_as_bad_requests(units: Any, cast: Any) -> None:
    for status in ["assigned", "parked", ""]:
        with pytest.raises(ServiceError) as refused:
            unit_set_status(unit=units["engine_near"], user=cast["damkar"], status=status)
        assert refused.value.status_code == 400


@pytest.mark.django_db
def test_it_keeps_every_transition_with_its_time_and_clears_the_assignment(
    units: Any, cast: Any
) -> None:
    engine = units["engine_near"]
    incident = open_incident()
    unit_assign(unit=engine, incident=incident, user=cast["dispatcher"], recommended_rank=1)
    for status in ["en_route", "on_scene", "returning", "available"]:
        unit_set_status(unit=engine, user=cast["damkar"], status=status)
    steps = list(UnitStatusChange.objects.filter(unit=engine).order_by("at", "pk"))
    assert [(s.from_status, s.to_status) for s in steps] == [
        ("available", "assigned"),
        ("assigned", "en_route"),
        ("en_route", "on_scene"),
        ("on_scene", "returning"),
        ("returning", "available"),
    ]
    assert all(a.at <= b.at for a, b in pairwise(steps))
    assert steps[0].incident_id == incident.pk and steps[0].actor == cast["dispatcher"]
    assignment = UnitAssignment.objects.get(unit=engine)
    assert assignment.cleared_at == steps[3].at


@pytest.mark.django_db
def test_it_moves_a_claimed_incident_with_its_first_unit(units: Any, cast: Any) -> None:
    incident = services.incident_claim(incident=open_incident(), user=cast["damkar"])
    engine, tanker = units["engine_near"], units["tanker"]
    for unit in (engine, tanker):
        unit_assign(unit=unit, incident=incident, user=cast["dispatcher"], recommended_rank=1)
    unit_set_status(unit=engine, user=cast["damkar"], status="en_route")
    incident.refresh_from_db()
    assert incident.status == "en_route"
    # The second unit en route changes nothing more; the first on scene moves it on.
    unit_set_status(unit=tanker, user=cast["damkar"], status="en_route")
    unit_set_status(unit=tanker, user=cast["damkar"], status="on_scene")
    incident.refresh_from_db()
    assert incident.status == "on_scene"
    # Never back, never resolved by a unit: that is the agency's word.
    unit_set_status(unit=engine, user=cast["damkar"], status="available")
    unit_set_status(unit=tanker, user=cast["damkar"], status="returning")
    incident.refresh_from_db()
    assert incident.status == "on_scene"
    changes = IncidentEvent.objects.filter(incident=incident, type="incident.status_changed")
    assert [(e.data["from"], e.data["to"]) for e in changes] == [
        ("claimed", "en_route"),
        ("en_route", "on_scene"),
    ]


@pytest.mark.django_db
def test_it_leaves_a_new_incident_to_its_claim(units: Any, cast: Any) -> None:
    incident = open_incident()
    engine = units["engine_near"]
    unit_assign(unit=engine, incident=incident, user=cast["dispatcher"], recommended_rank=1)
    unit_set_status(unit=engine, user=cast["damkar"], status="en_route")
    incident.refresh_from_db()
    assert incident.status == "new"


@pytest.mark.django_db
def test_it_logs_each_change_with_the_unit_for_its_agency(units: Any, cast: Any) -> None:
    engine = units["engine_near"]
    unit_set_status(unit=engine, user=cast["damkar"], status="out_of_service")
    event = IncidentEvent.objects.get(type="unit.status_changed")
    assert event.incident is None
    assert event.data["unit"]["status"] == "out_of_service"
    assert event.data["unit"]["version"] == 2
    assert event.data["agency_ids"] == [engine.agency_id]
    assert event.actor == cast["damkar"]


@pytest.mark.django_db(transaction=True)
def test_it_locks_only_the_units_row_so_an_agencys_units_write_side_by_side(
    units: Any,
) -> None:
    # With the agency's row locked by the join, every unit of an agency waited for
    # the one before it (bench, units phase: 339 of 400 position requests timed out).
    from django.db import connections, transaction

    from units.services.common import lock_unit

    unit = Unit.objects.select_related("agency").first()
    with transaction.atomic():
        lock_unit(unit.pk)
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                # NOWAIT: an error at once if the row is held.
                cursor.execute(
                    "SELECT id FROM dispatch_agency WHERE id = %s FOR UPDATE NOWAIT",
                    [unit.agency_id],
                )
                assert cursor.fetchone() == (unit.agency_id,)
        finally:
            other.close()
