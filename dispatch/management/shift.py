"""The demo's incidents as a shift under way, not a wall of overdue alarms.

`seed_demo` submits a profile's sample calls all at once; left like that every one
is "new" and opened this minute, and the P1s are overdue two minutes after
`make run`. Here the incidents are played through the real services (dispositions,
claims, status changes, each an event as in production) and then dated back over
the last four hours, as a shift would have left them:

- a few are waiting to be claimed, each well inside its claim deadline: the
  newest P1 came in a minute ago, complaints some minutes before;
- the rest were opened earlier, the oldest first: handled long ago (resolved),
  on the scene, on the way, or just claimed, by how long ago they came in.

Nothing is left overdue at seeding, and no claim is old enough for the watchdog to
release it (SLA_STALE_CLAIM_MINUTES); the fresh P1 is the one alarm of the start.
Only demo data is dated back, and only here: the services never write a past time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from dispatch import routing, services
from dispatch.models import (
    EventType,
    Incident,
    IncidentEvent,
    Priority,
    Report,
    Staff,
    StaffRole,
    Status,
)

# The handled incidents are spread from OLDEST minutes ago to NEWEST.
OLDEST, NEWEST = 240, 5
# Minutes from its opening to each step of an incident.
STEP_AT = {"disposed": 1, "claimed": 2, "en_route": 5, "on_scene": 15, "resolved": 60}
# Waiting to be claimed: how long ago each priority came in (inside its claim deadline).
WAITING_AGO = {Priority.P1: [1], Priority.P2: [4], Priority.P3: [12, 30], Priority.P4: [20, 55]}
RESOLUTION_NOTE = "Selesai ditangani petugas di lokasi; pelapor sudah dihubungi."


@dataclass
class Plan:
    incident: Incident
    ago: int  # minutes since it was opened
    status: str  # where it is now


def status_for(ago: int) -> str:
    """By how long ago it came in: handled, on scene, on the way, or just claimed."""
    if ago >= 150:
        return Status.RESOLVED
    if ago >= 45:
        return Status.ON_SCENE
    if ago >= 12:
        return Status.EN_ROUTE
    return Status.CLAIMED


def shift_plan(incidents: list[Incident]) -> list[Plan]:
    """Which incidents wait and which were handled, and when each came in."""
    handleable = [i for i in incidents if i.lead_agency_id or i.awaiting_disposition]
    waiting = [i for i in incidents if i not in handleable]  # nobody to claim them
    fresh_p1 = next((i for i in reversed(handleable) if i.priority == Priority.P1), None)
    if fresh_p1 is not None:
        waiting.append(fresh_p1)
    # The least urgent wait too, up to a quarter of the shift (at least one waits).
    calm = sorted(
        (i for i in handleable if i not in waiting and i.priority in (Priority.P3, Priority.P4)),
        key=lambda i: (i.priority, -i.pk),
        reverse=True,
    )
    while calm and len(waiting) < max(1, len(incidents) // 4):
        waiting.append(calm.pop(0))
    plans = [Plan(i, _waiting_ago(i, waiting), Status.NEW) for i in waiting]
    handled = [i for i in incidents if i not in waiting]
    for index, incident in enumerate(handled):
        share = index / max(1, len(handled) - 1)
        ago = round(OLDEST - share * (OLDEST - NEWEST))
        plans.append(Plan(incident, ago, status_for(ago)))
    return plans


def _waiting_ago(incident: Incident, waiting: list[Incident]) -> int:
    same = [i for i in waiting if i.priority == incident.priority]
    choices = WAITING_AGO.get(incident.priority, [1])
    return choices[min(same.index(incident), len(choices) - 1)]


# --- playing it through the services ------------------------------------------------------


def shift_play(*, incidents: list[Incident], now: datetime | None = None) -> list[Plan]:
    """Move each incident to its planned state, then date it back (see the module)."""
    now = now or timezone.now()
    plans = shift_plan(incidents)
    for plan in plans:
        if plan.status != Status.NEW:
            _handle(plan)
    with transaction.atomic():
        for plan in plans:
            _date_back(plan, now - timedelta(minutes=plan.ago))
    return plans


def _desk(role: str) -> Any:
    return get_user_model().objects.filter(staff__role=role).order_by("pk").first()


def _crew(incident: Incident) -> Any:
    """Who acts for the lead agency: its own staff, or the desk on its behalf."""
    staff = Staff.objects.filter(agency_id=incident.lead_agency_id, role=StaffRole.AGENCY)
    member = staff.select_related("user").order_by("pk").first()
    return member.user if member else _desk(StaffRole.DISPATCHER)


def _handle(plan: Plan) -> None:
    incident = plan.incident
    if incident.awaiting_disposition:
        note = "Diteruskan sesuai disposisi."
        incident = services.incident_dispose(
            incident=incident, user=_desk(StaffRole.SUPERVISOR), note=note
        )
    if incident.lead_agency_id is None:
        plan.status = Status.NEW  # routed nowhere: it waits for the desk
        return
    crew = _crew(incident)
    incident = services.incident_claim(incident=incident, user=crew, agency=incident.lead_agency)
    for step in (Status.EN_ROUTE, Status.ON_SCENE, Status.RESOLVED):
        if _order(step) > _order(plan.status):
            break
        note = RESOLUTION_NOTE if step == Status.RESOLVED else ""
        incident = services.incident_set_status(
            incident=incident, user=crew, status=step, note=note
        )
    plan.incident = incident


def _order(status: str) -> int:
    return [Status.NEW, Status.CLAIMED, Status.EN_ROUTE, Status.ON_SCENE, Status.RESOLVED].index(
        status
    )


# --- dating it back -----------------------------------------------------------------------


def _step_of(event: IncidentEvent) -> str | None:
    if event.type == EventType.DISPOSED:
        return "disposed"
    if event.type == EventType.CLAIMED:
        return "claimed"
    if event.type == EventType.STATUS_CHANGED:
        return (event.data.get("incident") or {}).get("status")
    return None


def _date_back(plan: Plan, opened: datetime) -> None:
    incident = Incident.objects.get(pk=plan.incident.pk)
    at = {step: opened + timedelta(minutes=m) for step, m in STEP_AT.items()}
    times = {
        "created_at": opened,
        "claim_deadline": routing.claim_deadline(priority=incident.priority, start=opened),
        "resolve_deadline": routing.resolve_deadline(
            priority=incident.priority, category=incident.category, start=opened
        ),
        "claimed_at": at["claimed"] if incident.claimed_at else None,
        "resolved_at": at["resolved"] if incident.resolved_at else None,
    }
    last = opened
    events = list(IncidentEvent.objects.filter(incident=incident).order_by("pk"))
    for index, event in enumerate(events):
        step = _step_of(event)
        when = at.get(step, opened + timedelta(seconds=index)) if step else opened
        when = max(when, opened + timedelta(seconds=index))
        last = max(last, when)
        event.created_at = when
        event.data = {**event.data, "incident": _dated(event.data.get("incident"), times, when)}
    IncidentEvent.objects.bulk_update(events, ["created_at", "data"])
    Incident.objects.filter(pk=incident.pk).update(**times, updated_at=last)
    Report.objects.filter(incident=incident).update(received_at=opened, processed_at=opened)


def _dated(payload: dict[str, Any] | None, times: dict[str, Any], when: datetime) -> Any:
    """An event's copy of the incident with the same times as the row."""
    if not payload:
        return payload
    dated = {**payload, "updated_at": when.isoformat()}
    for name, value in times.items():
        if payload.get(name) is not None or name in ("created_at", "claim_deadline"):
            dated[name] = value.isoformat() if value else None
    return dated
