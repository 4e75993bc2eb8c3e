"""Public Open311, GeoJSON and CAP outputs hold no names, phones, free text or exact places.

An allow-list: every public field is one we expect, every coordinate is a grid
centre of the public map, and none of the personal strings of the reports turn
up anywhere in the bodies.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from lxml import etree

from dispatch import services
from dispatch.models import Category, Report
from dispatch.projections import PUBLIC_FIELDS, snap
from interop import codes
from tests.conftest import open_incident
from tests.interop.schemas import CAP_NS

pytestmark = pytest.mark.usefixtures("cast")

LAT, LON = -5.41863, 105.27012
NAME = "Rahmat Hidayat"
PHONE = "+6281377712345"
SECRET_WORDS = "Rumah pak Rahmat belakang masjid Al-Ikhlas"
ADDRESS = "Jl. Kenanga Gg. Mawar No. 17"
NOTE = "Api padam, korban bernama Sari dibawa ke RS"

OPEN311_FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}


@pytest.fixture
def reports(cast: dict[str, Any]) -> list[Report]:
    incident = open_incident(text=f"Kebakaran! {SECRET_WORDS}", lat=LAT, lon=LON, phone=PHONE)
    Report.objects.filter(incident=incident).update(reporter_name=NAME, address=ADDRESS)
    services.incident_claim(incident=incident, user=cast["damkar"])
    services.incident_set_status(
        incident=incident, user=cast["damkar"], status="resolved", note=NOTE
    )
    other = open_incident(
        text=f"Pingsan di {ADDRESS}", category="medical", kinds=("dinkes",), lat=-5.3, lon=105.3
    )
    return list(Report.objects.filter(incident__in=[incident, other]))


LABELS = tuple(codes.category_label(c, lang) for c in Category.values for lang in ("id", "en"))


def forbidden(reports: list[Report]) -> list[str]:
    words = [NAME, PHONE, PHONE[3:], "081377712345", SECRET_WORDS, "Al-Ikhlas", ADDRESS, NOTE]
    words += ["Mawar", "Sari", "Pingsan", str(LAT), str(LON), "-5.4186", "105.2701"]
    return words + [r.tracking_code for r in reports]


def assert_clean(body: str, reports: list[Report]) -> None:
    for word in forbidden(reports):
        assert word not in body, word


def assert_grid(lat: float | None, lon: float | None) -> None:
    if lat is not None:
        assert snap(lat) == lat and snap(lon) == lon, (lat, lon)


def test_it_keeps_open311_requests_public(reports: list[Report]) -> None:
    client = Client()
    bodies = [
        client.get("/open311/v2/requests.json"),
        client.get("/open311/v2/requests.xml"),
        *[client.get(f"/open311/v2/requests/{r.pk}.json") for r in reports],
        *[client.get(f"/open311/v2/requests/{r.pk}.xml") for r in reports],
    ]
    for response in bodies:
        assert response.status_code == 200
        assert_clean(response.content.decode(), reports)
    requests = client.get("/open311/v2/requests.json").json()
    assert len(requests) == len(reports)
    labels = {codes.category_label(code, "id") for code in Category.values}
    for request in requests:
        assert set(request) == OPEN311_FIELDS
        assert request["description"] in labels
        assert request["status_notes"] in codes.STATUS_NOTES.values()
        assert request["media_url"] is None and request["zipcode"] is None
        assert_grid(request["lat"], request["long"])
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:00\+07:00", request["requested_datetime"])


def test_it_keeps_geojson_public(reports: list[Report]) -> None:
    response = Client().get("/api/incidents.geojson")
    assert_clean(response.content.decode(), reports)
    for feature in response.json()["features"]:
        assert set(feature["properties"]) == set(PUBLIC_FIELDS)
        lon, lat = feature["geometry"]["coordinates"]
        assert_grid(lat, lon)


def test_it_keeps_cap_public(reports: list[Report]) -> None:
    client = Client()
    bodies = [client.get("/feeds/cap.xml")] + [
        client.get(f"/feeds/cap/{r.incident_id}.xml") for r in reports
    ]
    for response in bodies:
        assert response.status_code == 200
        body = response.content.decode()
        assert_clean(body, reports)
        root = etree.fromstring(response.content)
        for circle in root.iter(f"{{{CAP_NS}}}circle"):
            centre, _radius = circle.text.split()
            lat, lon = (float(v) for v in centre.split(","))
            assert_grid(lat, lon)
        for element in root.iter(f"{{{CAP_NS}}}description", f"{{{CAP_NS}}}headline"):
            # Written from code lists: a category label, a status label, a place name.
            assert element.text.startswith(("Call Center 112", *LABELS)), element.text
