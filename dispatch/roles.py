"""Who a user is to the dispatch centre: one role per user, or the public.

Parts of the system that change incidents on their own (triage, the SLA
watchdog, the message intake) act as a `SystemActor`: named in the event log,
never a user account that could sign in.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    PUBLIC = "public"
    DISPATCHER = "dispatcher"
    SUPERVISOR = "supervisor"
    AGENCY = "agency"
    # The phone system (calls.api): call events and handset locations only.
    PBX = "pbx"
    SYSTEM = "system"


@dataclass(frozen=True)
class SystemActor:
    """An automated caller of the services. Made only in code, never from a request."""

    name: str
    # Duck-typed like an AnonymousUser where code asks (`user.is_authenticated`).
    is_authenticated = False
    is_active = True
    pk = None


TRIAGE = SystemActor("triage")
WATCHDOG = SystemActor("sla-watchdog")
MESSAGES = SystemActor("messages")
# Alerts to people (interop.alerts): the messages of an escalation chain, and its stop.
ALERTS = SystemActor("alerts")


def role_of(user: Any) -> Role:
    if isinstance(user, SystemActor):
        return Role.SYSTEM
    if user is None or not user.is_authenticated or not user.is_active:
        return Role.PUBLIC
    staff = getattr(user, "staff", None)
    if staff is None:
        return Role.PUBLIC
    if staff.role == Role.AGENCY and staff.agency_id is None:
        return Role.PUBLIC
    return Role(staff.role)


def is_desk(user: Any) -> bool:
    """Dispatchers and supervisors see everything."""
    return role_of(user) in (Role.DISPATCHER, Role.SUPERVISOR)


def is_staff_member(user: Any) -> bool:
    return role_of(user) in (Role.DISPATCHER, Role.SUPERVISOR, Role.AGENCY)
