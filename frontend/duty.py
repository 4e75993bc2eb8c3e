"""Who of an agency is on duty: the board's roster (`POST /api/duty/`).

The live sockets count an agency's open boards for the console (realtime.presence)
but carry no names, and agency sockets are not sent presence. The board asks here
instead, every DUTY_POLL_S: the call marks its user as on duty and answers the
colleagues of the same agency seen within DUTY_TTL_S, by name. One cache key per
user (Redis with REDIS_URL, so every server process sees it; in the embedded mode
there is one process): no shared list to race on, and a board closed or offline
drops off the roster by itself.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache
from django.utils.translation import gettext as _
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dispatch.api.permissions import IsStaffMember
from dispatch.models import Agency, Staff, StaffRole
from dispatch.roles import Role, role_of

DUTY_POLL_S = 30
# Two missed polls and a margin: a phone between two cell towers stays on the roster.
DUTY_TTL_S = 75


def _key(user_id: int) -> str:
    return f"duty:user:{user_id}"


def now() -> float:
    return time.time()


def duty_mark(*, user: Any) -> None:
    """This user is on duty now (their board is open)."""
    cache.set(_key(user.pk), now(), timeout=DUTY_TTL_S)


def duty_roster(*, agency: Agency) -> list[dict[str, Any]]:
    """The agency's staff seen within DUTY_TTL_S, by name, the latest seen first."""
    staff = Staff.objects.filter(
        agency=agency, role=StaffRole.AGENCY, user__is_active=True
    ).select_related("user")
    users = {_key(s.user_id): s.user for s in staff}
    seen = cache.get_many(list(users))
    limit = now() - DUTY_TTL_S
    roster = [
        {
            "username": user.get_username(),
            "name": user.get_full_name() or user.get_username(),
            "at": at,
        }
        for key, user in users.items()
        if (at := seen.get(key)) is not None and at >= limit
    ]
    return sorted(roster, key=lambda row: (-row["at"], row["name"]))


class DutyView(APIView):
    """POST: I am on duty; answers who of my agency is. Agency staff only."""

    permission_classes = [IsStaffMember]

    def post(self, request: Request) -> Response:
        if role_of(request.user) != Role.AGENCY:
            return Response({"detail": _("Only agency staff have a duty roster.")}, status=403)
        duty_mark(user=request.user)
        agency = request.user.staff.agency
        roster = duty_roster(agency=agency)
        on_duty = [{"username": r["username"], "name": r["name"]} for r in roster]
        return Response({"agency": agency.pk, "poll_s": DUTY_POLL_S, "on_duty": on_duty})
