"""GET /api/incidents.geojson: staff get full payloads, everyone else the public projection."""

from __future__ import annotations

from typing import Any

import pytest

from dispatch import services
from dispatch.projections import PUBLIC_FIELDS, snap
from tests.conftest import open_incident

pytestmark = pytest.mark.usefixtures("cast")


def collection(client: Any, query: str = "") -> dict[str, Any]:
    response = client.get(f"/api/incidents.geojson{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection"
    return body


def test_it_gives_the_public_the_anonymized_projection(client_for: Any) -> None:
    incident = open_incident(lat=-5.41863, lon=105.27012)
    for who in ("anonymous", "citizen"):
        [feature] = collection(client_for(who))["features"]
        assert feature["type"] == "Feature"
        assert feature["id"] == incident.pk
        assert set(feature["properties"]) == set(PUBLIC_FIELDS)
        assert feature["geometry"] == {
            "type": "Point",
            "coordinates": [snap(105.27012), snap(-5.41863)],
        }


def test_it_gives_staff_the_full_payload(client_for: Any) -> None:
    incident = open_incident(lat=-5.41863, lon=105.27012)
    [feature] = collection(client_for("dispatcher"))["features"]
    assert feature["geometry"]["coordinates"] == [105.27012, -5.41863]
    properties = feature["properties"]
    assert properties["id"] == incident.pk
    assert properties["lead_agency"]["kind"] == "damkar"
    assert properties["score"] == incident.score


def test_it_shows_agency_staff_only_their_incidents(client_for: Any) -> None:
    open_incident()
    medical = open_incident(category="medical", kinds=("dinkes",), lat=-5.3, lon=105.3)
    features = collection(client_for("dinkes"))["features"]
    assert [f["id"] for f in features] == [medical.pk]


def test_it_lets_staff_filter_by_status(client_for: Any, cast: dict[str, Any]) -> None:
    gone = open_incident()
    services.incident_cancel(incident=gone, user=cast["dispatcher"], reason="prank")
    kept = open_incident(lat=-5.3, lon=105.3)
    dispatcher = client_for("dispatcher")
    assert [f["id"] for f in collection(dispatcher)["features"]] == [kept.pk]
    cancelled = collection(dispatcher, "?status=cancelled")["features"]
    assert [f["id"] for f in cancelled] == [gone.pk]
    assert dispatcher.get("/api/incidents.geojson?status=lost").status_code == 400
    # The public always sees the live map only, whatever it asks for.
    public = collection(client_for("anonymous"), "?status=cancelled")["features"]
    assert [f["id"] for f in public] == [kept.pk]


def test_it_keeps_unlocated_incidents_with_a_null_geometry_for_staff(client_for: Any) -> None:
    open_incident(lat=None, lon=None)
    [feature] = collection(client_for("dispatcher"))["features"]
    assert feature["geometry"] is None
    assert feature["properties"]["location_state"] == "unknown"


def test_it_never_shows_the_public_an_incident_whose_place_is_unknown(client_for: Any) -> None:
    open_incident(lat=None, lon=None)
    assert collection(client_for("anonymous"))["features"] == []
