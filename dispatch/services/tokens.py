"""API tokens (django-rest-knox): issued for a shift, revoked by their user, and all
of a user's revoked when the password changes or the account is disabled.

Knox's model is looked up when used: this module loads with the app registry.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings


def _tokens() -> Any:
    from knox.models import get_token_model

    return get_token_model()


def token_issue(*, user: Any) -> tuple[str, datetime]:
    """A new token of this user, valid for API_TOKEN_TTL_HOURS: (token, expiry).

    The token itself is shown this once; only its digest is stored.
    """
    instance, token = _tokens().objects.create(
        user=user, expiry=timedelta(hours=settings.API_TOKEN_TTL_HOURS)
    )
    return token, instance.expiry


def token_revoke(*, token: Any) -> None:
    """Revoke one token (the one a request was made with: `request.auth`)."""
    token.delete()


def tokens_revoke_all(*, user: Any) -> int:
    """Revoke every token of this user; how many there were."""
    deleted, _by_model = _tokens().objects.filter(user=user).delete()
    return deleted


def user_pre_save(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """pre_save of the user model: a new password or a disabled account ends every token.

    Django has no signal for a password change; every path that changes one
    (admin, changepassword, the password forms) saves the user. A save of other
    fields only (last_login at each sign-in) is not looked at.
    """
    fields = kwargs.get("update_fields")
    if (
        raw
        or instance.pk is None
        or (fields is not None and not {"password", "is_active"} & set(fields))
    ):
        return
    before = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before is None:
        return
    disabled = before["is_active"] and not instance.is_active
    if disabled or before["password"] != instance.password:
        tokens_revoke_all(user=instance)
