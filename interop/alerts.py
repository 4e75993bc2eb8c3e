"""Alerts to people: duty officers hear of a P1/P2 routed to their agency, or of a
deadline breached, by SMS or WhatsApp through the outbox (retries, delivery
status); nobody acting makes the alert climb the chain (officer, head of agency,
supervisor) at the times of ALERT_CHAIN_MINUTES.

An alert stops when someone acknowledges it (a reply `SIAP <kejadian> <PIN>`, the
board's `POST /api/alerts/<id>/ack/`) or when what it asked for happened: the
incident claimed, closed or routed away. Every message sent and every stop is an
event in the incident's log (`alert.sent`, `alert.acknowledged`).

Who is alerted: the lead agency (every routed agency while there is no lead),
because only the lead may claim, and claiming is what the alert asks for.
Public names are importable from interop.services.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from dispatch import selectors as dispatch_selectors
from dispatch.models import OPEN_STATUSES, EventType, Incident, IncidentEvent, Priority, Status
from dispatch.roles import ALERTS, Role, role_of
from dispatch.services import NotAllowed
from dispatch.services.events import append_events, lock, reload
from interop import roster, selectors
from interop.models import Alert, AlertDelivery, AlertReason, AlertState, DutyRole
from interop.outbox import outbound_enqueue

logger = logging.getLogger(__name__)

PER_RUN = 200
# How far back the sweep looks for incidents whose alert was never raised (a lost
# task): older ones have been seen by people on the screens long since.
CATCH_UP = timedelta(hours=1)
# Events after which an incident's alerts are looked at: raised, stopped.
TRIGGERS = frozenset(
    {
        EventType.OPENED,
        EventType.ASSIGNED,
        EventType.REPRIORITIZED,
        EventType.ESCALATED,
        EventType.CLAIMED,
        EventType.RELEASED,
        EventType.STATUS_CHANGED,
        EventType.CANCELLED,
        EventType.MERGED,
    }
)
ESCALATION_REASONS = {
    "claim_deadline_passed": AlertReason.CLAIM_DEADLINE,
    "resolve_deadline_passed": AlertReason.RESOLVE_DEADLINE,
}


# --- raising ---------------------------------------------------------------------


def _alerted_agency_ids(incident: Incident) -> list[int]:
    if incident.lead_agency_id is not None:
        return [incident.lead_agency_id]
    return dispatch_selectors.assigned_agency_ids(incident_id=incident.pk)


def _wanted(incident: Incident) -> list[str]:
    """The reasons this incident has to alert its agency now."""
    if incident.status not in OPEN_STATUSES or incident.awaiting_disposition:
        return []
    if not roster.chain_for(incident.priority):
        return []
    reasons = []
    if incident.status == Status.NEW and incident.priority in _on_routed():
        reasons.append(AlertReason.ROUTED)
    if incident.escalated_at is not None:
        logged = IncidentEvent.objects.filter(incident=incident, type=EventType.ESCALATED)
        for why in logged.values_list("data__reason", flat=True):
            reason = ESCALATION_REASONS.get(why)
            if reason and not _settled_by(reason, incident):
                reasons.append(reason)
    return reasons


def _on_routed() -> list[str]:
    return list(settings.ALERT_ON_ROUTED)


def alerts_raise(*, incident_id: int, now: datetime) -> list[Alert]:
    """Raise the alerts an incident calls for (once each) and send their first step."""
    if not roster.roster_exists():
        return []
    incident = Incident.objects.filter(pk=incident_id).first()
    if incident is None:
        return []
    raised = []
    for reason in _wanted(incident):
        for agency_id in _alerted_agency_ids(incident):
            alert = _alert_open(incident=incident, agency_id=agency_id, reason=reason, now=now)
            if alert is not None:
                raised.append(alert)
                alert_step(alert_id=alert.pk, now=now)
    return raised


def _alert_open(*, incident: Incident, agency_id: int, reason: str, now: datetime) -> Alert | None:
    """A new alert, or None when it was raised already (by the hook or the sweep)."""
    try:
        with transaction.atomic():
            return Alert.objects.create(
                incident=incident,
                agency_id=agency_id,
                reason=reason,
                priority=incident.priority,
                created_at=now,
                next_at=now,
            )
    except IntegrityError:
        pass
    # A claim stopped it, and the claim was released (by its agency, or by the watchdog
    # as stale): the incident waits again, so the chain starts again from the officer.
    again = Alert.objects.filter(
        incident=incident, agency_id=agency_id, reason=reason, state=AlertState.STOPPED
    ).filter(ack_via="claim")
    if not again.update(
        state=AlertState.OPEN,
        level=-1,
        priority=incident.priority,
        created_at=now,
        next_at=now,
        ack_via="",
        acknowledged_at=None,
        acknowledged_by=None,
    ):
        return None
    return Alert.objects.get(incident=incident, agency_id=agency_id, reason=reason)


# --- climbing ---------------------------------------------------------------------


def _settled_by(reason: str, incident: Incident) -> str:
    """Why what the alert asked for happened ('' when it has not)."""
    if incident.status not in OPEN_STATUSES:
        return "closed"
    if reason != AlertReason.RESOLVE_DEADLINE and incident.status != Status.NEW:
        return "claim"
    return ""


def _settled(alert: Alert, incident: Incident) -> str:
    settled = _settled_by(alert.reason, incident)
    if settled:
        return settled
    # The alert goes to the agency that has to claim: the lead, once there is one.
    if alert.agency_id not in _alerted_agency_ids(incident):
        return "reassigned"
    return ""


def alert_step(*, alert_id: int, now: datetime) -> Alert:
    """Look at one open alert: stop it if it is settled, send what quiet hours held and
    climb to every step of the chain that is due."""
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert_id)
        if alert.state != AlertState.OPEN:
            return alert
        incident = lock(alert.incident_id)
        settled = _settled(alert, incident)
        if settled:
            return _close(alert, incident, AlertState.STOPPED, via=settled, user=None, now=now)
        entries = _release_held(alert, incident, now) + _climb(alert, incident, now)
        alert.next_at = _next_at(alert)
        alert.save(update_fields=["level", "next_at"])
        if entries:
            append_events(incident=reload(incident), actor=ALERTS, entries=entries)
    return alert


def _climb(alert: Alert, incident: Incident, now: datetime) -> list[tuple[str, dict[str, Any]]]:
    entries = []
    # A step with nobody on duty hands on to the next one at once.
    hand_on = False
    for index, (role, minutes) in enumerate(roster.chain_for(alert.priority)):
        if index <= alert.level:
            continue
        if not hand_on and alert.created_at + timedelta(minutes=minutes) > now:
            break
        deliveries = _send_step(alert, incident, role, now)
        alert.level = index
        hand_on = not deliveries
        if deliveries:
            entries.append((EventType.ALERT_SENT, _sent(alert, role, deliveries)))
        else:
            logger.warning(
                "alert %s: nobody on duty as %s of agency %s", alert.pk, role, alert.agency_id
            )
    return entries


def _send_step(alert: Alert, incident: Incident, role: str, now: datetime) -> list[AlertDelivery]:
    text = alert_text(alert=alert, incident=incident, role=role)
    deliveries = []
    for person in roster.on_duty(agency_id=alert.agency_id, role=role, now=now):
        held = None if alert.priority in roster.QUIET_EXEMPT else roster.quiet_until(person, now)
        delivery = AlertDelivery(
            alert=alert,
            roster=person,
            role=role,
            name=person.name,
            to=person.phone,
            channel=person.channel,
            created_at=now,
            held_until=held,
        )
        if held is None:
            delivery.outbound = outbound_enqueue(
                provider=person.channel, to=person.phone, text=text
            )
        delivery.save()
        deliveries.append(delivery)
    return deliveries


def _release_held(
    alert: Alert, incident: Incident, now: datetime
) -> list[tuple[str, dict[str, Any]]]:
    """Messages whose person's quiet hours are over go out now."""
    due = list(alert.deliveries.filter(outbound__isnull=True, held_until__lte=now))
    for delivery in due:
        text = alert_text(alert=alert, incident=incident, role=delivery.role)
        delivery.outbound = outbound_enqueue(provider=delivery.channel, to=delivery.to, text=text)
        delivery.save(update_fields=["outbound"])
    by_role: dict[str, list[AlertDelivery]] = {}
    for delivery in due:
        by_role.setdefault(delivery.role, []).append(delivery)
    return [(EventType.ALERT_SENT, _sent(alert, role, sent)) for role, sent in by_role.items()]


