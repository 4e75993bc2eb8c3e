"""Reports: accepted and committed before any processing, then handed to triage.

A report once accepted is never lost: if triage fails or never runs, the sweep
finds it pending or failed and hands it back.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from dispatch.models import Report, ReportState
from dispatch.services.access import Conflict, require_desk

logger = logging.getLogger(__name__)


def report_submit(
    *,
    text: str,
    channel: str = "web",
    address: str = "",
    lat: float | None = None,
    lon: float | None = None,
    reporter_name: str = "",
    reporter_phone: str = "",
    answers: dict[str, str] | None = None,
    user: Any = None,
) -> Report:
    """Store a report, then hand it to triage after commit.

    One INSERT needs no transaction block of its own: in autocommit it commits by
    itself (BEGIN and COMMIT would be two more round trips on every report) and
    on_commit then runs at once. Inside a caller's transaction both wait for it.
    """
    report = Report.objects.create(
        text=text,
        channel=channel,
        address=address,
        lat=lat,
        lon=lon,
        reporter_name=reporter_name,
        reporter_phone=reporter_phone,
        answers=answers or {},
        submitted_by=user if user is not None and user.is_authenticated else None,
    )
    transaction.on_commit(lambda: _enqueue_triage(report.pk), robust=True)
    return report


def _enqueue_triage(report_id: int) -> None:
    # Imported here: the tasks module imports the services, which load with the app.
    from dispatch.tasks import report_triage_task

    try:
        report_triage_task.delay(report_id)
    except Exception:
        # Broker down: the report is safe in the database; the sweep retries it.
        logger.warning("could not enqueue triage of report %s", report_id, exc_info=True)


def report_begin_attempt(*, report_id: int) -> Report | None:
    """Count an attempt before work starts, so a crash mid-triage still counts.

    Returns the report as it now is (`attempts` is this attempt's number), or None
    when there is nothing to do. The row read here is the one triage places and
    assesses, so the task reads it once.
    """
    updated = (
        Report.objects.filter(pk=report_id)
        .exclude(state=ReportState.PROCESSED)
        .update(attempts=F("attempts") + 1)
    )
    if not updated:
        return None
    return Report.objects.filter(pk=report_id).first()


def report_mark_failed(*, report_id: int, error: str) -> None:
    Report.objects.filter(pk=report_id).exclude(state=ReportState.PROCESSED).update(
        state=ReportState.FAILED, last_error=error[:2000]
    )


def report_requeue_stuck(*, older_than_s: int, max_attempts: int) -> list[int]:
    """Hand reports that never finished triage back to it (the outbox sweep)."""
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_s)
    ids = list(
        Report.objects.filter(
            state__in=[ReportState.PENDING, ReportState.FAILED],
            received_at__lt=cutoff,
            attempts__lt=max_attempts,
        ).values_list("pk", flat=True)[:500]
    )
    for report_id in ids:
        _enqueue_triage(report_id)
    return ids


def report_retry(*, report: Report, user: Any) -> None:
    """A dispatcher hands a failed report back to triage by hand."""
    require_desk(user)
    if report.state == ReportState.PROCESSED:
        raise Conflict(_("This report has already been processed."))
    Report.objects.filter(pk=report.pk).update(attempts=0, state=ReportState.PENDING)
    transaction.on_commit(lambda: _enqueue_triage(report.pk), robust=True)
