"""GET /api/incidents/ and /api/incidents/<id>/."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import open_incident

INCIDENT_KEYS = {
    "id",
    "category",
    "priority",
    "score",
    "fast_track",
    "status",
    "lat",
    "lon",
    "region_code",
    "report_count",
    "lead_agency",
    "agencies",
    "created_at",
    "updated_at",
}


@pytest.mark.django_db
def test_it_lists_incidents_in_priority_order(client_for: Any, cast: Any) -> None:
    low = open_incident(priority="P4", category="infrastructure", kinds=("pupr",), lat=-5.3)
    high = open_incident(priority="P1", lat=-5.5)
    body = client_for("dispatcher").get("/api/incidents/").json()
    assert [i["id"] for i in body["results"]] == [high.pk, low.pk]
    assert set(body["results"][0]) >= INCIDENT_KEYS
    assert body["results"][0]["fast_track"] is True
    assert body["results"][0]["lead_agency"]["kind"] == "damkar"


@pytest.mark.django_db
def test_it_filters_by_status_category_and_priority(client_for: Any, cast: Any) -> None:
    open_incident(priority="P4", category="infrastructure", kinds=("pupr",), lat=-5.3)
    fire = open_incident(priority="P1", lat=-5.5)
    client = client_for("dispatcher")
    assert [i["id"] for i in client.get("/api/incidents/?category=fire").json()["results"]] == [
        fire.pk
    ]
    assert [i["id"] for i in client.get("/api/incidents/?priority=P1,P2").json()["results"]] == [
        fire.pk
    ]
    assert client.get("/api/incidents/?status=closed").json()["results"] == []


@pytest.mark.django_db
def test_it_shows_agency_staff_only_what_is_routed_to_them(client_for: Any, cast: Any) -> None:
    mine = open_incident(kinds=("damkar",), lat=-5.3)
    open_incident(kinds=("pupr",), category="infrastructure", priority="P4", lat=-5.5)
    body = client_for("damkar").get("/api/incidents/").json()
    assert [i["id"] for i in body["results"]] == [mine.pk]


@pytest.mark.django_db
def test_it_details_reports_and_events(client_for: Any, cast: Any) -> None:
    incident = open_incident(phone="+6281234567890")
    body = client_for("dispatcher").get(f"/api/incidents/{incident.pk}/").json()
    assert set(body) >= INCIDENT_KEYS
    assert body["reports"][0]["reporter_phone"] == "+6281234567890"
    assert [e["event"] for e in body["events"]] == ["incident.opened", "incident.assigned"]


@pytest.mark.django_db
def test_it_answers_404_for_an_unknown_incident(client_for: Any) -> None:
    assert client_for("dispatcher").get("/api/incidents/424242/").status_code == 404


BAD_QUERIES = [
    ({"status": "\x00"}, "status"),
    ({"status": "new,pigeon"}, "status"),
    ({"category": "fire\x00"}, "category"),
    ({"priority": "P9"}, "priority"),
    ({"agency": "\u00b2"}, "agency"),
    ({"agency": "\x00"}, "agency"),
    ({"agency": "9" * 21}, "agency"),
    ({"limit": "9" * 21}, "limit"),
    ({"limit": "\u00b2"}, "limit"),
    ({"offset": "9" * 21}, "offset"),
    ({"offset": "\x00"}, "offset"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "field"), BAD_QUERIES)
def test_it_refuses_bad_filters_with_a_clear_400(
    client_for: Any, cast: Any, query: dict[str, str], field: str
) -> None:
    # Issue 17: NUL, Unicode digits and 21-digit numbers answered 500 here.
    open_incident()
    response = client_for("dispatcher").get("/api/incidents/", query)
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert field in errors and all(isinstance(m, str) and m for m in errors[field])
