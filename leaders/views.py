"""`/statistik/pengiriman/`: the daily report's deliveries, for the desk."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from frontend.views import desk_required
from leaders import selectors


@require_safe
@desk_required
def deliveries(request: HttpRequest) -> HttpResponse:
    context = {
        "deliveries": selectors.recent_deliveries(),
        "recipients": selectors.active_recipients(),
        "sending": settings.DAILY_REPORT_SEND,
        "hour": settings.DAILY_REPORT_HOUR,
    }
    return render(request, "leaders/deliveries.html", context)
