"""Units of the test cast's agencies: two Damkar engines, a Damkar tanker and a
Dinkes ambulance, at stations around Bandar Lampung."""

from __future__ import annotations

from typing import Any

import pytest

from units.models import Unit


def make_unit(agency: Any, call_sign: str, kind: str, lat: float, lon: float) -> Unit:
    return Unit.objects.create(
        agency=agency,
        kind=kind,
        call_sign=call_sign,
        station_name=f"Pos {call_sign}",
        station_lat=lat,
        station_lon=lon,
        crew=4,
    )


@pytest.fixture
def units(city_agencies: dict[str, Any]) -> dict[str, Unit]:
    damkar, dinkes = city_agencies["damkar"], city_agencies["dinkes"]
    return {
        "engine_near": make_unit(damkar, "DAMKAR-01", "fire_engine", -5.41, 105.26),
        "engine_far": make_unit(damkar, "DAMKAR-02", "fire_engine", -5.36, 105.24),
        "tanker": make_unit(damkar, "DAMKAR-T1", "water_tanker", -5.43, 105.27),
        "ambulance": make_unit(dinkes, "PSC119-01", "ambulance", -5.42, 105.26),
    }
