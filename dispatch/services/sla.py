"""The SLA watchdog: what is overdue is escalated; claims nobody acted on go back."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from dispatch import selectors
from dispatch.models import OPEN_STATUSES, EventType, Incident, Status
from dispatch.roles import WATCHDOG
from dispatch.services.events import append_events, lock, reload, save
from dispatch.services.incidents import release_locked

# Incidents handled per run: a backlog is worked through over several runs rather
# than holding one run (and its locks) for minutes.
PER_RUN = 200


def incident_escalate(*, incident: Incident, reason: str, now: datetime | None = None) -> None:
    """Mark an overdue incident for supervisors."""
    with transaction.atomic():
        incident = lock(incident.pk)
        if incident.status not in OPEN_STATUSES or incident.escalated_at is not None:
            return
        incident.escalated_at = now or timezone.now()
        save(incident, ["escalated_at"])
        incident = reload(incident)
        escalated = {"reason": reason}
        append_events(incident=incident, actor=WATCHDOG, entries=[(EventType.ESCALATED, escalated)])


def incidents_escalate_overdue(*, now: datetime) -> int:
    """SLA watchdog: escalate what is overdue, release claims nobody acted on."""
    count = 0
    for incident in selectors.incidents_overdue(now=now)[:PER_RUN]:
        unclaimed = (
            incident.status == Status.NEW
            and incident.claim_deadline
            and incident.claim_deadline < now
        )
        reason = "claim_deadline_passed" if unclaimed else "resolve_deadline_passed"
        incident_escalate(incident=incident, reason=reason, now=now)
        count += 1
    for incident in selectors.stale_claims(now=now)[:PER_RUN]:
        incident_release_stale(incident=incident)
        count += 1
    return count


def incident_release_stale(*, incident: Incident) -> None:
    """A claim with no movement in time goes back to the queue for re-routing."""
    with transaction.atomic():
        incident = lock(incident.pk)
        if incident.status != Status.CLAIMED:
            return
        release_locked(incident=incident, actor=WATCHDOG, data={"reason": "stale_claim"})
