"""POST and GET /open311/v2/requests.{json,xml} and GET /open311/v2/requests/<id>.{json,xml}."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils import timezone

from dispatch import services
from dispatch.models import Report
from interop.models import IntegrationAccount, Open311Request
from tests.conftest import fresh_address, open_incident
from tests.interop.conftest import committing
from tests.interop.schemas import georeport_valid
from tests.interop.xmljson import as_text, xml_document

pytestmark = pytest.mark.usefixtures("cast")


def submit(fields: dict[str, Any], fmt: str = "json") -> Any:
    # Integrations have no CSRF token: the endpoint must not ask for one.
    return committing(
        Client(enforce_csrf_checks=True).post,
        f"/open311/v2/requests.{fmt}",
        data=urlencode(fields),
        content_type="application/x-www-form-urlencoded",
    )


def fire(api_key: str, **extra: Any) -> dict[str, Any]:
    fields = {
        "api_key": api_key,
        "service_code": "fire",
        "lat": "-5.4186",
        "long": "105.2701",
        "description": "Rumah terbakar, api besar dekat Pasar Tugu",
        "first_name": "Siti",
        "last_name": "Aminah",
        "phone": "0812-7900-1234",
        "attribute[korban]": "ada",
    }
    fields.update(extra)
    return fields


def errors_of(response: Any) -> list[dict[str, Any]]:
    body = response.json()
    assert isinstance(body, list) and body
    assert all(set(e) == {"code", "description"} for e in body)
    return body


def test_it_files_a_request_as_a_report(api_key: str) -> None:
    response = submit(fire(api_key))
    assert response.status_code == 200, response.content
    [answer] = response.json()
    report = Report.objects.get(pk=int(answer["service_request_id"]))
    assert report.channel == "open311"
    assert report.text.startswith("[Kebakaran] Rumah terbakar")
    assert "Korban: Ada korban" in report.text
    assert report.reporter_name == "Siti Aminah"
    assert report.reporter_phone == "+6281279001234"
    assert report.tracking_code in answer["service_notice"]
    assert answer["account_id"] is None
    filed = Open311Request.objects.get(report=report)
    assert filed.service_code == "fire"
    assert filed.attributes == {"korban": "ada"}
    assert IntegrationAccount.objects.get(pk=filed.account_id).last_used_at is not None
    # Triage ran after commit: the request now shows its incident and agency.
    report.refresh_from_db()
    assert report.incident is not None
    shown = Client().get(f"/open311/v2/requests/{report.pk}.json").json()
    georeport_valid("requests", shown)
    assert shown[0]["status"] == "open"
    assert shown[0]["service_code"] == report.incident.category
    assert shown[0]["agency_responsible"] == report.incident.lead_agency.name


def test_it_answers_a_post_in_xml(api_key: str) -> None:
    response = submit(fire(api_key), fmt="xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    [answer] = xml_document(response.content)
    assert Report.objects.filter(pk=int(answer["service_request_id"])).exists()


def test_it_takes_multipart_forms_and_address_only_requests(api_key: str) -> None:
    fields = {
        "api_key": api_key,
        "service_code": "infrastructure",
        "address_string": "Jl. Pramuka, Kemiling, Bandar Lampung",
        "description": "Jalan berlubang besar",
    }
    response = committing(Client().post, "/open311/v2/requests.json", data=fields)
    assert response.status_code == 200, response.content
    report = Report.objects.get(pk=int(response.json()[0]["service_request_id"]))
    assert report.address == "Jl. Pramuka, Kemiling, Bandar Lampung"
    assert report.channel == "open311"


def test_it_refuses_a_missing_or_wrong_key(api_key: str) -> None:
    for key in (None, "", "not-the-key"):
        fields = fire(api_key)
        if key is None:
            del fields["api_key"]
        else:
            fields["api_key"] = key
        response = submit(fields)
        assert response.status_code == 403
        assert errors_of(response)[0]["code"] == 403
    IntegrationAccount.objects.update(active=False)
    assert submit(fire(api_key)).status_code == 403
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("change", "status", "words"),
    [
        ({"service_code": ""}, 400, "service_code"),
        ({"service_code": "volcano_party"}, 404, "volcano_party"),
        ({"lat": "", "long": "", "address_string": ""}, 400, "location"),
        ({"long": ""}, 400, "long"),
        ({"lat": "91"}, 400, "Latitude"),
        ({"lat": "nan"}, 400, "lat"),
        ({"phone": "12"}, 400, "phone"),
        ({"email": "not-an-email"}, 400, "email"),
        ({"description": "x" * 4001}, 400, "description"),
        ({"media_url": "javascript:alert(1)"}, 400, "media_url"),
        ({"attribute[korban]": "mungkin"}, 400, "korban"),
        ({"attribute[warna]": "merah"}, 400, "warna"),
        ({"attribute[jumlah_orang]": "banyak"}, 400, "jumlah_orang"),
        # Issue 17 (lengths and NUL bytes of what a client sends):
        ({"address_string": "Jl. " + "x" * 497}, 400, "address_string"),
        ({"phone": "0812 3456 7890" + " 1" * 14}, 400, "phone"),
        ({"address_id": "1" * 65}, 400, "address_id"),
        ({"first_name": "x" * 101}, 400, "first_name"),
        ({"description": "Api\x00besar"}, 400, "description"),
        ({"address_string": "Jl.\x00Kartini"}, 400, "address_string"),
        ({"attribute[jumlah_orang]": "3\x00"}, 400, "jumlah_orang"),
    ],
)
def test_it_refuses_bad_requests_with_a_reason(
    api_key: str, change: dict[str, str], status: int, words: str
) -> None:
    fields = {k: v for k, v in {**fire(api_key), **change}.items() if v != ""}
    response = submit(fields)
    assert response.status_code == status, response.content
    [error] = errors_of(response)
    assert error["code"] == status
    assert words in error["description"]
    assert not Report.objects.exists()


def test_it_refuses_json_bodies_in_the_spec_error_shape(api_key: str) -> None:
    response = Client().post(
        "/open311/v2/requests.json", data={"api_key": api_key}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "form-encoded" in errors_of(response)[0]["description"]


def test_it_lists_requests_anonymized_and_valid(api_key: str, cast: dict[str, Any]) -> None:
    open_incident(phone="+6281200000001")
    submit(fire(api_key))
    response = Client().get("/open311/v2/requests.json")
    assert response.status_code == 200
    requests = response.json()
    georeport_valid("requests", requests)
    assert len(requests) == 2
    for request in requests:
        assert request["description"] == request["service_name"]
        assert request["media_url"] is None
    xml = Client().get("/open311/v2/requests.xml")
    assert xml_document(xml.content) == as_text(requests)


def test_it_maps_statuses_open_and_closed(cast: dict[str, Any]) -> None:
    done = open_incident(text="Kebakaran gudang", lat=-5.40, lon=105.25)
    services.incident_claim(incident=done, user=cast["damkar"])
    services.incident_set_status(incident=done, user=cast["damkar"], status="resolved", note="ok")
    still = open_incident(text="Kebakaran rumah", lat=-5.30, lon=105.30)
    client = Client()

    def ids(query: str) -> set[str]:
        return {
            r["service_request_id"] for r in client.get(f"/open311/v2/requests.json{query}").json()
        }

    done_id, still_id = (str(i.reports.get().pk) for i in (done, still))
    assert ids("?status=closed") == {done_id}
    assert ids("?status=open") == {still_id}
    assert ids("?status=open,closed") == {done_id, still_id}
    closed = client.get(f"/open311/v2/requests/{done_id}.json").json()[0]
    assert closed["status"] == "closed"
    assert closed["status_notes"] == "Selesai ditangani."
    assert closed["expected_datetime"] is None


def test_it_filters_by_service_code_and_ids(cast: dict[str, Any]) -> None:
    blaze = open_incident(category="fire")
    sick = open_incident(text="Pingsan", category="medical", kinds=("dinkes",), lat=-5.3, lon=105.3)
    blaze_report, sick_report = blaze.reports.get(), sick.reports.get()
    client = Client()
    medical = client.get("/open311/v2/requests.json?service_code=medical").json()
    assert [r["service_request_id"] for r in medical] == [str(sick_report.pk)]
    both = client.get(
        f"/open311/v2/requests.json?service_request_id={blaze_report.pk},{sick_report.tracking_code}"
    ).json()
    assert {r["service_request_id"] for r in both} == {str(blaze_report.pk), str(sick_report.pk)}
    assert client.get("/open311/v2/requests.json?service_code=party").status_code == 400


def test_it_filters_by_dates_of_at_most_90_days(cast: dict[str, Any]) -> None:
    incident = open_incident()
    report = incident.reports.get()
    Report.objects.filter(pk=report.pk).update(received_at=timezone.now() - timedelta(days=120))
    client = Client()
    assert client.get("/open311/v2/requests.json").json() == []
    old = client.get(
        "/open311/v2/requests.json",
        {"start_date": "2000-01-01T00:00:00Z", "end_date": "2000-02-01T00:00:00+07:00"},
    )
    assert old.status_code == 200 and old.json() == []
    start = (timezone.now() - timedelta(days=130)).isoformat()
    found = client.get("/open311/v2/requests.json", {"start_date": start}).json()
    assert [r["service_request_id"] for r in found] == [str(report.pk)]
    too_long = client.get(
        "/open311/v2/requests.json",
        {"start_date": "2026-01-01T00:00:00+07:00", "end_date": "2026-05-01T00:00:00+07:00"},
    )
    assert too_long.status_code == 400
    assert "90 days" in errors_of(too_long)[0]["description"]
    backwards = client.get(
        "/open311/v2/requests.json", {"start_date": "2026-02-01", "end_date": "2026-01-01"}
    )
    assert backwards.status_code == 400
    assert client.get("/open311/v2/requests.json?start_date=yesterday").status_code == 400
    assert client.get("/open311/v2/requests.json?start_date=2026-02-30").status_code == 400
    assert client.get("/open311/v2/requests.json?status=pending").status_code == 400
    for far in ("0001-01-01", "9999-12-31T00:00:00Z"):
        assert client.get(f"/open311/v2/requests.xml?start_date={far}").status_code == 400


def test_it_finds_one_request_by_id_or_tracking_code(cast: dict[str, Any]) -> None:
    report = open_incident().reports.get()
    client = Client()
    by_id = client.get(f"/open311/v2/requests/{report.pk}.json").json()
    by_code = client.get(f"/open311/v2/requests/{report.tracking_code}.json").json()
    assert by_id == by_code
    georeport_valid("requests", by_id)
    assert by_id[0]["service_request_id"] == str(report.pk)
    missing = client.get("/open311/v2/requests/999999.json")
    assert missing.status_code == 404
    assert errors_of(missing)[0]["code"] == 404
    missing_xml = client.get("/open311/v2/requests/999999.xml")
    assert missing_xml.status_code == 404
    assert xml_document(missing_xml.content)[0]["code"] == "404"


@pytest.mark.parametrize("ids", ["\u00b2", "1,\u00b2\u00b3", "\x00", "ABC\x00DEFGHI", "x" * 40])
def test_it_refuses_request_ids_that_cannot_be_one(cast: dict[str, Any], ids: str) -> None:
    # Issue 17: '\u00b2' passed str.isdigit() and int() failed on it: a 500.
    response = Client().get("/open311/v2/requests.json", {"service_request_id": ids})
    assert response.status_code == 400
    assert "service_request_id" in errors_of(response)[0]["description"]


@pytest.mark.parametrize(
    "path", ["/open311/v2/requests.json", "/open311/v2/requests/AAAAAAAAAA.xml"]
)
def test_it_limits_reads_per_address(settings: Any, path: str) -> None:
    # Issue 17: reads were not limited, so ids and tracking codes could be walked.
    settings.PUBLIC_LOOKUP_RATE = "2/m"
    client, address = Client(), fresh_address()
    answers = [client.get(path, REMOTE_ADDR=address) for _ in range(3)]
    assert answers[-1].status_code == 429
    assert all(a.status_code in (200, 404) for a in answers[:2])
    assert answers[-1]["Retry-After"]
    assert client.get(path, REMOTE_ADDR=fresh_address()).status_code in (200, 404)
