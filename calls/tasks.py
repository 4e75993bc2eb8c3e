from __future__ import annotations

from celery import shared_task
from django.conf import settings

from calls import services


@shared_task
def calls_anonymize_old() -> int:
    """Retention of callers' numbers and handset positions (celery beat), with the
    reports' RETENTION_DAYS."""
    return services.calls_anonymize_old(older_than_days=settings.RETENTION_DAYS)
