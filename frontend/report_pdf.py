"""The leaders' reports as PDF (fpdf2: pure Python, from PyPI, nothing from Debian).

Lays out the data of frontend/reports.py: headings, tables and the map picture
of frontend/map_image.py. The core Helvetica font covers Latin-1, which holds
Indonesian; a character outside it (a dash, an emoji in an agency's name) is
replaced rather than breaking the document.
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from frontend import map_image

Row = list[Any]
PDF_DISTRICTS = 20


def _text(value: Any) -> str:
    text = "—" if value is None else str(value)
    text = text.replace("—", "-").replace("\u2013", "-").replace("·", "-")
    return text.encode("latin-1", "replace").decode("latin-1")


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}%".replace(".", ",")


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}".replace(".", ",")


class ReportPDF(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.report_title = title
        self.set_auto_page_break(auto=True, margin=15)
        self.set_title(_text(title))
        self.set_creator("Call Center 112")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.cell(0, 6, _text(f"{self.report_title} - {self.page_no()}"), align="C")

    def heading(self, text: str) -> None:
        self.ln(3)
        self.set_font("Helvetica", style="B", size=12)
        self.cell(0, 8, _text(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", size=9)

    def table_of(self, header: Row, rows: list[Row], widths: tuple[int, ...] | None = None) -> None:
        if not rows:
            self.cell(0, 6, _text(_("None.")), new_x="LMARGIN", new_y="NEXT")
            return
        self.set_font("Helvetica", size=9)
        with self.table(col_widths=widths, text_align="LEFT", line_height=5) as table:
            for row in [header, *rows]:
                cells = table.row()
                for value in row:
                    cells.cell(_text(value))


def _period_label(report: dict[str, Any]) -> str:
    start, end = report["start"], report["end"]
    if start == end:
        return dateformat.format(start, "l, j F Y")
    return f"{dateformat.format(start, 'j F Y')} - {dateformat.format(end, 'j F Y')}"


def render_pdf(report: dict[str, Any]) -> bytes:
    """The report as PDF bytes."""
    pdf = ReportPDF(report["title"])
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=16)
    pdf.cell(0, 10, _text(report["title"]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.cell(0, 6, _text(settings.SITE_TITLE), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, _text(_period_label(report)), new_x="LMARGIN", new_y="NEXT")
    _figures(pdf, report["summary"])
    _shares(pdf, _("By sector"), report["summary"]["by_sector"])
    _shares(pdf, _("By category"), report["summary"]["by_category"])
    _shares(pdf, _("By priority"), report["summary"]["by_priority"])
    if report["kind"] == "daily":
        _daily_parts(pdf, report)
    else:
        _period_parts(pdf, report)
    _response(pdf, report["response"])
    _map(pdf, report["map"])
    generated = timezone.localtime(report["generated_at"])
    pdf.ln(2)
    pdf.cell(0, 6, _text(f"{_('Printed')}: {dateformat.format(generated, 'j F Y H:i')}"))
    return bytes(pdf.output())


def _figures(pdf: ReportPDF, summary: dict[str, Any]) -> None:
    pdf.heading(_("Figures"))
    rows = [
        [_("Incidents"), summary["incidents"]],
        [_("Reports received"), summary["reports"]],
        [_("Median time to claim"), f"{_num(summary['median_claim_minutes'])} {_('min')}"],
        [_("Median time to resolve"), f"{_num(summary['median_resolve_minutes'])} {_('min')}"],
        [_("Claimed on time"), _pct(summary["sla_claim"]["rate"])],
        [_("Resolved on time"), _pct(summary["sla_resolve"]["rate"])],
        [_("Prank calls"), f"{summary['pranks']} ({_pct(summary['prank_rate'])})"],
    ]
    if "resolved_today" in summary:
        rows.insert(2, [_("P1 emergencies"), summary["p1"]])
        rows.insert(3, [_("Resolved this day"), summary["resolved_today"]])
        rows.append([_("Dispositions given"), summary["disposed"]])
    pdf.table_of([_("Figure"), _("Value")], rows, (70, 40))


def _shares(pdf: ReportPDF, title: str, rows: list[dict[str, Any]]) -> None:
    pdf.heading(title)
    body = [[r["label"], r["count"], _pct(r["share"])] for r in rows]
    pdf.table_of([title, _("Count"), _("Share")], body, (90, 25, 25))


def _daily_parts(pdf: ReportPDF, report: dict[str, Any]) -> None:
    pdf.heading(_("Still open per agency"))
    body = [[r["name"], r["open"], r["overdue"]] for r in report["open_by_agency"]]
    pdf.table_of([_("Lead agency"), _("Open"), _("Overdue")], body, (110, 25, 25))
    pdf.heading(_("Waiting for disposition"))
    base = settings.SITE_URL.rstrip("/")
    body = [
        [
            f"#{r['id']}",
            r["category"],
            r["priority"],
            r["place"] or "-",
            f"{base}{r['url']}",
        ]
        for r in report["awaiting_disposition"]
    ]
    header = ["#", _("Category"), _("Priority"), _("Place"), _("Dispose at")]
    pdf.table_of(header, body, (14, 38, 16, 50, 62))


def _period_parts(pdf: ReportPDF, report: dict[str, Any]) -> None:
    _shares(pdf, _("Reports by channel"), report["by_channel"])
    pdf.heading(_("Compliance of agencies with their deadlines"))
    body = [
        [
            r["name"],
            r["incidents"],
            _pct(r["claim"]["rate"]),
            _pct(r["resolve"]["rate"]),
            r["claim"]["missed"] + r["resolve"]["missed"],
        ]
        for r in report["compliance"]
    ]
    header = [_("Agency"), _("Incidents"), _("Claimed on time"), _("Resolved on time"), _("Missed")]
    pdf.table_of(header, body, (80, 22, 28, 28, 22))
    pdf.heading(_("Trend against the previous period"))
    body = [[r["label"], r["count"], r["previous"], _pct(r["change"])] for r in report["trend"]]
    header = [_("Sector"), _("This period"), _("Previous period"), _("Change")]
    pdf.table_of(header, body, (80, 30, 35, 25))


def _response(pdf: ReportPDF, response: dict[str, Any]) -> None:
    pdf.heading(_("Response times of units"))
    header = [_("Agency")] + [str(i["label"]) for i in response["intervals"]]
    body = [
        [row["label"]] + [f"{_num(c['median'])} ({c['count']})" for c in row["cells"]]
        for row in response["by_agency"]
    ]
    pdf.table_of(header, body, (60, 30, 30, 30, 30))


def _map(pdf: ReportPDF, data: dict[str, Any]) -> None:
    pdf.add_page()
    pdf.heading(_("Incidents by kelurahan"))
    png = map_image.render_png(points=data["points"], home_region=settings.HOME_REGION)
    pdf.image(io.BytesIO(png), w=180)
    pdf.set_font("Helvetica", size=8)
    pdf.multi_cell(0, 4, _text(_("Larger and darker discs: more incidents in the kelurahan.")))
    pdf.heading(_("By kecamatan"))
    # The busiest kecamatan: the spreadsheet and the page list them all.
    top = data["districts"][:PDF_DISTRICTS]
    body = [
        [r["name"], r["count"], _num(r["median_claim_minutes"]), _num(r["median_scene_minutes"])]
        for r in top
    ]
    header = [
        _("Kecamatan"),
        _("Incidents"),
        _("Median minutes to claim"),
        _("Median minutes from the call to a unit on scene"),
    ]
    pdf.table_of(header, body, (60, 25, 45, 50))
