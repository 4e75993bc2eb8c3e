"""POST /api/aml/: the AML HTTPS body (ETSI TS 103 625), form-encoded, from the PBX account."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from calls.models import Call, HandsetLocation
from tests.calls.conftest import aml_form

pytestmark = pytest.mark.usefixtures("phone_cast")
FORM = "application/x-www-form-urlencoded"


def post(client: Any, body: str, content_type: str = FORM) -> Any:
    return client.post("/api/aml/", body, content_type=content_type)


def test_it_attaches_the_fix_to_the_call_of_the_number(as_user: Any) -> None:
    call = Call.objects.create(call_id="c-7", caller="+6281277700044", started_at=timezone.now())
    response = post(as_user("pbx"), aml_form(device_number="0812-7770-0044"))
    assert response.status_code == 200
    assert response.json()["call_id"] == "c-7"
    fix = HandsetLocation.objects.get()
    assert (fix.call, fix.accuracy_m, fix.source, fix.channel) == (call, 35.0, "gps", "https")


def test_it_keeps_a_fix_that_comes_before_the_call(as_user: Any) -> None:
    assert post(as_user("pbx"), aml_form()).json()["call_id"] is None
    as_user("pbx").post(
        "/api/calls/",
        {"event": "ring", "call_id": "c-8", "caller": "+6281277700044", "at": timezone.now()},
        format="json",
    )
    assert HandsetLocation.objects.get().call.call_id == "c-8"


def test_it_leaves_an_old_call_of_the_number_alone(as_user: Any) -> None:
    old = timezone.now() - timedelta(hours=2)
    Call.objects.create(call_id="old", caller="+6281277700044", started_at=old)
    post(as_user("pbx"), aml_form())
    assert HandsetLocation.objects.get().call is None


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"v": "2"}, "AML version 2 is not supported"),
        ({"location_latitude": "48.85", "location_longitude": "2.35"}, "outside Indonesia"),
        ({"location_accuracy": "0"}, "not a usable accuracy"),
        ({"location_time": str(int(timezone.now().timestamp() * 1000) + 3_600_000)}, "future"),
        ({"device_imei": "12"}, "14 to 16 digits"),
    ],
)
def test_it_refuses_a_wrong_body_with_the_reason(as_user: Any, overrides: dict, words: str) -> None:
    response = post(as_user("pbx"), aml_form(**overrides))
    assert response.status_code == 400
    assert words in response.json()["errors"]["body"][0]
    assert not HandsetLocation.objects.exists()


def test_it_refuses_a_number_that_is_none(as_user: Any) -> None:
    response = post(as_user("pbx"), aml_form(device_number="hello"))
    assert response.status_code == 400
    assert "device_number" in response.json()["errors"]


def test_it_refuses_repeated_fields_and_json(as_user: Any) -> None:
    response = post(as_user("pbx"), aml_form() + "&v=3")
    assert response.status_code == 400
    assert "each field once" in response.json()["errors"]["body"][0]
    response = post(as_user("pbx"), '{"v": "3"}', content_type="application/json")
    assert response.status_code == 415
    assert "form-encoded" in response.json()["errors"]["body"][0]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("anonymous", 403), ("citizen", 403), ("damkar", 403), ("dispatcher", 403), ("pbx", 200)],
)
def test_it_takes_aml_from_the_phone_system_only(as_user: Any, name: str, expected: int) -> None:
    assert post(as_user(name), aml_form()).status_code == expected
