"""Operational endpoints: /health/ for load balancers, /metrics for Prometheus."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from dispatch import selectors
from dispatch.models import Incident, Report


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        return False


def _redis_ok() -> bool | None:
    if not settings.REDIS_URL:
        return None
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:
        return False


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database_ok()}
    redis_ok = _redis_ok()
    if redis_ok is not None:
        checks["redis"] = redis_ok
    healthy = all(checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """A handful of gauges in the Prometheus text format."""
    lines = [
        "# HELP dispatch_reports Reports by processing state.",
        "# TYPE dispatch_reports gauge",
    ]
    for row in Report.objects.values("state").annotate(n=Count("pk")).order_by("state"):
        lines.append(f'dispatch_reports{{state="{row["state"]}"}} {row["n"]}')
    lines += ["# HELP dispatch_incidents Incidents by status.", "# TYPE dispatch_incidents gauge"]
    for row in Incident.objects.values("status").annotate(n=Count("pk")).order_by("status"):
        lines.append(f'dispatch_incidents{{status="{row["status"]}"}} {row["n"]}')
    lines += [
        "# HELP dispatch_last_event_id Position of the newest event in the log.",
        "# TYPE dispatch_last_event_id gauge",
        f"dispatch_last_event_id {selectors.latest_event_id()}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; version=0.0.4")


def lockout(
    request: HttpRequest, credentials: dict | None = None, *args: object, **kwargs: object
) -> HttpResponse:
    """What django-axes answers to a locked-out sign-in: JSON for the API, a page otherwise."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME * 60))
    message = _("Too many failed sign-in attempts. Try again in %(minutes)d minutes.") % {
        "minutes": minutes
    }
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": message}, status=429)
    else:
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(minutes * 60)
    return response
