"""Keep the landmark index in step with the Place table."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from geo.models import Place
from geo.services import invalidate_landmarks


@receiver(post_save, sender=Place, dispatch_uid="geo_place_saved")
@receiver(post_delete, sender=Place, dispatch_uid="geo_place_deleted")
def place_changed(sender: type[Place], **kwargs: Any) -> None:
    invalidate_landmarks()
