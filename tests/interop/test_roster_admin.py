"""The duty roster in the Django admin: listed, added with a number in any usual
form (kept as E.164); alerts are read-only there."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from interop.models import Alert, DutyRoster
from tests.conftest import open_incident
from tests.interop.alerts_fixtures import (
    committed,
    roster_fixture,  # noqa: F401 (the `roster` fixture)
)


@pytest.fixture
def admin_client(cast: Any) -> Client:
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client = Client()
    client.force_login(admin)
    return client


def test_it_adds_a_person_with_the_number_in_e164(admin_client: Client, city_agencies: Any) -> None:
    form = {
        "agency": city_agencies["bpbd"].pk,
        "role": "officer",
        "name": "Dewi",
        "phone": "0812-3456-7890",
        "channel": "sms",
        "on_duty": "on",
        "shift_start": "07:00",
        "shift_end": "19:00",
    }
    response = admin_client.post("/admin/interop/dutyroster/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    person = DutyRoster.objects.get(name="Dewi")
    assert person.phone == "+6281234567890"
    form["phone"] = "halo"
    refused = admin_client.post("/admin/interop/dutyroster/add/", form)
    assert refused.status_code == 200 and "Not a phone number." in refused.content.decode()


@pytest.mark.usefixtures("roster")
def test_it_lists_the_roster_and_shows_an_alert_read_only(
    admin_client: Client, provider: Any
) -> None:
    assert admin_client.get("/admin/interop/dutyroster/").status_code == 200
    with committed():
        open_incident(priority="P1")
    alert = Alert.objects.get()
    page = admin_client.get(f"/admin/interop/alert/{alert.pk}/change/")
    assert page.status_code == 200
    assert "Andi" in page.content.decode()
    assert admin_client.get("/admin/interop/alert/add/").status_code == 403
