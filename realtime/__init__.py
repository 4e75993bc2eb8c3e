"""Realtime fan-out. Services publish through `realtime.publish_on_commit` only."""

from __future__ import annotations

from typing import Any


def publish_on_commit(event: Any) -> None:
    # Imported lazily: services import this package while Django is still loading.
    from realtime.events import publish_on_commit as publish

    publish(event)
