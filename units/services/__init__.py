"""Writes of units. Keyword-only `<entity>_<verb>` services, one transaction each,
whose events go through dispatch's event log and its one publish port."""

from __future__ import annotations

from units.services.assign import unit_assign
from units.services.idempotency import request_once
from units.services.positions import position_problem, unit_positions_record
from units.services.status import UNIT_TRANSITIONS, unit_set_status

__all__ = [
    "UNIT_TRANSITIONS",
    "position_problem",
    "request_once",
    "unit_assign",
    "unit_positions_record",
    "unit_set_status",
]
