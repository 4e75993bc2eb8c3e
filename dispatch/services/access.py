"""Refusals and the checks that raise them, shared by every service."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from dispatch.models import Agency, Incident
from dispatch.roles import Role, role_of


class ServiceError(Exception):
    """A refused change, with a message fit for the person who asked."""

    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Conflict(ServiceError):
    """The incident is not in a state that allows it (lost race, refused transition)."""

    status_code = 409


class NotAllowed(ServiceError):
    status_code = 403


# The system acts on the desk's behalf (a reporter's shared location, say); it is
# never built from a request, so it cannot be used to get round these checks.
DESK_ROLES = (Role.DISPATCHER, Role.SUPERVISOR, Role.SYSTEM)


def require_desk(user: Any) -> None:
    """Dispatchers and supervisors: the roles that assign, merge and cancel."""
    if role_of(user) not in DESK_ROLES:
        raise NotAllowed(_("Only dispatchers and supervisors may do this."))


def acting_agency(*, user: Any, agency: Agency | None) -> Agency:
    """The agency a user acts for: agency staff only ever for their own."""
    role = role_of(user)
    if role == Role.AGENCY:
        own = user.staff.agency
        if agency is not None and agency.pk != own.pk:
            raise NotAllowed(_("You may only act for your own agency."))
        return own
    if role in DESK_ROLES:
        if agency is None:
            raise ServiceError(_("Choose the agency to act for."))
        return agency
    raise NotAllowed(_("Only staff may do this."))


def require_holder(*, user: Any, incident: Incident) -> None:
    """Field status changes belong to the agency holding the incident (or the desk)."""
    role = role_of(user)
    if role in DESK_ROLES:
        return
    if role == Role.AGENCY and incident.lead_agency_id == user.staff.agency_id:
        return
    raise NotAllowed(_("Only the agency handling this incident may change it."))
