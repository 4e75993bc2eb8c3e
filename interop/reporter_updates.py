"""Reporter updates: a caller who wrote by SMS or WhatsApp hears by the same
channel when their incident is claimed and when it is resolved, and is asked
to rate the handling with a reply of 1 to 5 (dispatch.services.report_rate).

The messages go through the reply outbox (retries, a delivery status each);
each round is a `reporter.notified` event (`stage`, `report_ids`). A web form
reporter reads the same on the tracking page (/lacak/<code>/) and rates there.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from dispatch import services as dispatch_services
from dispatch.models import EventType, Incident, IncidentEvent, Report, Status
from dispatch.roles import MESSAGES
from dispatch.services.events import append_events, reload
from interop.models import Provider
from interop.outbox import outbound_enqueue

logger = logging.getLogger(__name__)

CLAIMED, RESOLVED = "claimed", "resolved"
STAGE_FIELD = {CLAIMED: "claim_notified_at", RESOLVED: "resolve_notified_at"}
STAGE_STATUSES = {
    CLAIMED: (Status.CLAIMED, Status.EN_ROUTE, Status.ON_SCENE),
    RESOLVED: (Status.RESOLVED, Status.CLOSED),
}
# A reply of one digit counts as a rating this long after the resolution message.
RATING_WINDOW = timedelta(days=7)
RATING_REPLY = re.compile(r"^\s*([1-5])\s*[.!]?\s*$")


def _text(stage: str, report: Report, incident: Incident) -> str:
    if stage == CLAIMED:
        agency = incident.lead_agency.name if incident.lead_agency else "petugas"
        # English: "your report X is being handled by AGENCY".
        return (
            f"Laporan Anda {report.tracking_code} sedang ditangani oleh {agency}. "
            "Dalam keadaan darurat, telepon 112."
        )
    # English: "your report X has been resolved. Was it fixed? Reply with a number
    # from 1 (very dissatisfied) to 5 (very satisfied)".
    return (
        f"Laporan Anda {report.tracking_code} telah selesai ditangani. Apakah masalahnya "
        "sudah teratasi? Balas dengan angka 1 (sangat tidak puas) sampai 5 (sangat puas)."
    )


def reporters_notify(*, incident_id: int, stage: str) -> int:
    """Tell the incident's SMS/WhatsApp reporters of this stage, each once."""
    field = STAGE_FIELD[stage]
    with transaction.atomic():
        incident = Incident.objects.select_related("lead_agency").get(pk=incident_id)
        if incident.status not in STAGE_STATUSES[stage]:
            return 0  # released or reopened before the task ran: nothing to say now
        reports = list(
            Report.objects.select_for_update()
            .filter(
                incident=incident,
                channel__in=Provider.values,
                anonymized_at__isnull=True,
                **{f"{field}__isnull": True},
            )
            .exclude(reporter_phone="")
            .order_by("pk")
        )
        if not reports:
            return 0
        for report in reports:
            outbound_enqueue(
                provider=report.channel,
                to=report.reporter_phone,
                text=_text(stage, report, incident),
            )
        Report.objects.filter(pk__in=[r.pk for r in reports]).update(**{field: timezone.now()})
        data = {"stage": stage, "report_ids": [r.pk for r in reports]}
        append_events(
            incident=reload(incident),
            actor=MESSAGES,
            entries=[(EventType.REPORTER_NOTIFIED, data)],
        )
    return len(reports)


def rating_in(text: str) -> int | None:
    match = RATING_REPLY.match(text)
    return int(match.group(1)) if match else None


def report_awaiting_rating(*, phone: str, provider: str) -> Report | None:
    """The sender's report told of its resolution lately and not rated yet."""
    since = timezone.now() - RATING_WINDOW
    return (
        Report.objects.select_related("incident")
        .filter(
            reporter_phone=phone,
            channel=provider,
            resolve_notified_at__gte=since,
            rating__isnull=True,
        )
        .order_by("-resolve_notified_at", "-pk")
        .first()
    )


def rating_received(*, report: Report, rating: int, provider: str) -> tuple[str, str]:
    """The reply and outcome of a rating by message."""
    try:
        dispatch_services.report_rate(report=report, rating=rating, via=provider, actor=MESSAGES)
    except dispatch_services.ServiceError as exc:
        return f"{exc.message}", "rating_refused"
    # English: "thank you for your rating (N/5) of report X".
    return (
        f"Terima kasih atas penilaian Anda ({rating}/5) untuk laporan {report.tracking_code}.",
        "rated",
    )


def stage_of(event: IncidentEvent) -> str:
    if event.type == EventType.CLAIMED:
        return CLAIMED
    status = (event.data.get("incident") or {}).get("status")
    if event.type == EventType.STATUS_CHANGED and status == Status.RESOLVED:
        return RESOLVED
    return ""


def events_appended(sender: Any, events: list[IncidentEvent], **kwargs: Any) -> None:
    """dispatch's `events_appended`: a claim or a resolution reaches the reporters
    after commit (a task), so the change never waits for the outbox."""
    for event in events:
        stage = stage_of(event)
        if stage and event.incident_id is not None:
            transaction.on_commit(
                lambda pk=event.incident_id, s=stage: _enqueue(pk, s), robust=True
            )


def _enqueue(incident_id: int, stage: str) -> None:
    from interop.tasks import reporters_notify_task

    try:
        reporters_notify_task.delay(incident_id, stage)
    except Exception:
        logger.warning("could not enqueue reporter updates of %s", incident_id, exc_info=True)
