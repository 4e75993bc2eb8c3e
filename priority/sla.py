"""SLA clocks: when an incident must be claimed and resolved (pure Python).

Defaults
    claim    P1 2 min, P2 10 min, P3 1 h, P4 3 working days
    resolve  P1 4 h, P2 24 h (calendar time: emergencies do not wait for Monday);
             P3 and P4 in working days by category, after SP4N-LAPOR!'s
             3/5/10 working days: information and simple emergencies 3,
             ordinary complaints 5, infrastructure and environment works 10.

Working days are Monday..Friday in Asia/Jakarta, less Indonesian public
holidays and government collective leave (cuti bersama), from the `holidays`
package. Adding N working days keeps the local time of day and lands on the
Nth working day after the start date (Friday 10:00 + 1 -> Monday 10:00;
Saturday 10:00 + 1 -> Monday 10:00).

Overriding: every table is a plain mapping argument. The ORM side passes
Django settings straight through, e.g.
    claim_deadline(p, start, minutes=settings.SLA_CLAIM_MINUTES,
                   working_days=settings.SLA_CLAIM_WORKING_DAYS)
    resolve_deadline(p, category, start, hours=settings.SLA_RESOLVE_HOURS,
                     category_working_days=settings.SLA_RESOLVE_WORKING_DAYS)
A mapping passed in replaces that default table as a whole; the minutes (or
hours) table is consulted before the working-days table.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

DEFAULT_TZ = "Asia/Jakarta"
COUNTRY = "ID"
# Cuti bersama closes government offices like a public holiday does.
HOLIDAY_CATEGORIES: tuple[str, ...] = ("public", "government")

CLAIM_MINUTES: Mapping[str, float] = {"P1": 2, "P2": 10, "P3": 60}
CLAIM_WORKING_DAYS: Mapping[str, int] = {"P4": 3}

RESOLVE_HOURS: Mapping[str, float] = {"P1": 4, "P2": 24}
RESOLVE_WORKING_DAYS: Mapping[str, int] = {}
RESOLVE_CATEGORY_WORKING_DAYS: Mapping[str, int] = {
    "fire": 3,
    "traffic_accident": 3,
    "medical": 3,
    "rescue": 3,
    "disaster": 5,
    "crime": 5,
    "public_order": 5,
    "infrastructure": 10,
    "environment": 10,
    "social_welfare": 5,
    "health_service": 5,
    "public_service": 5,
    "information": 3,
    "other": 3,
}
DEFAULT_RESOLVE_WORKING_DAYS = 5


def _zone(tz: str | tzinfo) -> tzinfo:
    if not isinstance(tz, str):
        return tz
    try:
        return ZoneInfo(tz)
    except ZoneInfoNotFoundError:
        # No tz database on the machine: Jakarta has been UTC+7 without DST since 1964.
        if tz == DEFAULT_TZ:
            return timezone(timedelta(hours=7), "WIB")
        raise


@functools.cache
def _holidays_for(year: int, country: str = COUNTRY) -> frozenset[date]:
    calendar = holidays.country_holidays(country, years=year, categories=HOLIDAY_CATEGORIES)
    return frozenset(calendar.keys())


def is_working_day(day: date, country: str = COUNTRY) -> bool:
    return day.weekday() < 5 and day not in _holidays_for(day.year, country)


def add_working_days(start: datetime, days: int, tz: str | tzinfo = DEFAULT_TZ) -> datetime:
    """`start` plus `days` working days, same local time of day.

    An aware `start` gives an aware result in the same tzinfo; a naive one is
    read as local time in `tz` and gives a naive local result.
    """
    if days < 0:
        raise ValueError("days must be >= 0")
    zone = _zone(tz)
    local = start.astimezone(zone) if start.tzinfo is not None else start.replace(tzinfo=zone)
    day = local.date()
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    result = datetime.combine(day, local.time(), tzinfo=zone)
    if start.tzinfo is None:
        return result.replace(tzinfo=None)
    return result.astimezone(start.tzinfo)


def _check_priority(priority: str) -> None:
    if priority not in ("P1", "P2", "P3", "P4"):
        raise ValueError(f"unknown priority {priority!r}")


def claim_deadline(
    priority: str,
    start: datetime,
    *,
    minutes: Mapping[str, float] | None = None,
    working_days: Mapping[str, int] | None = None,
    tz: str | tzinfo = DEFAULT_TZ,
) -> datetime:
    """When an incident of this priority must have been claimed by an agency."""
    _check_priority(priority)
    minutes = CLAIM_MINUTES if minutes is None else minutes
    working_days = CLAIM_WORKING_DAYS if working_days is None else working_days
    if priority in minutes:
        return start + timedelta(minutes=minutes[priority])
    if priority in working_days:
        return add_working_days(start, int(working_days[priority]), tz)
    raise ValueError(f"no claim deadline configured for {priority}")


def resolve_deadline(
    priority: str,
    category: str,
    start: datetime,
    *,
    hours: Mapping[str, float] | None = None,
    working_days: Mapping[str, int] | None = None,
    category_working_days: Mapping[str, int] | None = None,
    tz: str | tzinfo = DEFAULT_TZ,
) -> datetime:
    """When an incident must be resolved: by priority, then by category."""
    _check_priority(priority)
    hours = RESOLVE_HOURS if hours is None else hours
    working_days = RESOLVE_WORKING_DAYS if working_days is None else working_days
    by_category = (
        RESOLVE_CATEGORY_WORKING_DAYS if category_working_days is None else category_working_days
    )
    if priority in hours:
        return start + timedelta(hours=hours[priority])
    if priority in working_days:
        return add_working_days(start, int(working_days[priority]), tz)
    days = by_category.get(category, DEFAULT_RESOLVE_WORKING_DAYS)
    return add_working_days(start, int(days), tz)
