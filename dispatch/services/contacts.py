"""Calling a reporter back: who may, and the audit entry every call-back leaves.

The desk sees reporters' contacts in full (audited when the detail is read). The
field crew sees them masked, enough to recognise a caller but not to dial; the
crew that holds an incident (its lead agency, once claimed and until resolved)
may ask for one reporter's number to call them back: a lost ambulance needs the
caller's directions. Each such number given out is an AuditEntry
"contact.callback" naming the user, the incident and the report.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from dispatch.models import AuditEntry, Incident, Report, Status
from dispatch.roles import Role, role_of
from dispatch.services.access import DESK_ROLES, NotAllowed, ServiceError

# While the crew is handling it: from its claim until it is resolved.
CALLBACK_STATUSES = (Status.CLAIMED, Status.EN_ROUTE, Status.ON_SCENE)


def may_call_back(*, user: Any, incident: Incident) -> bool:
    """The desk, or staff of the agency holding the incident while they handle it."""
    role = role_of(user)
    if role in DESK_ROLES:
        return True
    if role != Role.AGENCY or incident.status not in CALLBACK_STATUSES:
        return False
    return incident.lead_agency_id is not None and incident.lead_agency_id == user.staff.agency_id


def reporter_call_back(*, user: Any, incident: Incident, report_id: int, address: str) -> Report:
    """One reporter's full contact, for a call back; refused or audited."""
    if not may_call_back(user=user, incident=incident):
        raise NotAllowed(_("Only the desk and the agency handling this incident may call back."))
    report = Report.objects.filter(pk=report_id, incident=incident).first()
    if report is None:
        raise ServiceError(_("This report is not part of the incident."))
    if not report.reporter_phone:
        raise ServiceError(_("This reporter left no phone number."))
    AuditEntry.objects.create(
        user=user,
        action="contact.callback",
        incident=incident,
        report_ids=[report.pk],
        address=address[:64],
    )
    return report
