"""Celery tasks: they take ids, parse nothing, and call services."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.utils import timezone

from dispatch import services

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=None,  # the attempt count on the report row is the limit
    default_retry_delay=10,
)
def report_triage_task(self, report_id: int) -> None:
    report = services.report_begin_attempt(report_id=report_id)
    if report is None:
        return  # processed already (a redelivery) or gone
    attempts = report.attempts
    try:
        services.report_process(report_id=report_id, report=report)
    except Exception as exc:
        logger.exception("triage of report %s failed (attempt %s)", report_id, attempts)
        services.report_mark_failed(report_id=report_id, error=repr(exc))
        if attempts < settings.REPORT_MAX_ATTEMPTS and not self.request.is_eager:
            raise self.retry(exc=exc, countdown=min(300, 5 * 2**attempts)) from exc


@shared_task
def reports_requeue_stuck() -> int:
    """The outbox sweep: reports whose triage never ran or failed go back to it."""
    ids = services.report_requeue_stuck(
        older_than_s=settings.REPORT_REQUEUE_AFTER_S, max_attempts=settings.REPORT_MAX_ATTEMPTS
    )
    if ids:
        logger.info("requeued %d stuck reports", len(ids))
    return len(ids)


@shared_task
def sla_watchdog() -> int:
    return services.incidents_escalate_overdue(now=timezone.now())


@shared_task
def reports_anonymize_old() -> int:
    return services.reports_anonymize_old(older_than_days=settings.RETENTION_DAYS)


@worker_ready.connect
def sweep_on_start(**kwargs: object) -> None:
    """A restarted worker picks up reports a killed one left half done.

    Without this they would wait for the broker's visibility timeout or for beat.
    """
    reports_requeue_stuck.delay()
