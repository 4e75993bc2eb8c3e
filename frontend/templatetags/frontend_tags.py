"""Template helpers of the frontend pages."""

from __future__ import annotations

from typing import Any

from django import template

from dispatch.roles import role_of

register = template.Library()


@register.simple_tag(takes_context=True)
def user_role(context: dict[str, Any]) -> str:
    """The signed-in user's role ("public" for everyone else), for the navigation."""
    request = context.get("request")
    return role_of(getattr(request, "user", None)).value
