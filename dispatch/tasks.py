"""Celery tasks: they take ids, parse nothing, and call services."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from celery import shared_task
from celery.signals import worker_ready
from django import db
from django.conf import settings
from django.utils import timezone

from dispatch import services
from priority import reader

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=None,  # the attempt count on the report row is the limit
    default_retry_delay=10,
)
def report_triage_task(self, report_id: int) -> None:
    lease_s = settings.REPORT_LEASE_S
    report = services.report_begin_attempt(report_id=report_id, lease_s=lease_s)
    if report is None:
        return  # processed already (a redelivery), gone, or another attempt holds it
    attempts = report.attempts
    try:
        with lease_kept(report_id=report_id, attempt=attempts, lease_s=lease_s):
            services.report_process(report_id=report_id, report=report)
    except Exception as exc:
        logger.exception("triage of report %s failed (attempt %s)", report_id, attempts)
        services.report_mark_failed(report_id=report_id, error=repr(exc))
        if attempts < settings.REPORT_MAX_ATTEMPTS and not self.request.is_eager:
            raise self.retry(exc=exc, countdown=min(300, 5 * 2**attempts)) from exc


@contextmanager
def lease_kept(*, report_id: int, attempt: int, lease_s: float) -> Iterator[None]:
    """Renew the attempt's lease every third of it while the attempt runs.

    A slow geocoder may hold triage for longer than the lease; the heartbeat keeps
    the report this attempt's, and it stops with the process, so a killed worker's
    report is free again `lease_s` seconds later, however long triage may take.
    """
    done = threading.Event()

    def beat() -> None:
        try:
            while not done.wait(lease_s / 3):
                renewed = services.report_renew_lease(
                    report_id=report_id, attempt=attempt, lease_s=lease_s
                )
                if not renewed:
                    return
        except Exception:
            # A missed heartbeat costs at worst a second attempt, which waits on
            # the row lock and finds the report processed.
            logger.warning("lease of report %s not renewed", report_id, exc_info=True)
        finally:
            db.connection.close()

    heart = threading.Thread(target=beat, name=f"lease-{report_id}", daemon=True)
    heart.start()
    try:
        yield
    finally:
        done.set()
        # Bounded: a renewal waiting on a lock held further up (a caller's open
        # transaction, as in tests) finishes by itself once the lock is let go.
        heart.join(timeout=lease_s)


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
def reports_requeue_interrupted() -> int:
    """The fast sweep (every few seconds): reports whose attempt died with a worker."""
    ids = services.report_requeue_interrupted(max_attempts=settings.REPORT_MAX_ATTEMPTS)
    if ids:
        logger.warning("requeued %d reports whose triage was interrupted", len(ids))
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
    An attempt still within its lease is left to the fast sweep of beat.
    """
    reports_requeue_interrupted.delay()
    reports_requeue_stuck.delay()


@worker_ready.connect
def read_before_the_first_report(**kwargs: object) -> None:
    """The urgency engine's second reader (priority.reader) takes 1.6 to 3.5 s to load
    and train (bench/results/triage/reader-cost.json, reader-cost-2.json): here, once,
    rather than in the first report's triage."""
    reader.reader()
