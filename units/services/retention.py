"""How long unit data is kept: positions for UNIT_POSITIONS_RETENTION_DAYS (a track is
personal data of the crew), the answers of idempotent requests for a week (longer
than any phone stays offline with a queue to replay)."""

from __future__ import annotations

from datetime import datetime, timedelta

from units.models import IdempotentRequest, UnitPosition

IDEMPOTENT_ANSWERS_KEPT = timedelta(days=7)


def units_prune_old(*, now: datetime, positions_days: int) -> dict[str, int]:
    """Delete positions and stored answers past their time; the counts deleted.

    A unit's current position stays on the unit itself: only its track shortens.
    """
    positions, _ = UnitPosition.objects.filter(at__lt=now - timedelta(days=positions_days)).delete()
    answers, _ = IdempotentRequest.objects.filter(
        created_at__lt=now - IDEMPOTENT_ANSWERS_KEPT
    ).delete()
    return {"positions": positions, "answers": answers}
