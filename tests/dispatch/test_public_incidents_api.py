"""GET /api/public/incidents/: the anonymized public view (an allow-list, not a deny-list)."""

from __future__ import annotations

from typing import Any

import pytest

from dispatch.models import Report
from dispatch.projections import PUBLIC_FIELDS
from tests.conftest import CommittingClient, open_incident


@pytest.mark.django_db
def test_it_shows_only_the_allowed_fields(cast: Any) -> None:
    incident = open_incident(
        text="Kebakaran di rumah Pak Budi Santoso",
        phone="+6281211112222",
        lat=-5.4012345,
        lon=105.2612345,
    )
    Report.objects.filter(incident=incident).update(
        reporter_name="Budi Santoso", address="Jl. Kenanga No. 7"
    )
    response = CommittingClient().get("/api/public/incidents/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"type", "last_event_id", "incidents"}
    [item] = body["incidents"]
    assert set(item) == set(PUBLIC_FIELDS)
    assert (item["lat"], item["lon"]) != (-5.4012345, 105.2612345)
    assert abs(item["lat"] - -5.4012345) < 0.005
    text = response.content.decode()
    for secret in ["Budi", "Santoso", "Kenanga", "0812", "6281211112222", "Kebakaran di rumah"]:
        assert secret not in text
    assert ":" in item["created_at"] and item["created_at"].count(":") == 2  # HH:MM+07:00


@pytest.mark.django_db
def test_it_leaves_out_closed_and_cancelled_incidents(cast: Any, client_for: Any) -> None:
    incident = open_incident()
    client_for("dispatcher").post(
        f"/api/incidents/{incident.pk}/cancel/", {"reason": "prank"}, format="json"
    )
    assert CommittingClient().get("/api/public/incidents/").json()["incidents"] == []
