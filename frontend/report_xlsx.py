"""The period reports as a spreadsheet (openpyxl) for the leader's staff.

One sheet per table of frontend/reports.py's data, numbers as numbers (shares as
fractions formatted as percent) so the staff can sum and chart them. Labels come
from code lists and agency names; a cell that would start a formula is quoted
(frontend.views.csv_cell's rule).
"""

from __future__ import annotations

import io
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if isinstance(value, Promise):
        value = str(value)  # a translated label
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _sheet(book: Workbook, title: str, header: list[str], rows: list[list[Any]]) -> Worksheet:
    sheet = book.create_sheet(title=title[:31])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(v) for v in row])
    sheet.column_dimensions["A"].width = 48
    return sheet


def _share_rows(rows: list[dict[str, Any]]) -> list[list[Any]]:
    return [[r["label"], r["count"], r["share"] / 100] for r in rows]


def _percent(sheet: Worksheet, column: str) -> None:
    for cell in sheet[column][1:]:
        cell.number_format = "0.0%"


def render_xlsx(report: dict[str, Any]) -> bytes:
    """The report as .xlsx bytes."""
    book = Workbook()
    summary = report["summary"]
    first = book.active
    first.title = _("Summary")[:31]
    first.append([report["title"], f"{report['start']:%Y-%m-%d} - {report['end']:%Y-%m-%d}"])
    first.append([_("Incidents"), summary["incidents"]])
    first.append([_("Reports received"), summary["reports"]])
    first.append([_("Previous period"), report["previous"]["incidents"]])
    first.append([_("Prank calls"), summary["pranks"]])
    first.column_dimensions["A"].width = 40
    for title, rows in [
        (_("By sector"), summary["by_sector"]),
        (_("By category"), summary["by_category"]),
        (_("Reports by channel"), report["by_channel"]),
    ]:
        sheet = _sheet(book, title, [title, _("Count"), _("Share")], _share_rows(rows))
        _percent(sheet, "C")
    _compliance(book, report["compliance"])
    trend = [[r["label"], r["count"], r["previous"], r["change"]] for r in report["trend"]]
    header = [_("Sector"), _("This period"), _("Previous period"), _("Change (%)")]
    _sheet(book, _("Trend"), header, trend)
    districts = [
        [r["name"], r["count"], r["median_claim_minutes"], r["median_scene_minutes"]]
        for r in report["map"]["districts"]
    ]
    _sheet(
        book,
        _("By kecamatan"),
        [
            _("Kecamatan"),
            _("Incidents"),
            _("Median minutes to claim"),
            _("Median minutes from the call to a unit on scene"),
        ],
        districts,
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _compliance(book: Workbook, rows: list[dict[str, Any]]) -> None:
    header = [
        _("Agency"),
        _("Incidents"),
        _("Claimed on time"),
        _("Claimed late"),
        _("Resolved on time"),
        _("Resolved late"),
        _("Still within deadline"),
    ]
    body = [
        [
            r["name"],
            r["incidents"],
            r["claim"]["met"],
            r["claim"]["missed"],
            r["resolve"]["met"],
            r["resolve"]["missed"],
            r["resolve"]["pending"],
        ]
        for r in rows
    ]
    _sheet(book, _("Compliance"), header, body)
