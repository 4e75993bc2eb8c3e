"""Pages. Views parse the request, check the role, call selectors and render.

Live state is not rendered here: the page scripts get it over the websocket
(realtime/static/realtime/client.js). What the scripts need to start (map
options built by folium, translated labels, agencies) goes into the page as
JSON through `json_script`, never into inline script.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_safe

from dispatch import selectors as dispatch_selectors
from dispatch import services as dispatch_services
from dispatch.models import Category, Priority
from dispatch.ratelimit import public_lookup_wait
from dispatch.roles import Role, is_desk, is_staff_member, role_of
from frontend import (
    calls_catalog,
    catalog,
    charts,
    console_catalog,
    map_image,
    reports,
    selectors,
    units_catalog,
)
from frontend.maps import page_map_config
from frontend.periods import parse_day, parse_period
from priority import reader
from units import stats as unit_stats

View = Callable[..., HttpResponse]


def role_required(check: Callable[[Any], bool]) -> Callable[[View], View]:
    """Anonymous users go to the login page; signed-in users without the role get 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def is_agency_staff(user: Any) -> bool:
    return role_of(user) == Role.AGENCY


desk_required = role_required(is_desk)
agency_required = role_required(is_agency_staff)


# --- dispatcher console ----------------------------------------------------------


@require_safe
@ensure_csrf_cookie
def console(request: HttpRequest) -> HttpResponse:
    """`/`: the dispatcher console. Agency staff land on their own board instead."""
    if request.user.is_authenticated and is_agency_staff(request.user):
        return HttpResponseRedirect(reverse("frontend:agency"))
    return _console(request)


@desk_required
def _console(request: HttpRequest) -> HttpResponse:
    reader.warm()
    page = {
        "map": page_map_config(),
        "labels": catalog.code_labels(),
        "events": catalog.event_types(),
        "strings": {
            **catalog.common_strings(),
            **catalog.console_strings(),
            **console_catalog.console_extra_strings(),
            "units": units_catalog.console_unit_strings(),
            "calls": calls_catalog.console_call_strings(),
        },
        "questions": catalog.key_questions(),
        "agencies": selectors.active_agencies(),
        "user": request.user.get_username(),
        "role": role_of(request.user).value,
        # Calls answered at this phone extension pop the intake (console/calls.js).
        "extension": request.user.staff.extension,
        "now": timezone.now().isoformat(),
    }
    return render(request, "frontend/console.html", {"page": page})


# --- agency board ----------------------------------------------------------------


@require_safe
@ensure_csrf_cookie
@agency_required
def agency_board(request: HttpRequest) -> HttpResponse:
    agency = request.user.staff.agency
    page = {
        "agency": {"id": agency.pk, "kind": agency.kind, "name": agency.name},
        "labels": catalog.code_labels(),
        "events": catalog.event_types(),
        "strings": {
            **catalog.common_strings(),
            **catalog.agency_strings(),
            "units": units_catalog.agency_unit_strings(),
        },
        "now": timezone.now().isoformat(),
    }
    return render(request, "frontend/agency.html", {"page": page, "agency": agency})


# --- public pages ----------------------------------------------------------------


@require_safe
def public_map(request: HttpRequest) -> HttpResponse:
    page = {
        "map": page_map_config(),
        "labels": catalog.code_labels(),
        "strings": {**catalog.common_strings(), **catalog.public_strings()},
    }
    # The counts are rendered at once (no script needed to read them); the
    # page script keeps them live.
    counts = selectors.public_counts()
    total = sum(row["count"] for row in counts)
    context = {"page": page, "counts": counts, "total": total}
    return render(request, "frontend/public_map.html", context)


@require_safe
@ensure_csrf_cookie
def report_form(request: HttpRequest) -> HttpResponse:
    page = {"strings": catalog.report_form_strings()}
    asked = catalog.public_questions()
    return render(request, "frontend/report_form.html", {"page": page, "questions": asked})


@require_safe
def track_lookup(request: HttpRequest) -> HttpResponse:
    """`/lacak/?code=...`: the form of the tracking page, and where it sends you."""
    # Codes are letters and digits: spaces, dashes or slashes typed with them go.
    code = "".join(ch for ch in request.GET.get("code", "") if ch.isalnum())[:40].upper()
    if code:
        return HttpResponseRedirect(reverse("frontend:track", args=[code]))
    return render(request, "frontend/track.html", {"report": None, "code": ""})


@require_safe
def track(request: HttpRequest, code: str) -> HttpResponse:
    """`/lacak/<code>/`: the reporter's own timeline; statuses only, no staff names."""
    wait = None if is_staff_member(request.user) else public_lookup_wait(meta=request.META)
    if wait is not None:
        limited = _("Too many lookups from this connection. Wait a minute and try again.")
        context = {"report": None, "code": "", "limited": limited}
        response = render(request, "frontend/track.html", context, status=429)
        response["Retry-After"] = str(wait)
        return response
    report = dispatch_selectors.report_by_tracking_code(code=code)
    if report is None:
        return render(
            request,
            "frontend/track.html",
            {"report": None, "code": code, "missing": True},
            status=404,
        )
    labels = catalog.tracking_status_labels()
    timeline = [
        {"at": _parse_iso(step["at"]), "label": labels.get(step["status"], step["status"])}
        for step in dispatch_selectors.report_timeline(report=report)
    ]
    incident = report.incident
    context = {
        "report": report,
        "code": report.tracking_code,
        "incident": incident,
        "current": labels.get(incident.status) if incident else labels["received"],
        "timeline": timeline,
        # Once resolved the reporter is asked to rate the handling (1-5).
        "can_rate": dispatch_services.report_may_rate(report=report),
        "page": {
            "code": report.tracking_code,
            # Only what the reporter's view names: no agency kinds or staff roles.
            "labels": {
                "category": dict(Category.choices),
                "priority": dict(Priority.choices),
                "tracking": labels,
            },
            "strings": catalog.track_strings(),
        },
    }
    return render(request, "frontend/track.html", context)


