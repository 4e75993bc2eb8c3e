from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission

from dispatch.roles import is_desk, is_staff_member


class IsStaffMember(BasePermission):
    """Dispatchers, supervisors and agency staff."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return is_staff_member(request.user)


class IsDesk(BasePermission):
    """Dispatchers and supervisors."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return is_desk(request.user)
