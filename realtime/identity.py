"""Which audience a signed-in user belongs to."""

from __future__ import annotations

from typing import Any

from dispatch.roles import Role, role_of
from realtime.sync import Audience


def audience_for(user: Any) -> Audience | None:
    role = role_of(user)
    if role in (Role.DISPATCHER, Role.SUPERVISOR):
        return Audience(kind="dispatch", user_id=user.pk)
    if role == Role.AGENCY:
        return Audience(kind="agency", agency_id=user.staff.agency_id, user_id=user.pk)
    return None
