"""GET /metrics: Prometheus gauges."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


@pytest.mark.django_db
def test_it_counts_incidents_and_events(incident: Any) -> None:
    body = Client().get("/metrics").content.decode()
    assert 'dispatch_incidents{status="new"} 1' in body
    assert "dispatch_last_event_id" in body