def _parse_iso(value: str) -> datetime:
    return datetime.fromisoformat(value)


# --- statistics ------------------------------------------------------------------


@require_safe
@desk_required
def stats(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    start, end, errors = parse_period(request.GET, today=today)
    rows = reports.period_rows(start=start, end=end)
    summary = selectors.stats_summary(start=start, end=end, rows=rows)
    begin, finish = selectors.period_bounds(start, end)
    scene = unit_stats.call_to_scene_by_district(begin=begin, end=finish)
    map_data = reports.map_data(rows, scene=scene)
    context = {
        "summary": summary,
        "errors": errors,
        "start": start,
        "end": end,
        "today": today,
        "charts": {
            "sector": charts.bars(summary["by_sector"]),
            "category": charts.bars(summary["by_category"]),
            "agency": charts.bars(summary["by_agency"]),
            "priority": charts.bars(summary["by_priority"]),
            "days": charts.columns(summary["by_day"]),
        },
        "channel_labels": catalog.code_labels()["channel"],
        "presets": _presets(today),
        "satisfaction_groups": [
            (_("Lead agency"), summary["satisfaction"]["by_agency"]),
            (_("Category"), summary["satisfaction"]["by_category"]),
        ],
        "map": map_data,
        "map_image": map_image.data_uri(map_data["points"]),
        # The page's own map (stats-map.js): the live map's config and the points.
        "map_page": {"map": page_map_config(cluster=False), "points": map_data["points"]},
        **_response_times(*selectors.period_bounds(start, end)),
    }
    return render(request, "frontend/stats.html", context, status=400 if errors else 200)


def _presets(today: date) -> list[dict[str, str]]:
    return [
        {"label": _("Today"), "from": today.isoformat(), "to": today.isoformat()},
        {
            "label": _("7 days"),
            "from": (today - timedelta(days=6)).isoformat(),
            "to": today.isoformat(),
        },
        {
            "label": _("30 days"),
            "from": (today - timedelta(days=29)).isoformat(),
            "to": today.isoformat(),
        },
        {
            "label": _("This year"),
            "from": today.replace(month=1, day=1).isoformat(),
            "to": today.isoformat(),
        },
    ]


def day_param(request: HttpRequest) -> tuple[date, bool]:
    """The `date` parameter (today when absent) and whether it was valid."""
    raw = request.GET.get("date", "")
    if not raw:
        return timezone.localdate(), True
    day = parse_day(raw)
    return (day, True) if day else (timezone.localdate(), False)


@require_safe
@desk_required
def daily(request: HttpRequest) -> HttpResponse:
    """`/statistik/harian/?date=YYYY-MM-DD`: the printable daily report for leaders."""
    day, valid = day_param(request)
    if not valid:
        context = {"error": _("Give a date as YYYY-MM-DD."), "day": day}
        return render(request, "frontend/daily.html", context, status=400)
    # The same builder as the PDF and the morning message (frontend/reports.py).
    report = reports.daily_report_data(day=day)
    context = {
        **report,
        "day": day,
        "reports": list(selectors.daily_reports(day=day)),
        "incidents": list(selectors.daily_incidents(day=day)),
        "charts": {"category": charts.bars(report["summary"]["by_category"])},
        "labels": catalog.code_labels(),
        "map_image": map_image.data_uri(report["map"]["points"]),
        **response_times_of(report["response"]),
    }
    return render(request, "frontend/daily.html", context)


def _response_times(begin: datetime, end: datetime) -> dict[str, Any]:
    """The units' response intervals of a period, grouped for frontend/_response_times.html."""
    return response_times_of(unit_stats.response_intervals(begin=begin, end=end))


def response_times_of(response: dict[str, Any]) -> dict[str, Any]:
    groupings = [
        (_("Per agency"), response["by_agency"]),
        (_("Per unit kind"), response["by_kind"]),
    ]
    return {"response": response, "groupings": groupings}


# Spreadsheets run a cell that starts with one of these as a formula: a report's
# words must never become one (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(response: HttpResponse, rows: Iterable[list[Any]]) -> None:
    # A BOM, so that spreadsheet programs read the file as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])


@require_safe
@desk_required
def daily_csv(request: HttpRequest) -> HttpResponse:
    """`/statistik/harian.csv?date=YYYY-MM-DD`: the day's reports and incidents."""
    day, valid = day_param(request)
    if not valid:
        return HttpResponse(
            _("Give a date as YYYY-MM-DD."), status=400, content_type="text/plain; charset=utf-8"
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="laporan-harian-{day.isoformat()}.csv"'
    write_csv(response, selectors.daily_csv_rows(day=day))
    return response
