"""Celery tasks of units: they take no arguments or ids and call a service."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from units.services.retention import units_prune_old as prune


@shared_task
def units_prune_old() -> dict[str, int]:
    return prune(now=timezone.now(), positions_days=settings.UNIT_POSITIONS_RETENTION_DAYS)
