"""The reporter's word on how it went: a rating of 1 to 5 once their incident is
resolved (as SP4N-LAPOR! asks), by a reply to the resolution message (SMS,
WhatsApp) or on the tracking page (the web form). Each rating is a
`reporter.rated` event in the incident's log.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dispatch.models import EventType, Report, Status
from dispatch.services.access import Conflict, ServiceError
from dispatch.services.events import append_events, reload

RATABLE_STATUSES = (Status.RESOLVED, Status.CLOSED)
RATINGS = range(1, 6)


def report_may_rate(*, report: Report) -> bool:
    incident = report.incident
    return report.rating is None and incident is not None and incident.status in RATABLE_STATUSES


def report_rate(*, report: Report, rating: int, via: str, actor: Any = None) -> Report:
    """Record the reporter's rating, once. `via`: the channel it came by."""
    if rating not in RATINGS:
        raise ServiceError(_("Give a rating from 1 to 5."))
    with transaction.atomic():
        locked = (
            Report.objects.select_for_update(of=("self",))
            .select_related("incident")
            .get(pk=report.pk)
        )
        if locked.rating is not None:
            raise Conflict(_("This report has been rated already."))
        if not report_may_rate(report=locked):
            raise Conflict(_("A report can be rated once its incident is resolved."))
        locked.rating, locked.rated_at = rating, timezone.now()
        locked.save(update_fields=["rating", "rated_at"])
        assert locked.incident is not None
        data = {"report_id": locked.pk, "rating": rating, "via": via}
        append_events(
            incident=reload(locked.incident),
            actor=actor,
            entries=[(EventType.REPORTER_RATED, data)],
        )
    return locked
