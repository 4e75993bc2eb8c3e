"""Who a user is to the dispatch centre: one role per user, or the public."""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Role(StrEnum):
    PUBLIC = "public"
    DISPATCHER = "dispatcher"
    SUPERVISOR = "supervisor"
    AGENCY = "agency"


def role_of(user: Any) -> Role:
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
    return role_of(user) != Role.PUBLIC