def _next_at(alert: Alert) -> datetime | None:
    """When the alert must be looked at again: its next step, or a held message."""
    candidates = []
    chain = roster.chain_for(alert.priority)
    if alert.level + 1 < len(chain):
        candidates.append(alert.created_at + timedelta(minutes=chain[alert.level + 1][1]))
    held = alert.deliveries.filter(outbound__isnull=True, held_until__isnull=False)
    first_held = held.order_by("held_until").values_list("held_until", flat=True).first()
    if first_held is not None:
        candidates.append(first_held)
    return min(candidates) if candidates else None


def _alert_data(alert: Alert) -> dict[str, Any]:
    return {
        "id": alert.pk,
        "agency_id": alert.agency_id,
        "reason": alert.reason,
        "priority": alert.priority,
        "level": alert.level,
        "state": alert.state,
    }


def _sent(alert: Alert, role: str, deliveries: list[AlertDelivery]) -> dict[str, Any]:
    # Names and channels, never phone numbers: staff screens read the log.
    recipients = [
        {"name": d.name, "channel": d.channel, "held": d.outbound_id is None} for d in deliveries
    ]
    return {"alert": _alert_data(alert), "role": role, "recipients": recipients}


def alert_text(*, alert: Alert, incident: Incident, role: str) -> str:
    """The message, in Bahasa Indonesia like every reply, with how to answer it."""
    title = {
        AlertReason.ROUTED: "PERINGATAN 112",  # "112 alert"
        AlertReason.CLAIM_DEADLINE: "BATAS WAKTU KLAIM TERLEWATI",  # "claim deadline passed"
        AlertReason.RESOLVE_DEADLINE: "BATAS WAKTU PENANGANAN TERLEWATI",
    }[alert.reason]
    # "not yet answered by the duty officer" on the steps above the first.
    climbed = " Belum ditanggapi petugas jaga." if role != DutyRole.OFFICER else ""
    # "for <agency>; reply SIAP <n> <PIN> to acknowledge, or TERIMA <n> <PIN> to claim".
    return (
        f"[{title}] {selectors.incident_summary(incident)}{climbed} "
        f"Untuk {alert.agency.name}. Balas SIAP {incident.pk} <PIN> untuk konfirmasi, "
        f"atau TERIMA {incident.pk} <PIN> untuk mengklaim."
    )


