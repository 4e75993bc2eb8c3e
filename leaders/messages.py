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
    lines = [
        f"{settings.SITE_TITLE}: {_('Daily report')} {day}",
        f"{_('Incidents')}: {summary['incidents']} (P1: {summary['p1']}); "
        f"{_('Reports received')}: {summary['reports']}",
        f"{_('Most')}: {top}",
        f"{_('Still open')}: {still_open}, {_('overdue')}: {overdue}",
        f"{_('Claimed on time')}: {_pct(summary['sla_claim']['rate'])}; "
        f"{_('Prank calls')}: {_pct(summary['prank_rate'])}",
    ]
    waiting = report["awaiting_disposition"]
    if waiting:
        lines.append(
            f"{_('Waiting for disposition')}: {len(waiting)} - "
            f"{settings.SITE_URL.rstrip('/')}{waiting[0]['url'].split('#')[0]}"
        )
    return "\n".join(lines)
