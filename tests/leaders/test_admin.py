"""The recipients are edited in the admin; deliveries are shown there, read only."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from leaders.models import ReportDelivery, ReportRecipient

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_() -> Client:
    user = get_user_model().objects.create_superuser("root", password="x-very-long-pass")
    client = Client()
    client.force_login(user)
    return client


def test_it_adds_a_recipient(admin_client_: Client) -> None:
    response = admin_client_.post(
        "/admin/leaders/reportrecipient/add/",
        {
            "name": "Kantor Bupati",
            "role": "head",
            "email": "bupati@kab.example",
            "phone": "+6281277700099",
            "message_channel": "sms",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content
    recipient = ReportRecipient.objects.get()
    assert (recipient.role, recipient.message_channel) == ("head", "sms")


def test_it_lists_deliveries_and_changes_none(admin_client_: Client) -> None:
    delivery = ReportDelivery.objects.create(
        recipient_name="Sekda",
        channel="email",
        address="sekda@kota.example",
        report_date=date(2026, 3, 10),
        status="failed",
        last_error="ConnectionRefusedError(111)",
    )
    page = admin_client_.get("/admin/leaders/reportdelivery/")
    assert page.status_code == 200 and "Sekda" in page.content.decode()
    assert admin_client_.get("/admin/leaders/reportdelivery/add/").status_code == 403
    detail = admin_client_.get(f"/admin/leaders/reportdelivery/{delivery.pk}/change/")
    assert detail.status_code == 200  # viewable, with no save button
    assert 'name="_save"' not in detail.content.decode()
