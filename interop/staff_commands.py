"""Staff commands by SMS or WhatsApp (TERIMA / SELESAI / SIAP <incident> <PIN>) from a
registered staff number. Every refusal says why; a wrong PIN counts against the
number. Public names are importable from interop.services.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.utils import timezone

from dispatch import ratelimit
from dispatch import services as dispatch_services
from dispatch.models import Incident, Staff, Status
from interop import alerts, selectors
from interop.messaging import commands as staff_commands
from interop.models import StaffPin

# Wrong PINs from one number before its commands are refused for a while.
PIN_ATTEMPTS = ratelimit.Rate(count=5, seconds=900)


def staff_pin_set(*, staff: Staff, pin: str) -> None:
    """Give a staff member a command PIN (six digits); only its hash is kept."""
    if not staff_commands.PIN.match(pin):
        raise ValueError("A PIN is six digits.")
    StaffPin.objects.update_or_create(staff=staff, defaults={"pin_hash": make_password(pin)})


def _pin_refusal(*, staff: Staff, sender: str, pin: str) -> tuple[str, str] | None:
    """Why a command's PIN is refused (a reply and an outcome), or None when it is right."""
    if ratelimit.over("pin", sender, PIN_ATTEMPTS):
        # English: "too many wrong PINs; try again in 15 minutes or call the operator".
        return (
            "Terlalu banyak PIN salah. Coba lagi 15 menit lagi atau hubungi operator 112.",
            "refused_locked",
        )
    stored = StaffPin.objects.filter(staff=staff).values_list("pin_hash", flat=True).first()
    if not stored:
        # English: "no PIN set for this number; ask the operator".
        return "Nomor ini belum punya PIN perintah. Hubungi operator 112.", "refused_no_pin"
    if not check_password(pin, stored):
        ratelimit.hit("pin", sender, PIN_ATTEMPTS)
        return "PIN salah. Perintah tidak dijalankan.", "refused_pin"  # "wrong PIN"
    return None


def run_command(*, sender: str, command: staff_commands.Command) -> tuple[str, str]:
    """TERIMA / SELESAI from a registered staff number; every refusal says why."""
    staff = selectors.staff_with_phone(phone=sender)
    if not staff:
        # English: "this number is not registered as staff".
        return (
            "Nomor ini tidak terdaftar sebagai nomor petugas, jadi perintah "
            f"{command.action} tidak dijalankan. Hubungi operator 112.",
            "refused_unregistered",
        )
    if len(staff) > 1:
        return (
            "Nomor ini terdaftar untuk lebih dari satu petugas. Hubungi operator 112.",
            "refused_ambiguous",
        )
    usage = {
        staff_commands.ACK: "Format: SIAP <nomor kejadian atau kode lacak> <PIN>",
        staff_commands.CLAIM: "Format: TERIMA <nomor kejadian atau kode lacak> <PIN>",
        staff_commands.RESOLVE: "Format: SELESAI <nomor kejadian atau kode lacak> <PIN> <catatan>",
    }[command.action]
    if not command.code or not command.pin:
        return usage, "refused_usage"
    refused = _pin_refusal(staff=staff[0], sender=sender, pin=command.pin)
    if refused:
        return refused
    if command.action == staff_commands.RESOLVE and not command.note:
        return f"Tuliskan catatan penyelesaian. {usage}", "refused_usage"
    incident = selectors.incident_by_code(code=command.code)
    if incident is None:
        return f"Kejadian dengan kode {command.code} tidak ditemukan.", "refused_not_found"
    user = staff[0].user
    if command.action == staff_commands.ACK:
        return _acknowledge(incident=incident, user=user, sender=sender)
    try:
        if command.action == staff_commands.CLAIM:
            incident = dispatch_services.incident_claim(incident=incident, user=user)
            return f"Diterima. {selectors.incident_summary(incident)}", "claimed"
        incident = dispatch_services.incident_set_status(
            incident=incident, user=user, status=Status.RESOLVED, note=command.note
        )
        return f"Kejadian #{incident.pk} ditandai selesai. Terima kasih.", "resolved"
    except dispatch_services.ServiceError as exc:
        return f"Gagal: {exc.message}", "refused"


def _acknowledge(*, incident: Incident, user: Any, sender: str) -> tuple[str, str]:
    """SIAP: the alerts of this incident sent to this person stop climbing."""
    count = alerts.alerts_acknowledge_by_reply(
        incident=incident, user=user, phone=sender, now=timezone.now()
    )
    if not count:
        # English: "no open alert of incident #n for you".
        return f"Tidak ada peringatan terbuka untuk Anda pada kejadian #{incident.pk}.", "refused"
    # English: "alert of incident #n acknowledged; thank you".
    return f"Peringatan kejadian #{incident.pk} dikonfirmasi. Terima kasih.", "acknowledged"
