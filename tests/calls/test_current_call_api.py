"""GET /api/calls/current/: the call answered at the operator's extension, with the
caller's history; POST /api/calls/<id>/report/; GET /api/incidents/<id>/handset/."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from calls.models import Call, CallOutcome
from dispatch import services
from dispatch.models import Report
from tests.calls.conftest import aml_form, at, event
from tests.conftest import open_incident

pytestmark = pytest.mark.usefixtures("phone_cast")
CALLER = "+6281277700044"


def answered(as_user: Any, call_id: str = "c-1", extension: str = "201") -> None:
    pbx = as_user("pbx")
    pbx.post("/api/calls/", event("ring", call_id=call_id, at=at(-10)), format="json")
    pbx.post("/api/calls/", event("answer", call_id=call_id, extension=extension), format="json")


def test_it_shows_the_call_at_my_extension_only(as_user: Any) -> None:
    assert as_user("dispatcher").get("/api/calls/current/").json()["call"] is None
    answered(as_user, extension="299")
    assert as_user("dispatcher").get("/api/calls/current/").json()["call"] is None
    answered(as_user, call_id="c-2")
    body = as_user("dispatcher").get("/api/calls/current/").json()
    assert body["extension"] == "201"
    assert (body["call"]["call_id"], body["call"]["caller"]) == ("c-2", CALLER)
    # The supervisor has no extension here: no call pops on their console.
    assert as_user("supervisor").get("/api/calls/current/").json()["call"] is None


def test_it_gives_the_callers_history(as_user: Any, settings: Any) -> None:
    settings.PRANK_FLAG_AFTER = 2
    for _ in range(2):
        prank = open_incident(phone=CALLER, lat=-5.3, lon=105.1)
        services.incident_cancel(incident=prank, user=_desk(), reason="prank", note="")
    near = open_incident(lat=-5.4300, lon=105.2620)  # about 200 m from the handset
    open_incident(lat=-5.30, lon=105.30)  # far away
    answered(as_user)
    as_user("pbx").post("/api/aml/", aml_form(), content_type="application/x-www-form-urlencoded")
    call = as_user("dispatcher").get("/api/calls/current/").json()["call"]
    assert call["report_count"] == 2 and call["prank_count"] == 2 and call["repeat_prank"]
    assert call["reports"][0]["incident"]["cancel_reason"] == "prank"
    assert call["location"]["accuracy_m"] == 35.0
    assert call["last_location"]["source"] == "aml"
    assert [n["id"] for n in call["nearby"]] == [near.pk]


def test_it_uses_the_last_report_when_there_is_no_fix(as_user: Any) -> None:
    Report.objects.create(text="x", lat=-5.43, lon=105.262, reporter_phone=CALLER)
    answered(as_user)
    call = as_user("dispatcher").get("/api/calls/current/").json()["call"]
    assert call["location"] is None
    assert call["last_location"]["source"] == "report"


def test_it_links_the_report_and_shows_the_fix_on_the_incident(as_user: Any) -> None:
    answered(as_user)
    as_user("pbx").post("/api/aml/", aml_form(), content_type="application/x-www-form-urlencoded")
    as_user("pbx").post("/api/calls/", event("hangup"), format="json")
    call = Call.objects.get()
    assert call.outcome == CallOutcome.DROPPED  # nothing taken yet
    incident = open_incident(phone=CALLER)
    report = incident.reports.get()
    response = as_user("dispatcher").post(
        f"/api/calls/{call.pk}/report/", {"report_id": report.pk}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["outcome"] == CallOutcome.ANSWERED
    [position] = as_user("damkar").get(f"/api/incidents/{incident.pk}/handset/").json()
    assert (position["lat"], position["accuracy_m"]) == (-5.42917, 35.0)
    assert as_user("dinkes").get(f"/api/incidents/{incident.pk}/handset/").status_code == 404
    missing = as_user("dispatcher").post(
        f"/api/calls/{call.pk}/report/", {"report_id": 999999}, format="json"
    )
    assert missing.status_code == 400


@pytest.mark.parametrize("name", ["anonymous", "citizen", "damkar", "pbx"])
def test_it_is_for_the_desk(as_user: Any, name: str) -> None:
    assert as_user(name).get("/api/calls/current/").status_code == 403
    assert as_user(name).get("/api/calls/callbacks/").status_code == 403


def _desk() -> Any:
    return get_user_model().objects.get(username="dispatcher")


def test_it_has_no_answer_for_calls_long_ago(as_user: Any) -> None:
    long_ago = timezone.now() - timedelta(hours=1)
    Call.objects.create(
        call_id="x", caller=CALLER, extension="201", started_at=long_ago, answered_at=long_ago
    )
    assert as_user("dispatcher").get("/api/calls/current/").json()["call"] is None


def test_it_has_no_history_for_a_withheld_number(as_user: Any) -> None:
    pbx = as_user("pbx")
    pbx.post("/api/calls/", event("ring", caller="anonymous", at=at(-5)), format="json")
    pbx.post("/api/calls/", event("answer", caller="", extension="201"), format="json")
    call = as_user("dispatcher").get("/api/calls/current/").json()["call"]
    assert call["caller"] == "" and call["reports"] == [] and call["last_location"] is None


def test_it_pops_no_call_that_is_over_or_taken(as_user: Any) -> None:
    pbx = as_user("pbx")
    for body in (
        event("ring", call_id="over", at=at(-120)),
        event("answer", call_id="over", extension="201", at=at(-110)),
        event("hangup", call_id="over", at=at(-60)),
    ):
        pbx.post("/api/calls/", body, format="json")
    assert as_user("dispatcher").get("/api/calls/current/").json()["call"] is None
    answered(as_user, call_id="taken")
    call = Call.objects.get(call_id="taken")
    report = open_incident(phone=CALLER).reports.get()
    link = {"report_id": report.pk}
    as_user("dispatcher").post(f"/api/calls/{call.pk}/report/", link, format="json")
    assert as_user("dispatcher").get("/api/calls/current/").json()["call"] is None