# --- acknowledging and stopping --------------------------------------------------


def _close(
    alert: Alert, incident: Incident, state: str, *, via: str, user: Any, now: datetime
) -> Alert:
    """End the chain (the alert and incident rows are locked) and log who ended it."""
    alert.state, alert.ack_via, alert.next_at = state, via, None
    alert.acknowledged_at = now
    alert.acknowledged_by = user if getattr(user, "is_authenticated", False) else None
    alert.save(update_fields=["state", "ack_via", "next_at", "acknowledged_at", "acknowledged_by"])
    name = (user.get_full_name() or user.get_username()) if alert.acknowledged_by else ""
    entry = {"alert": _alert_data(alert), "via": via, "by": name}
    actor = user if alert.acknowledged_by else ALERTS
    append_events(
        incident=reload(incident), actor=actor, entries=[(EventType.ALERT_ACKNOWLEDGED, entry)]
    )
    return alert


def _may_acknowledge(user: Any, alert: Alert) -> bool:
    role = role_of(user)
    if role in (Role.DISPATCHER, Role.SUPERVISOR):
        return True
    if role == Role.AGENCY and user.staff.agency_id == alert.agency_id:
        return True
    # A person on the roster who was sent it (a head of agency, say).
    return alert.deliveries.filter(roster__user_id=getattr(user, "pk", None)).exists()


def alert_acknowledge(*, alert: Alert, user: Any, now: datetime, via: str = "board") -> Alert:
    """Someone has it: the chain stops. Acknowledging twice changes nothing."""
    if not getattr(user, "is_authenticated", False) or not _may_acknowledge(user, alert):
        raise NotAllowed(_("This alert is not for you."))
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert.pk)
        if alert.state != AlertState.OPEN:
            return alert
        incident = lock(alert.incident_id)
        return _close(alert, incident, AlertState.ACKNOWLEDGED, via=via, user=user, now=now)


