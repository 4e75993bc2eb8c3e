"""Geometry of the statistics charts, drawn as SVG by the templates.

Server-side SVG: no chart library, no script, and the charts print. Numbers
that go into SVG attributes are formatted here with a dot, because Django's
localization would write "46,5" in Indonesian and break the attribute.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import dateformat

COLUMN_CHART_WIDTH = 720
COLUMN_CHART_HEIGHT = 160
COLUMN_LABEL_SPACE = 18
# Room at both ends so the first and last date labels are not cut.
COLUMN_PAD = 24


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def bars(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Horizontal bars: each row gets `width` in percent of the largest count."""
    largest = max((r["count"] for r in rows), default=0)
    return [{**row, "width": _num(100 * row["count"] / largest if largest else 0)} for row in rows]


def day_label(iso_date: str) -> str:
    """ "2026-11-06" -> "6 Nov" in the active language ("6 Des" for December in
    Indonesian): an axis in the reader's words, not "11-06"."""
    return dateformat.format(date.fromisoformat(iso_date), "j M")


def columns(days: list[dict[str, Any]]) -> dict[str, Any]:
    """A column per day: x, y, width and height in the viewBox's units."""
    count = len(days)
    largest = max((d["count"] for d in days), default=0)
    plot_height = COLUMN_CHART_HEIGHT - COLUMN_LABEL_SPACE
    plot_width = COLUMN_CHART_WIDTH - 2 * COLUMN_PAD
    step = plot_width / count if count else plot_width
    width = max(step * 0.8, 1)
    # Label about eight days, whatever the period's length.
    label_every = max(1, round(count / 8))
    items = []
    for index, day in enumerate(days):
        height = plot_height * day["count"] / largest if largest else 0
        items.append(
            {
                **day,
                "x": _num(COLUMN_PAD + index * step + (step - width) / 2),
                "y": _num(plot_height - height),
                "w": _num(width),
                "h": _num(height),
                "cx": _num(COLUMN_PAD + index * step + step / 2),
                "label": day_label(day["date"]) if index % label_every == 0 else "",
                "title": dateformat.format(date.fromisoformat(day["date"]), "j F Y"),
            }
        )
    return {
        "items": items,
        "width": COLUMN_CHART_WIDTH,
        "height": COLUMN_CHART_HEIGHT,
        "label_y": COLUMN_CHART_HEIGHT - 4,
        "base_y": plot_height,
        "left": COLUMN_PAD,
        "right": COLUMN_CHART_WIDTH - COLUMN_PAD,
        "largest": largest,
    }
