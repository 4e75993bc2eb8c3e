"""The demo duty roster: for every agency with a demo user, its officer (that user)
and a head of agency; one supervisor (the demo supervisor) for every agency.

Phone numbers are of the demo range +62 811 0000 xxxx: nobody real gets a demo
alert, and the outbox reports them failed unless a provider is configured. Safe to
run twice: an entry is known by its agency, role and name.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from dispatch.models import Staff, StaffRole
from interop.models import DutyRole, DutyRoster, Provider


def _phone(number: int) -> str:
    return f"+628110000{number:04d}"


def roster_seed_demo() -> int:
    """Create or update the demo roster entries; how many there are."""
    entries = 0
    with transaction.atomic():
        agency_staff = Staff.objects.filter(role=StaffRole.AGENCY, agency__isnull=False)
        for staff in agency_staff.select_related("user", "agency").order_by("agency_id"):
            # The demo users are named by their agency's kind (damkar, dinkes, ...).
            if staff.user.username != staff.agency.kind:
                continue
            agency = staff.agency
            officer = {"user": staff.user, "phone": _phone(agency.pk * 2), "on_duty": True}
            DutyRoster.objects.update_or_create(
                agency=agency,
                role=DutyRole.OFFICER,
                name=f"Petugas jaga {agency.name}",
                defaults={**officer, "channel": Provider.WHATSAPP},
            )
            DutyRoster.objects.update_or_create(
                agency=agency,
                role=DutyRole.HEAD,
                name=f"Kepala {agency.name}",
                defaults={"phone": _phone(agency.pk * 2 + 1), "channel": Provider.SMS},
            )
            entries += 2
        supervisor = get_user_model().objects.filter(username="supervisor").first()
        DutyRoster.objects.update_or_create(
            agency=None,
            role=DutyRole.SUPERVISOR,
            name="Supervisor Call Center 112",
            defaults={"user": supervisor, "phone": _phone(9999), "channel": Provider.WHATSAPP},
        )
    return entries + 1
