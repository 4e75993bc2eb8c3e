"""GET /api/track/<code>/: the reporter follows their own report."""

from __future__ import annotations

from typing import Any

import pytest

from dispatch import services
from dispatch.models import Report
from tests.conftest import CommittingClient, fresh_address


@pytest.mark.django_db
def test_it_shows_the_timeline_without_staff_details(cast: Any) -> None:
    client = CommittingClient()
    created = client.post(
        "/api/reports/", {"text": "Kebakaran gudang", "lat": -5.42, "lon": 105.26}, format="json"
    ).json()
    report = Report.objects.get(pk=created["id"])
    incident = report.incident
    services.incident_assign(
        incident=incident, user=cast["dispatcher"], agency=cast["damkar"].staff.agency
    )
    services.incident_claim(incident=incident, user=cast["damkar"])
    services.incident_set_status(
        incident=incident, user=cast["damkar"], status="resolved", note="secret note"
    )
    response = client.get(created["status_url"])
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"tracking_code", "received_at", "state", "incident", "timeline"}
    assert body["state"] == "processed"
    assert set(body["incident"]) == {"id", "status", "category", "priority"}
    assert [t["status"] for t in body["timeline"]] == ["received", "new", "claimed", "resolved"]
    text = response.content.decode()
    assert "damkar" not in text and "secret note" not in text


@pytest.mark.django_db
def test_it_accepts_the_code_in_lower_case() -> None:
    client = CommittingClient()
    code = client.post("/api/reports/", {"text": "banjir"}, format="json").json()["tracking_code"]
    assert client.get(f"/api/track/{code.lower()}/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "code",
    # %00 and Unicode digits: issue 17 (a NUL reached PostgreSQL, a 500).
    ["NOPE", "AAAAAAAAAA", "%27%20OR%201%3D1", "x" * 300, "%00", "ABCDE%00FGH", "%C2%B2"],
)
def test_it_answers_404_for_an_unknown_code(code: str) -> None:
    response = CommittingClient().get(f"/api/track/{code}/")
    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.django_db
def test_it_limits_lookups_per_address(settings: Any) -> None:
    # Issue 17: codes could be guessed at any speed (models.py said this was limited).
    settings.PUBLIC_LOOKUP_RATE = "2/m"
    client, address = CommittingClient(), fresh_address()
    codes = [client.get("/api/track/AAAAAAAAAA/", REMOTE_ADDR=address) for _ in range(3)]
    assert [r.status_code for r in codes] == [404, 404, 429]
    assert codes[-1].json()["detail"] and 1 <= int(codes[-1]["Retry-After"]) <= 61
    assert client.get("/api/track/AAAAAAAAAA/", REMOTE_ADDR=fresh_address()).status_code == 404
