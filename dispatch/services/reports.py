"""Reports: accepted and committed before any processing, then handed to triage.

A report once accepted is never lost: if triage fails or never runs, the sweep
finds it pending or failed and hands it back; if its attempt dies with the worker,
the attempt's lease runs out within seconds and a faster sweep hands it back.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dispatch.models import Priority, Report, ReportState
from dispatch.services.access import Conflict, require_desk
from priority.engine import assess

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
    urgent = reads_urgent(text=text, channel=channel, answers=answers)
    transaction.on_commit(lambda: _enqueue_triage(report.pk, urgent=urgent), robust=True)
    return report


def reads_urgent(*, text: str, channel: str, answers: dict[str, str] | None) -> bool:
    """Whether the words alone make a report P1, so its triage jumps the queue.

    The rules' reading of the words only (no geocoding, no second reading: well
    under a millisecond, while the caller waits): triage still judges the report in
    full; this only decides which comes out of the queue first.
    """
    try:
        result = assess(text, channel=channel, answers=answers, second_reading=False)
        return result.priority == Priority.P1
    except Exception:
        # The report is stored already: a rule that fails on strange words must not
        # keep it from triage, which will meet the same words and record the error.
        logger.exception("could not read the urgency of a report's words")
        return False


def _enqueue_triage(report_id: int, *, urgent: bool = False) -> None:
    # Imported here: the tasks module imports the services, which load with the app.
    from dispatch.tasks import report_triage_task

    # Passed only when urgent: priority=None would send a message with none, which
    # the broker puts first.
    options = {"priority": settings.URGENT_TASK_PRIORITY} if urgent else {}
    try:
        report_triage_task.apply_async((report_id,), **options)
    except Exception:
        # Broker down: the report is safe in the database; the sweep retries it.
        logger.warning("could not enqueue triage of report %s", report_id, exc_info=True)


def report_begin_attempt(*, report_id: int, lease_s: float) -> Report | None:
    """Take the report for one attempt, counted before work starts (a crash
    mid-triage still counts), and held for `lease_s` seconds unless renewed.

    Returns the report as it now is (`attempts` is this attempt's number), or None
    when there is nothing to do: processed already (a redelivery), gone, or held by
    another attempt whose lease has not run out, so one report is never triaged by
    two attempts at once. The row read here is the one triage places and assesses,
    so the task reads it once.
    """
    now = timezone.now()
    updated = (
        Report.objects.filter(pk=report_id)
        .exclude(state=ReportState.PROCESSED)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lte=now))
        .update(attempts=F("attempts") + 1, lease_until=now + timedelta(seconds=lease_s))
    )
    if not updated:
        return None
    return Report.objects.filter(pk=report_id).first()


def report_renew_lease(*, report_id: int, attempt: int, lease_s: float) -> bool:
    """The heartbeat of a running attempt. False once the attempt is over (the
    report processed, or a later attempt counted): the heartbeat stops."""
    return bool(
        Report.objects.filter(pk=report_id, attempts=attempt)
        .exclude(state=ReportState.PROCESSED)
        .update(lease_until=timezone.now() + timedelta(seconds=lease_s))
    )


def report_mark_failed(*, report_id: int, error: str) -> None:
    """The attempt ended in an error: the report is `failed` and free for the retry."""
    Report.objects.filter(pk=report_id).exclude(state=ReportState.PROCESSED).update(
        state=ReportState.FAILED, last_error=error[:2000], lease_until=None
    )


def report_requeue_stuck(*, older_than_s: int, max_attempts: int) -> list[int]:
    """Hand reports that never finished triage back to it (the outbox sweep).

    For what never started or failed: a report younger than `older_than_s` may
    still have its task waiting in the queue behind others.
    """
    cutoff = timezone.now() - timedelta(seconds=older_than_s)
    stuck = Report.objects.filter(
        state__in=[ReportState.PENDING, ReportState.FAILED],
        received_at__lt=cutoff,
        attempts__lt=max_attempts,
    )
    ids = list(stuck.values_list("pk", flat=True)[:500])
    _enqueue_again(ids)
    return ids


def _enqueue_again(ids: list[int]) -> None:
    """Triage again, a threat to life first as when the reports came in."""
    rows = Report.objects.filter(pk__in=ids).values_list("pk", "text", "channel", "answers")
    for report_id, text, channel, answers in rows:
        _enqueue_triage(report_id, urgent=reads_urgent(text=text, channel=channel, answers=answers))


def report_requeue_interrupted(*, max_attempts: int, now: datetime | None = None) -> list[int]:
    """Hand back at once the reports whose attempt died with its process.

    An attempt ends by processing the report or marking it failed, and renews its
    lease while it runs; a report still pending after its lease ran out lost its
    attempt (a killed worker). Its lease is cleared as it is queued, so the next
    sweeps queue it only once; should that message be lost too, the slower sweep
    above still finds it.
    """
    now = now or timezone.now()
    # A lease is only ever set by an attempt (even one a dispatcher's retry recounted).
    interrupted = Report.objects.filter(
        state=ReportState.PENDING, attempts__lt=max_attempts, lease_until__lt=now
    )
    ids = list(interrupted.values_list("pk", flat=True)[:500])
    # Only leases still run out: an attempt that took one meanwhile keeps it, and
    # the message queued here then finds the report held and leaves it.
    interrupted.filter(pk__in=ids).update(lease_until=None)
    _enqueue_again(ids)
    return ids


def report_retry(*, report: Report, user: Any) -> None:
    """A dispatcher hands a failed report back to triage by hand."""
    require_desk(user)
    if report.state == ReportState.PROCESSED:
        raise Conflict(_("This report has already been processed."))
    Report.objects.filter(pk=report.pk).update(attempts=0, state=ReportState.PENDING)
    transaction.on_commit(lambda: _enqueue_again([report.pk]), robust=True)
