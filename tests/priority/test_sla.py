"""SLA clocks: claim and resolve deadlines, working days, Indonesian holidays."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from priority.sla import add_working_days, claim_deadline, is_working_day, resolve_deadline

WIB = ZoneInfo("Asia/Jakarta")


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=WIB)


def test_it_sets_claim_deadlines_by_priority() -> None:
    start = wib(2026, 8, 4, 10, 0)  # a Tuesday
    assert claim_deadline("P1", start) == start + timedelta(minutes=2)
    assert claim_deadline("P2", start) == start + timedelta(minutes=10)
    assert claim_deadline("P3", start) == start + timedelta(hours=1)
    assert claim_deadline("P4", start) == wib(2026, 8, 7, 10, 0)


def test_it_skips_a_weekend() -> None:
    friday = wib(2026, 8, 7, 10, 30)
    assert add_working_days(friday, 1) == wib(2026, 8, 10, 10, 30)
    assert add_working_days(friday, 3) == wib(2026, 8, 12, 10, 30)
    saturday = wib(2026, 8, 8, 9, 0)
    assert add_working_days(saturday, 1) == wib(2026, 8, 10, 9, 0)


def test_it_skips_independence_day() -> None:
    # 17 August 2026 is a Monday.
    assert not is_working_day(date(2026, 8, 17))
    assert add_working_days(wib(2026, 8, 14, 15, 0), 1) == wib(2026, 8, 18, 15, 0)
    assert claim_deadline("P4", wib(2026, 8, 13, 8, 0)) == wib(2026, 8, 19, 8, 0)


def test_it_skips_eid_holidays_and_collective_leave() -> None:
    # 2026: Nyepi 19 March, Eid 21-22 March, cuti bersama 18, 20, 23 and 24 March.
    assert add_working_days(wib(2026, 3, 17, 9, 0), 1) == wib(2026, 3, 25, 9, 0)


def test_it_keeps_the_caller_timezone_and_naive_times() -> None:
    # Friday 14 Aug 2026 20:00 UTC is Saturday 03:00 in Jakarta: the next working
    # day after that date is Tuesday 18 Aug (17 Aug is a holiday), 03:00 WIB.
    utc = datetime(2026, 8, 14, 20, 0, tzinfo=UTC)
    result = add_working_days(utc, 1)
    assert result.tzinfo is UTC
    assert result == datetime(2026, 8, 17, 20, 0, tzinfo=UTC)
    naive = add_working_days(datetime(2026, 8, 7, 10, 0), 1)
    assert naive == datetime(2026, 8, 10, 10, 0) and naive.tzinfo is None


def test_it_sets_resolve_deadlines_by_priority_and_kind() -> None:
    start = wib(2026, 8, 4, 10, 0)  # a Tuesday
    assert resolve_deadline("P1", "fire", start) == start + timedelta(hours=4)
    assert resolve_deadline("P2", "disaster", start) == start + timedelta(hours=24)
    assert resolve_deadline("P4", "information", start) == wib(2026, 8, 7, 10, 0)
    assert resolve_deadline("P4", "public_service", start) == wib(2026, 8, 11, 10, 0)
    # 10 working days across 17 August.
    assert resolve_deadline("P3", "infrastructure", start) == wib(2026, 8, 19, 10, 0)


def test_it_takes_tables_from_settings() -> None:
    start = wib(2026, 8, 4, 10, 0)
    assert claim_deadline("P1", start, minutes={"P1": 5}) == start + timedelta(minutes=5)
    assert claim_deadline("P4", start, working_days={"P4": 1}) == wib(2026, 8, 5, 10, 0)
    assert resolve_deadline(
        "P4", "infrastructure", start, category_working_days={"infrastructure": 2}
    ) == wib(2026, 8, 6, 10, 0)
    assert resolve_deadline("P3", "fire", start, hours={"P3": 8}) == start + timedelta(hours=8)


def test_it_rejects_bad_arguments() -> None:
    start = wib(2026, 8, 4, 10, 0)
    with pytest.raises(ValueError):
        add_working_days(start, -1)
    with pytest.raises(ValueError):
        claim_deadline("P9", start)
    with pytest.raises(ValueError):
        claim_deadline("P4", start, minutes={}, working_days={})
    assert add_working_days(start, 0) == start
