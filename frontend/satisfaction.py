"""The reporters' ratings of the handling (1-5, dispatch.services.report_rate) for
the statistics: their count and average, in all and per lead agency and category.

A rating counts in the period in which it was given: a reporter rates after the
resolution, often days after the incident was opened.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Avg, Count, QuerySet
from django.utils.translation import gettext as _

from dispatch.models import Category, Report


def _rated(begin: datetime, finish: datetime) -> QuerySet[Report]:
    return Report.objects.filter(
        rating__isnull=False, rated_at__gte=begin, rated_at__lt=finish, incident__isnull=False
    )


def _rows(queryset: QuerySet[Report], field: str, labels: dict[Any, str]) -> list[dict[str, Any]]:
    grouped = queryset.values(field).annotate(count=Count("pk"), average=Avg("rating"))
    rows = [
        {
            "code": row[field],
            "label": labels.get(row[field], _("No agency")),
            "count": row["count"],
            "average": round(row["average"], 2),
        }
        for row in grouped
    ]
    rows.sort(key=lambda r: (-r["count"], r["label"]))
    return rows


def ratings_summary(*, begin: datetime, finish: datetime) -> dict[str, Any]:
    rated = _rated(begin, finish)
    total = rated.aggregate(count=Count("pk"), average=Avg("rating"))
    agencies = dict(
        rated.values_list("incident__lead_agency_id", "incident__lead_agency__name").distinct()
    )
    return {
        "count": total["count"],
        "average": round(total["average"], 2) if total["average"] is not None else None,
        "by_agency": _rows(rated, "incident__lead_agency_id", agencies),
        "by_category": _rows(rated, "incident__category", dict(Category.choices)),
    }
