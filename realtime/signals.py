"""Signing out or losing a role closes that user's live sockets; /metrics gets the hubs' gauges."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from dispatch.models import Staff
from dispatch.signals import metrics_requested
from realtime import presence
from realtime.events import close_user_sockets_on_commit


@receiver(user_logged_out)
def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        close_user_sockets_on_commit(user.pk, "signed out")


@receiver(post_save, sender=Staff)
@receiver(post_delete, sender=Staff)
def on_role_change(sender: Any, instance: Staff, **kwargs: Any) -> None:
    if not kwargs.get("created"):
        close_user_sockets_on_commit(instance.user_id, "role changed")


@receiver(post_save, sender=get_user_model())
def on_user_change(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if not created and not instance.is_active:
        close_user_sockets_on_commit(instance.pk, "account disabled")


@receiver(metrics_requested)
def hub_metrics(sender: Any, **kwargs: Any) -> list[str]:
    return presence.hub_metrics_lines()
