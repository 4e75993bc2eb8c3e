"""The daily report as a short text: the email's body and the WhatsApp/SMS summary."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import dateformat
from django.utils.translation import gettext as _


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}%".replace(".", ",")


def summary_text(report: dict[str, Any]) -> str:
    """A few lines a leader reads on a phone: the day's figures, what is overdue, what
    waits for a disposition (with the console's address). Numbers and agency names
    only: no caller's name, number or words."""
    summary = report["summary"]
    day = dateformat.format(report["start"], "j F Y")
    top = ", ".join(f"{r['label']} {r['count']}" for r in summary["by_category"][:3]) or "-"
    overdue = sum(r["overdue"] for r in report["open_by_agency"])
    still_open = sum(r["open"] for r in report["open_by_agency"])
    # Labels outside the f-strings: xgettext does not look inside them.
    title, incidents, received = _("Daily report"), _("Incidents"), _("Reports received")
    most, open_label, overdue_label = _("Most reported"), _("Still open"), _("overdue")
    on_time, pranks = _("Claimed on time"), _("Prank calls")
    lines = [
        f"{settings.SITE_TITLE}: {title} {day}",
        f"{incidents}: {summary['incidents']} (P1: {summary['p1']}); "
        f"{received}: {summary['reports']}",
        f"{most}: {top}",
        f"{open_label}: {still_open}, {overdue_label}: {overdue}",
        f"{on_time}: {_pct(summary['sla_claim']['rate'])}; {pranks}: {_pct(summary['prank_rate'])}",
    ]
    waiting = report["awaiting_disposition"]
    if waiting:
        label = _("Waiting for disposition")
        link = f"{settings.SITE_URL.rstrip('/')}{waiting[0]['url'].split('#')[0]}"
        lines.append(f"{label}: {len(waiting)} - {link}")
    return "\n".join(lines)
