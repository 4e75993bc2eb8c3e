"""GET /open311/v2/services.{json,xml} and /open311/v2/services/<code>.{json,xml}."""

from __future__ import annotations

from django.test import Client

from dispatch.models import Category
from tests.interop.schemas import georeport_valid
from tests.interop.xmljson import as_text, xml_document


def test_it_lists_one_service_per_category(db: None) -> None:
    response = Client().get("/open311/v2/services.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    services = response.json()
    georeport_valid("services", services)
    assert [s["service_code"] for s in services] == list(Category.values)
    fire = services[0]
    assert fire["service_name"] == "Kebakaran"
    assert fire["type"] == "realtime"
    assert fire["metadata"] is True
    assert fire["group"] == "Darurat"
    information = next(s for s in services if s["service_code"] == "information")
    assert information["metadata"] is False


def test_it_answers_the_same_services_in_xml(db: None) -> None:
    client = Client()
    as_json = client.get("/open311/v2/services.json").json()
    response = client.get("/open311/v2/services.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert response.content.startswith(b"<?xml")
    assert xml_document(response.content) == as_text(as_json)


def test_it_defines_the_questions_of_a_service(db: None) -> None:
    client = Client()
    response = client.get("/open311/v2/services/fire.json")
    assert response.status_code == 200
    definition = response.json()
    georeport_valid("service-definition", definition)
    assert definition["service_code"] == "fire"
    codes = [a["code"] for a in definition["attributes"]]
    assert codes == ["korban", "jumlah_orang"]
    victims = definition["attributes"][0]
    assert victims["datatype"] == "singlevaluelist"
    assert {v["key"] for v in victims["values"]} == {"ada", "tidak_ada", "tidak_tahu"}
    xml = client.get("/open311/v2/services/fire.xml")
    assert xml_document(xml.content) == as_text(definition)


def test_it_defines_a_service_without_questions(db: None) -> None:
    definition = Client().get("/open311/v2/services/public_service.json").json()
    georeport_valid("service-definition", definition)
    assert definition == {"service_code": "public_service", "attributes": []}


def test_it_answers_404_for_an_unknown_service_in_both_formats(db: None) -> None:
    client = Client()
    response = client.get("/open311/v2/services/volcano_party.json")
    assert response.status_code == 404
    [error] = response.json()
    assert error["code"] == 404
    assert "volcano_party" in error["description"]
    xml = client.get("/open311/v2/services/volcano_party.xml")
    assert xml.status_code == 404
    assert xml_document(xml.content) == as_text(response.json())


def test_it_has_no_other_formats(db: None) -> None:
    assert Client().get("/open311/v2/services.html").status_code == 404
