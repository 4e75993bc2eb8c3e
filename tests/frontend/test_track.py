"""`/lacak/<code>/`: the reporter's timeline, server-rendered, without staff details."""

from __future__ import annotations

from typing import Any

import pytest

from dispatch import services
from dispatch.models import Report
from tests.conftest import CommittingClient, fresh_address

pytestmark = pytest.mark.django_db


def submitted(text: str = "Kebakaran gudang", **fields: Any) -> Report:
    body = {"text": text, "lat": -5.42, "lon": 105.26, **fields}
    created = CommittingClient().post("/api/reports/", body, format="json").json()
    return Report.objects.get(pk=created["id"])


def test_it_shows_the_timeline_without_staff_names_or_notes(page_client: Any, cast: Any) -> None:
    report = submitted()
    incident = report.incident
    services.incident_claim(incident=incident, user=cast["damkar"])
    services.incident_set_status(
        incident=incident, user=cast["damkar"], status="resolved", note="secret note by the team"
    )
    response = page_client("anonymous").get(f"/lacak/{report.tracking_code}/")
    assert response.status_code == 200
    labels = [step["label"] for step in response.context["timeline"]]
    assert labels == ["Report received", "Waiting for an agency", "Taken by an agency", "Handled"]
    html = response.content.decode()
    assert "secret note" not in html
    assert "damkar" not in html.lower() and "DAMKAR Kota" not in html
    assert "Handled" in html and report.tracking_code in html


def test_it_escapes_the_reporters_own_words(page_client: Any, cast: Any) -> None:
    report = submitted("<script>alert(1)</script>")
    html = page_client("anonymous").get(f"/lacak/{report.tracking_code}/").content.decode()
    assert "<script>alert(1)" not in html  # the words are not even shown here


def test_it_accepts_a_code_in_lower_case(page_client: Any, cast: Any) -> None:
    report = submitted()
    response = page_client("anonymous").get(f"/lacak/{report.tracking_code.lower()}/")
    assert response.status_code == 200


def test_it_answers_404_with_a_form_for_an_unknown_code(page_client: Any) -> None:
    response = page_client("anonymous").get("/lacak/NOPE123456/")
    assert response.status_code == 404
    assert b"No report with this tracking code." in response.content
    assert b'name="code"' in response.content


def test_it_redirects_the_lookup_form_to_the_code(page_client: Any) -> None:
    for typed in (" abc def ", "abc-def", "abc/def"):
        response = page_client("anonymous").get("/lacak/", {"code": typed})
        assert response.status_code == 302
        assert response["Location"] == "/lacak/ABCDEF/"
    assert page_client("anonymous").get("/lacak/").status_code == 200


@pytest.mark.parametrize("code", ["%00", "ABCDE%00FGH", "%C2%B2%C2%B3"])
def test_it_answers_404_to_a_code_that_cannot_be_one(page_client: Any, code: str) -> None:
    # Issue 17: a NUL byte in the code reached PostgreSQL and answered 500.
    response = page_client("anonymous").get(f"/lacak/{code}/")
    assert response.status_code == 404
    assert b"No report with this tracking code." in response.content


def test_it_limits_lookups_per_address(page_client: Any, settings: Any) -> None:
    # Issue 17: tracking codes could be guessed here at any speed.
    settings.PUBLIC_LOOKUP_RATE = "2/m"
    client, address = page_client("anonymous"), fresh_address()
    codes = [client.get("/lacak/AAAAAAAAAA/", REMOTE_ADDR=address) for _ in range(3)]
    assert [r.status_code for r in codes] == [404, 404, 429]
    assert b"Too many" in codes[-1].content and codes[-1]["Retry-After"]


def test_it_asks_for_a_rating_once_resolved_and_shows_the_one_given(
    page_client: Any, cast: Any
) -> None:
    report = submitted()
    url = f"/lacak/{report.tracking_code}/"
    assert (
        '<section class="card" id="t-rating" hidden>'
        in page_client("anonymous").get(url).content.decode()
    )
    services.incident_claim(incident=report.incident, user=cast["damkar"])
    services.incident_set_status(incident=report.incident, user=cast["damkar"], status="resolved")
    html = page_client("anonymous").get(url).content.decode()
    assert '<section class="card" id="t-rating" >' in html
    assert '<form id="t-rate" >' in html and "Was the problem fixed?" in html
    services.report_rate(report=report, rating=2, via="web")
    html = page_client("anonymous").get(url).content.decode()
    assert '<strong id="t-rated-value">2</strong>/5' in html
    assert '<form id="t-rate" hidden>' in html
