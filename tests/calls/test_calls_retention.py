"""Retention: after RETENTION_DAYS a call keeps its times and outcome, not the caller's
number nor the handset's position."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from calls.models import Call, HandsetLocation
from calls.tasks import calls_anonymize_old


@pytest.mark.django_db
def test_it_forgets_old_callers_and_positions(settings: object) -> None:
    old = timezone.now() - timedelta(days=400)
    call = Call.objects.create(call_id="old", caller="+62812", started_at=old, outcome="dropped")
    fresh = Call.objects.create(call_id="new", caller="+62813", started_at=timezone.now())
    fix = HandsetLocation.objects.create(
        device_number="+62812", channel="https", lat=-5.4, lon=105.2, accuracy_m=10, call=call
    )
    HandsetLocation.objects.filter(pk=fix.pk).update(received_at=old)
    assert calls_anonymize_old() == 2
    call.refresh_from_db()
    fix.refresh_from_db()
    assert (call.caller, call.outcome) == ("", "dropped")
    assert (fix.device_number, fix.lat, fix.lon, fix.fields) == ("", None, None, {})
    fresh.refresh_from_db()
    assert fresh.caller == "+62813"
    assert calls_anonymize_old() == 0  # nothing twice
