"""Reads behind the resume protocol: a snapshot, or the events a client missed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dispatch import projections, selectors
from realtime.events import dumps
from units.projections import positions_of, units_snapshot

# A client further behind than this gets a snapshot instead of a replay.
MAX_REPLAY = 1000
# Incidents per snapshot frame: ~0.6 KB each keeps a frame well under 1 MiB.
SNAPSHOT_PART = 500


@dataclass(frozen=True)
class Audience:
    """Who a socket belongs to: "dispatch", "agency" (with its agency) or "public"."""

    kind: str
    agency_id: int | None = None
    user_id: int | None = None


@dataclass(frozen=True)
class Resume:
    snapshot: dict[str, Any] | None
    events: list[dict[str, Any]]
    last_event_id: int
    # Staff: the units' positions now. Positions are not in the log (units/services/
    # positions.py), so a replay alone would leave the units where they were.
    positions: list[dict[str, Any]] = field(default_factory=list)


def project(audience: Audience, message: dict[str, Any]) -> dict[str, Any] | None:
    """The message as this audience may see it, or None when it is not theirs."""
    if audience.kind == "public":
        return projections.public_event(message)
    agency_ids = message.get("data", {}).get("agency_ids", [])
    if audience.kind == "agency" and audience.agency_id not in agency_ids:
        return None
    return projections.staff_event(message)


def snapshot(audience: Audience) -> dict[str, Any]:
    """The incidents of the audience, and for staff the units: all for the desk, an
    agency's own (read after the position, so at least as new as it)."""
    body = projections.snapshot(kind=audience.kind, agency_id=audience.agency_id)
    if audience.kind != "public":
        body["units"] = units_snapshot(agency_id=audience.agency_id)
    return body


def snapshot_parts(body: dict[str, Any]) -> list[str]:
    """The snapshot as frames: a websocket frame above 1 MiB is refused by daphne,
    and a flood day can hold thousands of incidents. The first frame is the
    `snapshot` of the contract; `snapshot_more` frames add the rest."""
    incidents = body["incidents"]
    first, rest = incidents[:SNAPSHOT_PART], incidents[SNAPSHOT_PART:]
    frames = [dumps({**body, "incidents": first, "more": bool(rest)})]
    for start in range(0, len(rest), SNAPSHOT_PART):
        part = rest[start : start + SNAPSHOT_PART]
        more = start + SNAPSHOT_PART < len(rest)
        frames.append(dumps({"type": "snapshot_more", "incidents": part, "more": more}))
    return frames


def resume(audience: Audience, after: int | None) -> Resume:
    if after is None or after < 0:
        return _from_snapshot(audience)
    rows = selectors.events_scanned_after(after=after, limit=MAX_REPLAY + 1)
    if len(rows) > MAX_REPLAY:
        return _from_snapshot(audience)
    messages = (projections.event_message(e) for e in rows)
    events = [m for m in (project(audience, m) for m in messages) if m is not None]
    last = rows[-1].pk if rows else max(after, 0)
    if not rows and after > 0:
        # A client ahead of the log (a restored database, a stale tab) starts afresh.
        latest = selectors.latest_event_id()
        if after > latest:
            return _from_snapshot(audience)
    positions = [] if audience.kind == "public" else positions_of(agency_id=audience.agency_id)
    return Resume(snapshot=None, events=events, last_event_id=last, positions=positions)


def _from_snapshot(audience: Audience) -> Resume:
    body = snapshot(audience)
    return Resume(snapshot=body, events=[], last_event_id=body["last_event_id"])