def alerts_acknowledge_by_reply(*, incident: Incident, user: Any, phone: str, now: datetime) -> int:
    """`SIAP <kejadian> <PIN>` from a person the alert was sent to (by number or by
    account): their open alerts of this incident stop. How many did."""
    sent_to = Q(to=phone) | Q(roster__user_id=user.pk)
    mine = Alert.objects.filter(
        Exists(AlertDelivery.objects.filter(sent_to, alert=OuterRef("pk"))),
        incident=incident,
        state=AlertState.OPEN,
    )
    count = 0
    for alert in mine:
        with transaction.atomic():
            alert = Alert.objects.select_for_update().get(pk=alert.pk)
            if alert.state != AlertState.OPEN:
                continue
            locked = lock(alert.incident_id)
            _close(alert, locked, AlertState.ACKNOWLEDGED, via="reply", user=user, now=now)
            count += 1
    return count


# --- the sweep and the hook --------------------------------------------------------


def alerts_check_incident(*, incident_id: int, now: datetime) -> int:
    """After a change of an incident: raise what it calls for, stop what it settled."""
    if not roster.roster_exists():
        return 0
    raised = alerts_raise(incident_id=incident_id, now=now)
    # Those just raised had their step already, at this same `now`: a second look
    # would find nothing due and cost each P1 its queries again in the worker.
    stepped = [alert.pk for alert in raised]
    open_ids = Alert.objects.filter(incident_id=incident_id, state=AlertState.OPEN)
    for alert_id in open_ids.exclude(pk__in=stepped).values_list("pk", flat=True):
        alert_step(alert_id=alert_id, now=now)
    return len(raised)


def alerts_escalate_due(*, now: datetime) -> int:
    """The escalation (celery beat, or `make run`'s scheduler): every open alert whose
    next step is due climbs; incidents whose alert was never raised get it."""
    if not roster.roster_exists():
        return 0
    count = 0
    for incident_id in _unalerted(now)[:PER_RUN]:
        count += len(alerts_raise(incident_id=incident_id, now=now))
    due = Alert.objects.filter(state=AlertState.OPEN, next_at__lte=now).order_by("next_at")
    for alert_id in due.values_list("pk", flat=True)[:PER_RUN]:
        alert_step(alert_id=alert_id, now=now)
        count += 1
    return count


def _unalerted(now: datetime) -> Any:
    """Recent incidents that call for an alert and have none (the task that should have
    raised it was lost with the broker)."""
    recent = Incident.objects.filter(
        status__in=OPEN_STATUSES,
        awaiting_disposition=False,
        priority__in=list(settings.ALERT_CHAIN_MINUTES),
        updated_at__gte=now - CATCH_UP,
    )
    routed = Q(status=Status.NEW, priority__in=_on_routed()) & ~Exists(
        Alert.objects.filter(incident=OuterRef("pk"), reason=AlertReason.ROUTED)
    )
    breached = Q(escalated_at__isnull=False) & ~Exists(
        Alert.objects.filter(incident=OuterRef("pk")).exclude(reason=AlertReason.ROUTED)
    )
    return recent.filter(routed | breached).values_list("pk", flat=True).order_by("pk")


def events_appended(sender: Any, events: list[IncidentEvent], **kwargs: Any) -> None:
    """dispatch's `events_appended`: after commit, look at the incidents' alerts.

    dispatch never imports interop; this is how a P1 routed (or a claim) reaches the
    alerts within the second rather than at the next sweep. The signal comes after
    the events' publish is queued, so the screens hear of a change before the alert
    it leads to (embedded, the task runs inline in the commit hooks)."""
    priorities: dict[int, str] = {}
    for event in events:
        if event.type not in TRIGGERS or event.incident_id is None:
            continue
        # Priorities only rise: an incident whose priority has no chain has no alert
        # to raise or stop (most complaints), and costs no task.
        priority = (event.data.get("incident") or {}).get("priority")
        if priority in settings.ALERT_CHAIN_MINUTES:
            priorities[event.incident_id] = priority
    for incident_id, priority in priorities.items():
        urgent = priority == Priority.P1
        transaction.on_commit(
            lambda pk=incident_id, urgent=urgent: _enqueue_check(pk, urgent=urgent), robust=True
        )


def _enqueue_check(incident_id: int, *, urgent: bool) -> None:
    from interop.tasks import alerts_check_incident_task

    # A P1's alert jumps the queue like its triage did (settings.URGENT_TASK_PRIORITY).
    options = {"priority": settings.URGENT_TASK_PRIORITY} if urgent else {}
    try:
        alerts_check_incident_task.apply_async((incident_id,), **options)
    except Exception:
        # Broker down: the sweep raises and stops alerts at its next run.
        logger.warning("could not enqueue the alerts of incident %s", incident_id, exc_info=True)
