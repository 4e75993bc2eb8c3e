"""The units' tables hold their rules themselves: one call sign per agency, one
open assignment per unit."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.conftest import open_incident
from tests.units.conftest import make_unit
from units.models import UnitAssignment


@pytest.mark.django_db
def test_it_refuses_a_call_sign_twice_in_one_agency(units: Any, city_agencies: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make_unit(city_agencies["damkar"], "DAMKAR-01", "fire_engine", -5.4, 105.2)
    # Another agency may use the same call sign.
    make_unit(city_agencies["bpbd"], "DAMKAR-01", "bpbd_truck", -5.4, 105.2)


@pytest.mark.django_db
def test_it_keeps_one_open_assignment_per_unit(units: Any, cast: Any) -> None:
    first, second = open_incident(), open_incident(lat=-5.1, lon=105.1)
    engine = units["engine_near"]
    UnitAssignment.objects.create(unit=engine, incident=first)
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitAssignment.objects.create(unit=engine, incident=second)
    UnitAssignment.objects.filter(unit=engine).update(cleared_at=timezone.now())
    UnitAssignment.objects.create(unit=engine, incident=second)
    assert UnitAssignment.objects.filter(unit=engine).count() == 2
