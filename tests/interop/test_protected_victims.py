"""Open311 reads, GeoJSON and CAP never carry an incident that could expose a victim.

A domestic-violence call triaged by the real engine, and a case the desk routed to
DP3A, are left out of every public feed; a fire next to them stays in.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from lxml import etree

from dispatch import services
from dispatch.models import Agency, Incident, Report
from tests.conftest import CommittingClient, open_incident
from tests.interop.schemas import CAP_NS

KDRT = "Telah terjadi KDRT, korban seorang ibu dipukul suaminya hingga berdarah dan pingsan"


@pytest.fixture
def cases(cast: dict[str, Any]) -> dict[str, Incident]:
    dp3a = Agency.objects.create(kind="dp3a", name="DP3A Kota", jurisdiction=["18.71"])
    body = {"text": KDRT, "lat": -5.4186, "lon": 105.2701}
    response = CommittingClient().post("/api/reports/", body, format="json")
    kdrt = Report.objects.get(pk=response.json()["id"]).incident
    routed = open_incident(text="Anak dikurung di rumah", category="crime", kinds=("polri",))
    services.incident_assign(incident=routed, user=cast["dispatcher"], agency=dp3a)
    fire = open_incident(lat=-5.43, lon=105.27)
    return {"kdrt": kdrt, "routed": routed, "fire": fire}


def test_it_leaves_protected_incidents_out_of_open311(cases: dict[str, Incident]) -> None:
    client = Client()
    listed = client.get("/open311/v2/requests.json").json()
    fire_reports = {str(r.pk) for r in cases["fire"].reports.all()}
    assert {r["service_request_id"] for r in listed} == fire_reports
    for name in ("kdrt", "routed"):
        for report in cases[name].reports.all():
            assert client.get(f"/open311/v2/requests/{report.pk}.json").status_code == 404
            by_code = client.get(f"/open311/v2/requests/{report.tracking_code}.json")
            assert by_code.status_code == 404
            many = client.get(f"/open311/v2/requests.json?service_request_id={report.pk}")
            assert many.json() == []


def test_it_leaves_protected_incidents_out_of_geojson(cases: dict[str, Incident]) -> None:
    features = Client().get("/api/incidents.geojson").json()["features"]
    assert [f["id"] for f in features] == [cases["fire"].pk]


def test_it_leaves_protected_incidents_out_of_cap(cases: dict[str, Incident]) -> None:
    client = Client()
    root = etree.fromstring(client.get("/feeds/cap.xml").content)
    # Identifiers are <prefix>.<incident id>.<event id>: only the fire's alerts.
    identifiers = [e.text for e in root.iter(f"{{{CAP_NS}}}identifier")]
    assert identifiers
    assert {i.split(".")[-2] for i in identifiers} == {str(cases["fire"].pk)}
    for name in ("kdrt", "routed"):
        assert client.get(f"/feeds/cap/{cases[name].pk}.xml").status_code == 404
    assert client.get(f"/feeds/cap/{cases['fire'].pk}.xml").status_code == 200


def test_it_still_shows_protected_incidents_to_staff(
    cases: dict[str, Incident], client_for: Any
) -> None:
    listed = client_for("dispatcher").get("/api/incidents/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert {cases["kdrt"].pk, cases["routed"].pk} <= {row["id"] for row in rows}
