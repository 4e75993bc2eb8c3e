"""POST /api/reports/: public intake, its validation table, and nothing lost."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dispatch.models import Report
from tests.conftest import CommittingClient

URL = "/api/reports/"


def post(payload: Any, **headers: str) -> Any:
    body = payload if isinstance(payload, str) else json.dumps(payload)
    return CommittingClient().post(URL, body, content_type="application/json", **headers)


@pytest.mark.django_db
def test_it_accepts_a_report_and_returns_a_tracking_code() -> None:
    response = post({"text": "Kebakaran di Jl. Kartini", "channel": "web"})
    assert response.status_code == 201
    body = response.json()
    report = Report.objects.get(pk=body["id"])
    assert body["tracking_code"] == report.tracking_code
    assert body["status_url"] == f"/api/track/{report.tracking_code}/"
    assert len(report.tracking_code) == 10


@pytest.mark.django_db
def test_it_normalizes_the_phone_to_e164() -> None:
    for raw in ["0812-3456-7890", "62 812 3456 7890", "+62 812-3456-7890"]:
        response = post({"text": "banjir", "reporter_phone": raw})
        assert response.status_code == 201, response.json()
        assert Report.objects.get(pk=response.json()["id"]).reporter_phone == "+6281234567890"


@pytest.mark.django_db
def test_it_triages_the_report_after_commit() -> None:
    response = post({"text": "Kebakaran rumah, api besar", "lat": -5.42, "lon": 105.26})
    report = Report.objects.get(pk=response.json()["id"])
    assert report.state == "processed"
    assert report.incident is not None
    assert report.incident.report_count == 1


@pytest.mark.django_db
def test_it_gives_distinct_tracking_codes() -> None:
    codes = {post({"text": f"laporan {i}"}).json()["tracking_code"] for i in range(20)}
    assert len(codes) == 20


BAD_INPUTS = [
    ("{not json", "body"),
    ("[1, 2]", "non_field_errors"),
    ({}, "text"),
    ({"text": ""}, "text"),
    ({"text": "   "}, "text"),
    ({"text": "x" * 4001}, "text"),
    ({"text": None}, "text"),
    ({"text": "ok", "lat": -5.4}, "lon"),
    ({"text": "ok", "lon": 105.2}, "lat"),
    ({"text": "ok", "lat": 91, "lon": 105.2}, "lat"),
    ({"text": "ok", "lat": -5.4, "lon": 181}, "lon"),
    ({"text": "ok", "lat": "abc", "lon": 105.2}, "lat"),
    ({"text": "ok", "channel": "pigeon"}, "channel"),
    ({"text": "ok", "reporter_phone": "not a phone"}, "reporter_phone"),
    ({"text": "ok", "reporter_phone": "12"}, "reporter_phone"),
    ({"text": "ok", "address": "a" * 501}, "address"),
    ({"text": "nul\x00byte"}, "text"),
    ({"text": {"nested": "object"}}, "text"),
    # Issue 17: 5,000 levels of nesting overflowed the JSON parser's recursion (a 500).
    ("[" * 5000 + "]" * 5000, "body"),
    ('{"text": ' + "[" * 5000 + "]" * 5000 + "}", "body"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("payload", "field"), BAD_INPUTS)
def test_it_refuses_bad_input_with_a_clear_400(payload: Any, field: str) -> None:
    response = post(payload)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert field in errors
    assert all(isinstance(m, str) and m for m in errors[field])
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_it_accepts_exactly_4000_characters() -> None:
    assert post({"text": "a" * 4000}).status_code == 201


@pytest.mark.django_db
def test_it_answers_in_indonesian_by_accept_language() -> None:
    english = post({"text": "ok", "lat": 91, "lon": 1}, HTTP_ACCEPT_LANGUAGE="en")
    indonesian = post({"text": "ok", "lat": 91, "lon": 1}, HTTP_ACCEPT_LANGUAGE="id")
    assert english.json()["errors"]["lat"] == ["Latitude must be between -90 and 90."]
    assert indonesian.json()["errors"]["lat"] == ["Lintang harus di antara -90 dan 90."]


@pytest.mark.django_db
def test_it_refuses_a_form_encoded_body_with_a_message() -> None:
    # JSON or multipart/form-data (with photos: test_report_media_api.py); nothing else.
    response = CommittingClient().post(
        URL, "text=x", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    assert "JSON" in response.json()["errors"]["body"][0]


@pytest.mark.django_db
def test_it_keeps_the_report_when_triage_fails(monkeypatch: Any) -> None:
    from dispatch.services import triage

    def explode(**kwargs: Any) -> None:
        raise RuntimeError("geocoder exploded")

    monkeypatch.setattr(triage, "report_triage", explode)
    response = post({"text": "Kebakaran"})
    assert response.status_code == 201
    report = Report.objects.get(pk=response.json()["id"])
    assert report.state == "failed"
    assert "geocoder exploded" in report.last_error
    assert report.attempts == 1


@pytest.mark.django_db
def test_it_keeps_the_callers_answers_and_lets_them_fast_track(cast: Any) -> None:
    body = {"text": "bapak saya jatuh di kamar mandi", "answers": {"conscious": "no"}}
    response = post(body)
    assert response.status_code == 201
    report = Report.objects.select_related("incident").get(pk=response.json()["id"])
    assert report.answers == {"conscious": "no"}
    assert report.incident.priority == "P1"
    assert "answer: not conscious" in report.assessment["reasons"]


@pytest.mark.django_db
def test_it_refuses_answers_to_unknown_questions() -> None:
    response = post({"text": "jatuh", "answers": {"shoe_size": "yes"}})
    assert response.status_code == 400
    assert "shoe_size" in response.json()["errors"]["answers"][0]


@pytest.mark.django_db
@pytest.mark.parametrize("channel", ["phone", "whatsapp", "sms", "open311"])
def test_it_refuses_a_channel_the_public_may_not_claim(channel: str) -> None:
    # Issue 17: an anonymous 'phone' report gained the phone channel's urgency score.
    response = post({"text": "Kebakaran rumah", "channel": channel})
    assert response.status_code == 400
    assert response.json()["errors"]["channel"]
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_it_lets_staff_take_a_phone_call_but_not_a_message(client_for: Any) -> None:
    operator = client_for("dispatcher")
    call = operator.post(URL, {"text": "Kebakaran rumah", "channel": "phone"}, format="json")
    assert call.status_code == 201
    assert Report.objects.get().channel == "phone"
    for channel in ("whatsapp", "sms", "open311"):
        body = {"text": "Kebakaran rumah", "channel": channel}
        assert operator.post(URL, body, format="json").status_code == 400
    assert post({"text": "ok", "channel": "api"}).status_code == 201


@pytest.mark.django_db(transaction=True)
def test_it_stores_a_report_without_files_with_no_transaction_block(monkeypatch: Any) -> None:
    # One INSERT commits by itself: no BEGIN and COMMIT round trips around it, and
    # triage is queued once the row is committed (views._store_report).
    from django.db import connection

    from dispatch.services import reports

    commits: list[bool] = []
    queued: list[tuple[int, bool]] = []
    real_commit = connection.commit
    monkeypatch.setattr(connection, "commit", lambda: commits.append(True) or real_commit())

    def enqueue(report_id: int, *, urgent: bool = False) -> None:
        queued.append((report_id, connection.in_atomic_block))

    monkeypatch.setattr(reports, "_enqueue_triage", enqueue)
    response = post({"text": "Kebakaran rumah di Jl. Kartini"})
    assert response.status_code == 201
    report_id = response.json()["id"]
    assert Report.objects.filter(pk=report_id).exists()
    assert queued == [(report_id, False)]
    assert commits == []
