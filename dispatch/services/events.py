"""The event log and the incident rows every service writes.

Each service is one transaction that appends IncidentEvent rows and publishes
them after commit through `realtime.publish_on_commit`, the only publisher.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _

import realtime
from dispatch import selectors
from dispatch.models import Incident, IncidentEvent
from dispatch.projections import incident_payload, on_public_map, visible_agency_ids
from dispatch.roles import SystemActor
from dispatch.services.access import ServiceError
from dispatch.signals import events_appended

# Any constant works; it only has to be the same for every writer of the log.
EVENT_LOG_LOCK = 0x112D15A7

Entries = Iterable[tuple[str, dict[str, Any]]]


def _lock_event_log() -> None:
    """Serialize event appends until commit, so ids commit in increasing order.

    Ids come from a sequence at insert time. Without this lock two transactions
    could commit ids 101 and 100 in that order, and a reader resuming "after 101"
    would never see 100. The advisory lock is transaction-scoped: held from the
    first append to commit. SQLite writers are serialized already.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [EVENT_LOG_LOCK])


def _actor_fields(actor: Any) -> dict[str, Any]:
    if isinstance(actor, SystemActor):
        return {"actor_id": None, "system_actor": actor.name}
    if actor is not None and actor.is_authenticated:
        return {"actor_id": actor.pk, "system_actor": ""}
    return {"actor_id": None, "system_actor": ""}


def append_events(
    *, incident: Incident | None, actor: Any, entries: Entries, also_to: Iterable[int] = ()
) -> list[IncidentEvent]:
    """Append events for one incident, carrying its state after this transaction.

    `also_to`: agencies that must hear of these events besides the incident's own
    (the agency of a unit; the only audience of an event with no incident).
    Call it last in a service, after every row lock is taken: taking the log lock
    before a row lock could deadlock against a writer holding that row.
    """
    assert transaction.get_connection().in_atomic_block, "events are appended in a transaction"
    _lock_event_log()
    payload = incident_payload(incident) if incident is not None else None
    agency_ids = set(visible_agency_ids(payload) if payload else []) | set(also_to)
    withdrawn = payload is not None and _leaves_public_map(incident, payload)
    who = _actor_fields(actor)
    events = []
    for event_type, data in entries:
        body = dict(data)
        if payload is not None:
            body["incident"] = payload
        if withdrawn:
            body["public_withdrawn"] = True  # projections.public_event
        if payload is not None or agency_ids:
            # Agencies that saw the incident before this change must hear of it too.
            body["agency_ids"] = sorted(agency_ids | set(body.pop("previous_agency_ids", [])))
        event = IncidentEvent.objects.create(type=event_type, incident=incident, data=body, **who)
        realtime.publish_on_commit(event)
        events.append(event)
    events_appended.send(sender=IncidentEvent, events=events)
    return events


def _leaves_public_map(incident: Incident, payload: dict[str, Any]) -> bool:
    """Whether this change takes the incident off the public map (a call revealed a
    victim, DP3A joined): open public screens must drop it. Written into the event,
    so the live stream and a resume from the log say the same; only an incident that
    was public gets it, so one never shown leaks not even its id."""
    if on_public_map(payload):
        return False
    before = (
        IncidentEvent.objects.filter(incident=incident)
        .order_by("-pk")
        .values_list("data__incident", flat=True)
        .first()
    )
    return bool(before) and on_public_map(before)


def reload(incident: Incident) -> Incident:
    """The incident with the relations its payload needs, read inside the transaction."""
    return selectors.incident_get(pk=incident.pk)


def lock(incident_id: int) -> Incident:
    try:
        return Incident.objects.select_for_update().get(pk=incident_id)
    except Incident.DoesNotExist:
        raise ServiceError(_("Incident not found.")) from None


def save(incident: Incident, fields: list[str]) -> None:
    """Save these fields and bump the version that clients and conditional updates compare."""
    incident.version = F("version") + 1
    incident.save(update_fields=[*fields, "version", "updated_at"])
