"""Parsing the date filters of the statistics pages (`from`, `to`, `date`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from django.utils.translation import gettext as _

DEFAULT_DAYS = 30
# A longer period is still answered, but slowly: five years is plenty for a report.
MAX_DAYS = 5 * 366


def parse_day(value: str | None) -> date | None:
    """A YYYY-MM-DD date, or None when it is not one."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def parse_period(
    params: Mapping[str, str], *, today: date
) -> tuple[date, date, dict[str, list[str]]]:
    """(first day, last day, errors) from `from` and `to`; the last 30 days by default."""
    errors: dict[str, list[str]] = {}
    end = today
    if params.get("to"):
        parsed_end = parse_day(params.get("to"))
        if parsed_end is None:
            errors["to"] = [_("Give a date as YYYY-MM-DD.")]
        else:
            end = parsed_end
    start = end - timedelta(days=DEFAULT_DAYS - 1)
    if params.get("from"):
        parsed = parse_day(params.get("from"))
        if parsed is None:
            errors["from"] = [_("Give a date as YYYY-MM-DD.")]
        else:
            start = parsed
    if not errors and start > end:
        errors["from"] = [_("The first day must not be after the last day.")]
    if not errors and (end - start).days >= MAX_DAYS:
        errors["from"] = [_("Choose a period of at most five years.")]
    return start, end, errors


def parse_report_period(
    params: Mapping[str, str], *, today: date
) -> tuple[date, date, str, dict[str, list[str]]]:
    """(first day, last day, "year" | "month", errors) of the sector reports:
    `?year=YYYY` (this year by default) or `?month=YYYY-MM`."""
    if params.get("month"):
        raw = params["month"].strip()
        try:
            year, month = (int(part) for part in raw.split("-"))
            start = date(year, month, 1)
        except ValueError:
            return today, today, "month", {"month": [_("Give a month as YYYY-MM.")]}
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return start, end, "month", {}
    raw = (params.get("year") or str(today.year)).strip()
    if not (raw.isdigit() and len(raw) == 4 and 2000 <= int(raw) <= today.year + 1):
        return today, today, "year", {"year": [_("Give a year as YYYY, from 2000 on.")]}
    return date(int(raw), 1, 1), date(int(raw), 12, 31), "year", {}
