"""realtime/positions.py: each position once per hub, every unit to the desk, an
agency's own units to its board."""

from __future__ import annotations

import json

from realtime.positions import PositionRelay, frames


def row(unit_id: int, agency_id: int, at: str) -> dict:
    return {
        "id": unit_id,
        "agency_id": agency_id,
        "lat": -5.4,
        "lon": 105.25,
        "position_at": at,
        "accuracy_m": 8.0,
    }


def test_it_sends_a_position_once_though_it_is_read_again() -> None:
    relay = PositionRelay()
    first = [row(1, 10, "2026-12-05T01:00:00+00:00"), row(2, 20, "2026-12-05T01:00:01+00:00")]
    assert relay.changed(first) == first
    # The next read overlaps the last one (LOOKBACK_S): only what moved since goes out.
    moved = row(2, 20, "2026-12-05T01:00:11+00:00")
    assert relay.changed([first[0], moved]) == [moved]
    assert relay.changed([first[0], moved]) == []


def test_it_gives_each_agency_its_own_units_only() -> None:
    rows = [row(1, 10, "a"), row(2, 20, "b"), row(3, 10, "c")]
    desk, own = frames(rows, {10, 30})
    assert [u["id"] for u in json.loads(desk)["units"]] == [1, 2, 3]
    assert set(own) == {10}  # agency 20 has no socket here; 30 has no unit that moved
    assert [u["id"] for u in json.loads(own[10])["units"]] == [1, 3]
    assert json.loads(own[10])["type"] == "positions"
