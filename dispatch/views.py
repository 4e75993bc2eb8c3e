"""Operational endpoints: /health/ for load balancers, /metrics for Prometheus."""

from __future__ import annotations

import hmac
import ipaddress
import logging
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from dispatch import backups, selectors
from dispatch.models import Incident, Report, ReportState
from dispatch.ratelimit import client_address
from dispatch.roles import is_desk
from dispatch.signals import metrics_requested

logger = logging.getLogger(__name__)


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


def metrics_allowed(request: HttpRequest) -> bool:
    """The desk signed in, a scraper with `Authorization: Bearer <METRICS_TOKEN>`, or a
    client address in METRICS_ALLOWED_ADDRESSES (addresses or networks, NUM_PROXIES-aware).

    The counts tell how busy the centre is and whether triage is failing: not public.
    """
    if is_desk(request.user):
        return True
    token = settings.METRICS_TOKEN
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if token and scheme == "Bearer" and hmac.compare_digest(given.encode(), token.encode()):
        return True
    try:
        address = ipaddress.ip_address(client_address(request.META))
    except ValueError:
        return False
    return any(address in network for network in _networks(settings.METRICS_ALLOWED_ADDRESSES))


def _networks(entries: list[str]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(entry, strict=False) for entry in entries]


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """A handful of gauges in the Prometheus text format (metrics_allowed says for whom)."""
    if not metrics_allowed(request):
        return HttpResponse(
            _("Metrics are for the desk, a scraper's token or an allowed address."),
            status=403,
            content_type="text/plain; charset=utf-8",
        )
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
    lines += _operations_lines()
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; version=0.0.4")


def _operations_lines() -> list[str]:
    """What the alert rules watch besides the counts (deploy/prometheus/alerts.yml)."""
    oldest = (
        Report.objects.filter(state=ReportState.PENDING)
        .order_by("received_at")
        .values_list("received_at", flat=True)
        .first()
    )
    age = (timezone.now() - oldest).total_seconds() if oldest else 0
    lines = [
        "# HELP dispatch_reports_oldest_pending_seconds Age of the oldest report awaiting triage.",
        "# TYPE dispatch_reports_oldest_pending_seconds gauge",
        f"dispatch_reports_oldest_pending_seconds {age:.0f}",
    ]
    lines += backups.metrics_lines(Path(settings.BACKUP_DIR))
    for receiver, extra in metrics_requested.send_robust(sender=None):
        if isinstance(extra, Exception):
            logger.warning("metrics of %s failed: %r", receiver, extra)
        else:
            lines += extra
    return lines


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
