"""No screen is shown an incident or a unit going back to an older state.

The events of one incident commit in order (triage and the desk lock its row), but
each is published after its commit by the process that wrote it. Two Celery
workers publish on their own: the channel layer can bring event 101 before 100,
and the hub's repair relays from the log what the layer brings late. The hub still
relays the late event (it happened: the console logs it, an alert sounds for it),
but with the newer state it has relayed already, so its frame never takes a screen
back. The browser would drop the older state anyway (client.js `applyEvent` keeps
the newest version); this keeps the promise for every client, and for the public
map's coalescing, which keeps the last state it was handed.
"""

from __future__ import annotations

from typing import Any

# (what, id): ("incident", 7) or ("unit", 3); the state's event id and the state.
Key = tuple[str, int]


class NewestStates:
    def __init__(self) -> None:
        self.newest: dict[Key, tuple[int, dict[str, Any]]] = {}

    def message_to_relay(self, message: dict[str, Any]) -> dict[str, Any]:
        """The message, with the newest relayed state of its incident and unit."""
        event_id = message["id"]
        incident = message.get("incident")
        if incident is not None:
            newer = self._newer(("incident", incident["id"]), event_id, incident)
            if newer is not None:
                message = {**message, "incident": newer}
        data = message.get("data") or {}
        unit = data.get("unit")
        if isinstance(unit, dict) and "id" in unit:
            newer = self._newer(("unit", unit["id"]), event_id, unit)
            if newer is not None:
                message = {**message, "data": {**data, "unit": newer}}
        return message

    def _newer(self, key: Key, event_id: int, state: dict[str, Any]) -> dict[str, Any] | None:
        """A newer state than this event's, if one was relayed; else remember this one."""
        known = self.newest.get(key)
        if known is not None and known[0] > event_id:
            return known[1]
        self.newest[key] = (event_id, state)
        return None

    def forget_through(self, position: int) -> None:
        """Every event up to `position` was relayed, and the hub relays none of them
        again: their states can no longer be needed to correct a later frame."""
        self.newest = {k: v for k, v in self.newest.items() if v[0] > position}
