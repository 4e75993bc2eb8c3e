"""The leaders' reports (contract: ../shared/DESIGN.md §7), for the desk.

`/statistik/harian.pdf?date=YYYY-MM-DD`, `/statistik/tahunan/?year=YYYY` (the page),
`/statistik/tahunan.pdf?year=YYYY`, `/statistik/tahunan.xlsx?year=YYYY`; the three
tahunan URLs also take `?month=YYYY-MM` for the monthly report. Each view parses
its parameters and hands frontend/reports.py's data to one renderer.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from frontend import charts, map_image, report_pdf, report_xlsx, reports
from frontend.periods import parse_report_period
from frontend.views import day_param, desk_required, response_times_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _bad_request(message: str) -> HttpResponse:
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


def _download(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
@desk_required
def daily_pdf(request: HttpRequest) -> HttpResponse:
    day, valid = day_param(request)
    if not valid:
        return _bad_request(_("Give a date as YYYY-MM-DD."))
    report = reports.daily_report_data(day=day)
    return _download(report_pdf.render_pdf(report), "application/pdf", f"laporan-harian-{day}.pdf")


def _period(request: HttpRequest) -> tuple[dict[str, Any] | None, dict[str, list[str]]]:
    start, end, kind, errors = parse_report_period(request.GET, today=timezone.localdate())
    if errors:
        return None, errors
    return reports.period_report_data(start=start, end=end, kind=kind), {}


def _period_name(report: dict[str, Any]) -> str:
    if report["kind"] == "year":
        return f"laporan-tahunan-{report['start']:%Y}"
    return f"laporan-bulanan-{report['start']:%Y-%m}"


@require_safe
@desk_required
def period_page(request: HttpRequest) -> HttpResponse:
    report, errors = _period(request)
    today = timezone.localdate()
    context: dict[str, Any] = {"errors": errors, "today": today, "years": _years(today)}
    if report is None:
        return render(request, "frontend/period_report.html", context, status=400)
    context.update(
        report=report,
        summary=report["summary"],
        query=request.GET.urlencode(),
        file_name=_period_name(report),
        charts={"sector": charts.bars(report["summary"]["by_sector"])},
        map_image=map_image.data_uri(report["map"]["points"]),
        **response_times_of(report["response"]),
    )
    return render(request, "frontend/period_report.html", context)


def _years(today: Any) -> list[int]:
    return list(range(today.year, today.year - 6, -1))


@require_safe
@desk_required
def period_pdf(request: HttpRequest) -> HttpResponse:
    report, errors = _period(request)
    if report is None:
        return _bad_request(" ".join(m for messages in errors.values() for m in messages))
    return _download(
        report_pdf.render_pdf(report), "application/pdf", f"{_period_name(report)}.pdf"
    )


@require_safe
@desk_required
def period_xlsx(request: HttpRequest) -> HttpResponse:
    report, errors = _period(request)
    if report is None:
        return _bad_request(" ".join(m for messages in errors.values() for m in messages))
    return _download(report_xlsx.render_xlsx(report), XLSX, f"{_period_name(report)}.xlsx")
