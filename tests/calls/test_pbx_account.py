"""The phone system's account posts calls and handset locations and sees nothing else;
an operator's extension is edited in the admin."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from dispatch.models import Staff
from dispatch.roles import Role, role_of

pytestmark = pytest.mark.usefixtures("phone_cast")


@pytest.mark.parametrize(
    "path",
    ["/api/incidents/", "/api/events/?after=0", "/api/units/", "/api/places/?q=a"],
)
def test_it_sees_no_incident_unit_or_place(as_user: Any, path: str) -> None:
    assert role_of(get_user_model().objects.get(username="pbx")) == Role.PBX
    assert as_user("pbx").get(path).status_code == 403


def test_it_is_sent_no_alert(as_user: Any) -> None:
    # Alerts are for whoever they were sent to (anyone signed in): none for the PBX.
    assert as_user("pbx").get("/api/alerts/").json() == []


def test_it_has_no_screen(phone_cast: dict[str, Any]) -> None:
    client = Client()
    client.force_login(phone_cast["pbx"])
    assert client.get("/").status_code == 403
    assert client.get("/agency/").status_code == 403
    assert client.get("/lapangan/").status_code == 403


def test_an_extension_is_edited_in_the_admin(phone_cast: dict[str, Any]) -> None:
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw-123456")
    client = Client()
    client.force_login(admin)
    staff = phone_cast["supervisor"].staff
    page = client.get(f"/admin/dispatch/staff/{staff.pk}/change/")
    assert 'name="extension"' in page.content.decode()
    response = client.post(
        f"/admin/dispatch/staff/{staff.pk}/change/",
        {"user": staff.user_id, "role": "supervisor", "phone": "", "extension": "205"},
    )
    assert response.status_code == 302
    assert Staff.objects.get(pk=staff.pk).extension == "205"
