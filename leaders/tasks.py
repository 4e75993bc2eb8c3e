"""Celery tasks of the leaders' reports: they take ids and call services."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from leaders import services


@shared_task
def daily_report_due() -> int:
    """Beat, every few minutes: yesterday's report once the hour has come."""
    return len(services.daily_report_due(now=timezone.now()))


@shared_task(acks_late=True)
def report_delivery_send_task(delivery_id: int) -> str:
    """Send one delivery; a failure is recorded on it and the sweep retries it."""
    return services.delivery_send(delivery_id=delivery_id)


@shared_task
def report_deliveries_retry_due() -> int:
    """Beat, every minute: deliveries due another attempt."""
    return len(services.deliveries_retry_due(now=timezone.now()))
