"""TERIMA <kode> <PIN> and SELESAI <kode> <PIN> <catatan> by SMS or WhatsApp from a
registered number."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client

from dispatch.models import Incident, Report, Staff
from interop.messaging.commands import parse, without_pin
from interop.models import InboundMessage
from interop.services import staff_pin_set
from tests.conftest import open_incident
from tests.interop.conftest import FakeProvider, post_sms, post_whatsapp, wa_text, whatsapp_payload

DAMKAR_PHONE = "+6281100000001"
DINKES_PHONE = "+6281100000002"
STRANGER = "+6285299990000"
PIN = "482913"


@pytest.fixture
def phones(cast: dict[str, Any]) -> None:
    Staff.objects.filter(user=cast["damkar"]).update(phone=DAMKAR_PHONE)
    Staff.objects.filter(user=cast["dinkes"]).update(phone=DINKES_PHONE)
    for name in ("damkar", "dinkes"):
        staff_pin_set(staff=Staff.objects.get(user=cast[name]), pin=PIN)


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
    reply = damkar(f"TERIMA {incident.pk} {PIN}")
    assert reply.startswith("Diterima.")
    assert f"#{incident.pk}" in reply and "Kebakaran" in reply
    incident.refresh_from_db()
    assert incident.status == "claimed"
    assert incident.claimed_by == cast["damkar"]
    reply = damkar(f"selesai {incident.pk} {PIN} Api padam, tidak ada korban")
    assert "ditandai selesai" in reply
    incident.refresh_from_db()
    assert incident.status == "resolved"
    assert incident.resolution_note == "Api padam, tidak ada korban"
    # Commands are not reports.
    assert Report.objects.count() == 1


def test_it_takes_a_tracking_code_over_whatsapp(provider: FakeProvider) -> None:
    incident = open_incident()
    code = incident.reports.get().tracking_code
    body = whatsapp_payload(wa_text("wamid.C1", DAMKAR_PHONE[1:], f"Terima {code.lower()} {PIN}"))
    assert post_whatsapp(Client(enforce_csrf_checks=True), body).status_code == 200
    incident.refresh_from_db()
    assert incident.status == "claimed"
    assert provider.texts_to(DAMKAR_PHONE[1:])[-1].startswith("Diterima.")


def test_it_refuses_an_unregistered_number(provider: FakeProvider) -> None:
    incident = open_incident()
    reply = Sender(provider, STRANGER)(f"TERIMA {incident.pk} {PIN}")
    assert "tidak terdaftar" in reply
    incident.refresh_from_db()
    assert incident.status == "new"
    assert Report.objects.count() == 1


def test_it_refuses_another_agencys_incident(provider: FakeProvider) -> None:
    incident = open_incident()
    reply = Sender(provider, DINKES_PHONE)(f"TERIMA {incident.pk} {PIN}")
    assert reply == "Gagal: Kejadian ini tidak diteruskan ke instansi Anda."
    assert Incident.objects.get(pk=incident.pk).status == "new"


def test_it_explains_every_mistake(provider: FakeProvider) -> None:
    incident = open_incident()
    damkar = Sender(provider, DAMKAR_PHONE)
    assert damkar("TERIMA").startswith("Format: TERIMA")
    assert damkar(f"TERIMA {incident.pk}").startswith("Format: TERIMA")  # no PIN
    assert "tidak ditemukan" in damkar(f"TERIMA 999999 {PIN}")
    assert "tidak ditemukan" in damkar(f"TERIMA ZZZZZZZZZZ {PIN}")
    assert damkar(f"SELESAI {incident.pk} {PIN}").startswith("Tuliskan catatan")
    reply = damkar(f"SELESAI {incident.pk} {PIN} sudah")
    assert reply.startswith("Gagal: Status tidak dapat diubah")
    damkar(f"TERIMA {incident.pk} {PIN}")
    assert damkar(f"TERIMA {incident.pk} {PIN}").startswith("Gagal: Kejadian ini sudah diterima")


def test_it_refuses_a_number_shared_by_two_staff(provider: FakeProvider, cast: Any) -> None:
    Staff.objects.filter(user=cast["dinkes"]).update(phone=DAMKAR_PHONE)
    incident = open_incident()
    reply = Sender(provider, DAMKAR_PHONE)(f"TERIMA {incident.pk} {PIN}")
    assert "lebih dari satu petugas" in reply


def test_it_parses_commands() -> None:
    assert parse("Kebakaran di pasar") is None
    assert parse("terima #12").code == "12"
    assert parse("TERIMA 12").incident_id == 12
    command = parse("SELESAI abcd234567 123456 Api padam   total")
    assert (command.action, command.code, command.pin, command.note) == (
        "SELESAI",
        "ABCD234567",
        "123456",
        "Api padam   total",
    )
    assert parse("TERIMA <script>").code == ""
    assert parse("TERIMA 12 12345").pin == ""  # six digits
    assert without_pin("terima 12 123456") == "terima 12 ******"


def test_it_refuses_a_command_without_the_staff_members_pin(
    provider: FakeProvider, cast: dict[str, Any]
) -> None:
    # Issue 17: the sender's number alone was trusted, and SMS senders can be forged.
    incident = open_incident()
    forged = Sender(provider, DAMKAR_PHONE)
    assert "PIN" in forged(f"TERIMA {incident.pk}")
    assert "PIN salah" in forged(f"TERIMA {incident.pk} 000000")
    assert Incident.objects.get(pk=incident.pk).status == "new"


def test_it_locks_a_number_out_after_five_wrong_pins(
    provider: FakeProvider, cast: dict[str, Any]
) -> None:
    incident = open_incident(kinds=("dinkes",), category="medical")
    # A number of its own: the count of wrong PINs may live on in Redis between runs.
    dinkes = Sender(provider, f"+62811{uuid.uuid4().int % 10**7:07d}")
    Staff.objects.filter(user=cast["dinkes"]).update(phone=dinkes.phone)
    for _ in range(5):
        assert "PIN salah" in dinkes(f"TERIMA {incident.pk} 111111")
    assert "Terlalu banyak PIN salah" in dinkes(f"TERIMA {incident.pk} {PIN}")
    assert Incident.objects.get(pk=incident.pk).status == "new"


def test_it_needs_a_pin_set_by_the_desk(provider: FakeProvider, cast: dict[str, Any]) -> None:
    Staff.objects.get(user=cast["damkar"]).sms_pin.delete()
    incident = open_incident()
    assert "belum punya PIN" in Sender(provider, DAMKAR_PHONE)(f"TERIMA {incident.pk} {PIN}")


def test_it_never_keeps_a_pin_in_a_failed_message(provider: FakeProvider, monkeypatch: Any) -> None:
    from interop import services as interop_services

    def broken(**kwargs: Any) -> Any:
        raise RuntimeError("claim exploded")

    monkeypatch.setattr(interop_services, "_run_command", broken)
    fields = {"from": DAMKAR_PHONE, "text": f"TERIMA 12 {PIN}", "message_id": "pin-1"}
    assert post_sms(Client(enforce_csrf_checks=True), fields).status_code == 200
    kept = InboundMessage.objects.get(message_id="pin-1")
    assert kept.outcome == "failed" and PIN not in kept.text


def test_the_desk_sets_a_pin_in_the_admin(cast: dict[str, Any]) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import check_password

    admin = get_user_model().objects.create_superuser("root", password="x-long-password-1")
    client = Client()
    client.force_login(admin)
    staff = Staff.objects.get(user=cast["damkar"])
    staff.sms_pin.delete()
    assert client.get("/admin/interop/staffpin/add/").status_code == 200
    response = client.post("/admin/interop/staffpin/add/", {"staff": staff.pk, "pin": "123"})
    assert response.status_code == 200  # six digits, or the form says so
    response = client.post("/admin/interop/staffpin/add/", {"staff": staff.pk, "pin": "246810"})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert check_password("246810", staff.sms_pin.pin_hash)
    assert "246810" not in staff.sms_pin.pin_hash
