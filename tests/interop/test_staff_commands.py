"""TERIMA <kode> and SELESAI <kode> <catatan> by SMS or WhatsApp from a registered number."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from dispatch.models import Incident, Report, Staff
from interop.messaging.commands import parse
from tests.conftest import open_incident
from tests.interop.conftest import FakeProvider, post_sms, post_whatsapp, wa_text, whatsapp_payload

DAMKAR_PHONE = "+6281100000001"
DINKES_PHONE = "+6281100000002"
STRANGER = "+6285299990000"


@pytest.fixture
def phones(cast: dict[str, Any]) -> None:
    Staff.objects.filter(user=cast["damkar"]).update(phone=DAMKAR_PHONE)
    Staff.objects.filter(user=cast["dinkes"]).update(phone=DINKES_PHONE)


class Sender:
    """Sends SMS from one number and reads the replies the gateway was asked to send."""

    def __init__(self, provider: FakeProvider, phone: str) -> None:
        self.provider, self.phone, self.count = provider, phone, 0

    def __call__(self, text: str) -> str:
        self.count += 1
        fields = {"from": self.phone, "text": text, "message_id": f"{self.phone}-{self.count}"}
        assert post_sms(Client(enforce_csrf_checks=True), fields).status_code == 200
        return self.provider.texts_to(self.phone)[-1]


pytestmark = pytest.mark.usefixtures("phones")


def test_it_claims_and_resolves_from_a_registered_number(
    provider: FakeProvider, cast: dict[str, Any]
) -> None:
    incident = open_incident()
    damkar = Sender(provider, DAMKAR_PHONE)
    reply = damkar(f"TERIMA {incident.pk}")
    assert reply.startswith("Diterima.")
    assert f"#{incident.pk}" in reply and "Kebakaran" in reply
    incident.refresh_from_db()
    assert incident.status == "claimed"
    assert incident.claimed_by == cast["damkar"]
    reply = damkar(f"selesai {incident.pk} Api padam, tidak ada korban")
    assert "ditandai selesai" in reply
    incident.refresh_from_db()
    assert incident.status == "resolved"
    assert incident.resolution_note == "Api padam, tidak ada korban"
    # Commands are not reports.
    assert Report.objects.count() == 1


def test_it_takes_a_tracking_code_over_whatsapp(provider: FakeProvider) -> None:
    incident = open_incident()
    code = incident.reports.get().tracking_code
    body = whatsapp_payload(wa_text("wamid.C1", DAMKAR_PHONE[1:], f"Terima {code.lower()}"))
    assert post_whatsapp(Client(enforce_csrf_checks=True), body).status_code == 200
    incident.refresh_from_db()
    assert incident.status == "claimed"
    assert provider.texts_to(DAMKAR_PHONE[1:])[-1].startswith("Diterima.")


def test_it_refuses_an_unregistered_number(provider: FakeProvider) -> None:
    incident = open_incident()
    reply = Sender(provider, STRANGER)(f"TERIMA {incident.pk}")
    assert "tidak terdaftar" in reply
    incident.refresh_from_db()
    assert incident.status == "new"
    assert Report.objects.count() == 1


def test_it_refuses_another_agencys_incident(provider: FakeProvider) -> None:
    incident = open_incident()
    reply = Sender(provider, DINKES_PHONE)(f"TERIMA {incident.pk}")
    assert reply == "Gagal: Kejadian ini tidak diteruskan ke instansi Anda."
    assert Incident.objects.get(pk=incident.pk).status == "new"


def test_it_explains_every_mistake(provider: FakeProvider) -> None:
    incident = open_incident()
    damkar = Sender(provider, DAMKAR_PHONE)
    assert damkar("TERIMA").startswith("Format: TERIMA")
    assert "tidak ditemukan" in damkar("TERIMA 999999")
    assert "tidak ditemukan" in damkar("TERIMA ZZZZZZZZZZ")
    assert damkar(f"SELESAI {incident.pk}").startswith("Tuliskan catatan")
    assert damkar(f"SELESAI {incident.pk} sudah").startswith("Gagal: Status tidak dapat diubah")
    damkar(f"TERIMA {incident.pk}")
    assert damkar(f"TERIMA {incident.pk}").startswith("Gagal: Kejadian ini sudah diterima")


def test_it_refuses_a_number_shared_by_two_staff(provider: FakeProvider, cast: Any) -> None:
    Staff.objects.filter(user=cast["dinkes"]).update(phone=DAMKAR_PHONE)
    incident = open_incident()
    assert "lebih dari satu petugas" in Sender(provider, DAMKAR_PHONE)(f"TERIMA {incident.pk}")


def test_it_parses_commands() -> None:
    assert parse("Kebakaran di pasar") is None
    assert parse("terima #12").code == "12"
    assert parse("TERIMA 12").incident_id == 12
    command = parse("SELESAI abcd234567 Api padam   total")
    assert (command.action, command.code, command.note) == (
        "SELESAI",
        "ABCD234567",
        "Api padam   total",
    )
    assert parse("TERIMA <script>").code == ""
