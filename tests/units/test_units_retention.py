"""Retention: old position tracks and old idempotent answers go, the rest stays; beat
runs it hourly."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from units.models import IdempotentRequest, Unit, UnitPosition
from units.tasks import units_prune_old


def test_it_is_on_beats_schedule() -> None:
    jobs = {job["task"] for job in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "units.tasks.units_prune_old" in jobs


@pytest.mark.django_db
def test_it_deletes_old_tracks_and_answers_only(units: Any, cast: Any, settings: Any) -> None:
    settings.UNIT_POSITIONS_RETENTION_DAYS = 30
    engine, now = units["engine_near"], timezone.now()
    for days in (40, 31, 29, 0):
        UnitPosition.objects.create(
            unit=engine, lat=-5.4, lon=105.25, at=now - timedelta(days=days)
        )
    Unit.objects.filter(pk=engine.pk).update(lat=-5.4, lon=105.25, position_at=now)
    old = IdempotentRequest.objects.create(
        user=cast["damkar"], key="lama", request="POST /x", status_code=200
    )
    IdempotentRequest.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=8))
    IdempotentRequest.objects.create(
        user=cast["damkar"], key="baru", request="POST /x", status_code=200
    )
    assert units_prune_old() == {"positions": 2, "answers": 1}
    kept = sorted((now - p.at).days for p in UnitPosition.objects.all())
    assert kept == [0, 29]
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["baru"]
    assert Unit.objects.get(pk=engine.pk).position_at == now
