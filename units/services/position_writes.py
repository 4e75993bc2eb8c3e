"""Writing units' positions: a second's worth of every unit's fixes in one transaction.

500 units each sending a batch every 10 s is 50 requests a second. Written by each
request, that was 50 transactions a second of an insert and an update, and each
request waited for them in the one thread where Django runs views under ASGI,
ahead of the reports' POSTs (README, Performance, units phase). Instead a request
that passed its checks hands its fixes to this process's PositionWriter and is
answered; a thread of the process writes everything waiting once every
UNIT_POSITIONS_WRITE_EVERY_S: one insert of every fix, then each unit moved to its
newest fix when that is newer than the one it has.

A position is soft state, the next batch replaces it: what waits here is lost
only if the process dies within that second (a clean stop writes it first, at
exit). If the database is away, the fixes wait and are tried again each second,
at most MAX_WAITING of them (the oldest go first).
"""

from __future__ import annotations

import atexit
import logging
import threading
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from units.models import Unit, UnitPosition

logger = logging.getLogger(__name__)

# About ten minutes of 500 units at one fix every 2 s.
MAX_WAITING = 150_000


@dataclass(frozen=True, slots=True)
class Fix:
    unit_id: int
    lat: float
    lon: float
    at: datetime
    accuracy_m: float | None


def positions_write(fixes: list[Fix]) -> int:
    """Store fixes in one transaction: every one in the track (a fix the track has
    already, a replayed batch, is skipped), each unit's newest on its row when
    newer than the one there (a late batch from an offline queue moves no unit back).
    """
    if not fixes:
        return 0
    received = timezone.now()
    with transaction.atomic():
        # A unit deleted since its fixes were accepted would fail everyone's write.
        alive = set(
            Unit.objects.filter(pk__in={fix.unit_id for fix in fixes}).values_list("pk", flat=True)
        )
        fixes = [fix for fix in fixes if fix.unit_id in alive]
        UnitPosition.objects.bulk_create(
            [
                UnitPosition(
                    unit_id=fix.unit_id,
                    lat=fix.lat,
                    lon=fix.lon,
                    at=fix.at,
                    accuracy_m=fix.accuracy_m,
                    received_at=received,
                )
                for fix in fixes
            ],
            ignore_conflicts=True,
        )
        for fix in newest_of_each_unit(fixes):
            # Conditional: of two processes writing, the newer fix wins whatever the order.
            Unit.objects.filter(pk=fix.unit_id).filter(
                Q(position_at__isnull=True) | Q(position_at__lt=fix.at)
            ).update(
                lat=fix.lat,
                lon=fix.lon,
                position_at=fix.at,
                accuracy_m=fix.accuracy_m,
                position_received_at=received,
            )
    return len(fixes)


def newest_of_each_unit(fixes: list[Fix]) -> list[Fix]:
    newest: dict[int, Fix] = {}
    for fix in fixes:
        if fix.unit_id not in newest or newest[fix.unit_id].at < fix.at:
            newest[fix.unit_id] = fix
    return list(newest.values())


class PositionWriter:
    """The fixes this process accepted and has not written yet, and the thread
    that writes them."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.waiting: list[Fix] = []
        self.thread: threading.Thread | None = None
        self.stopped = threading.Event()

    def add(self, fixes: list[Fix]) -> None:
        every = settings.UNIT_POSITIONS_WRITE_EVERY_S
        if every <= 0:
            positions_write(fixes)
            return
        with self.lock:
            self.waiting.extend(fixes)
            self._trim()
        self._start(every)

    def flush(self) -> int:
        """Write what waits now; on failure it waits again. The fixes written."""
        with self.lock:
            fixes, self.waiting = self.waiting, []
        try:
            return positions_write(fixes)
        except Exception:
            with self.lock:
                self.waiting[:0] = fixes
                self._trim()
            raise

    def _trim(self) -> None:
        extra = len(self.waiting) - MAX_WAITING
        if extra > 0:
            logger.warning("unit positions: %s oldest fixes dropped, none written", extra)
            del self.waiting[:extra]

    def _start(self, every: float) -> None:
        if self.thread is not None:
            return
        with self.lock:
            if self.thread is not None:
                return
            # Started by the first batch, in the process that serves it (never before
            # a server forks its workers).
            self.thread = threading.Thread(
                target=self._run, args=(every,), name="unit-positions", daemon=True
            )
            self.thread.start()
            atexit.register(self._flush_logged)

    def stop(self) -> None:
        """Write what waits and end the thread."""
        self.stopped.set()
        if self.thread is not None:
            self.thread.join()
        self._flush_logged()

    def _run(self, every: float) -> None:
        while not self.stopped.wait(every):
            self._flush_logged()

    def _flush_logged(self) -> None:
        try:
            self.flush()
        except Exception:
            logger.warning("unit positions: write failed, will retry", exc_info=True)
            # This thread's connection may be the broken one: the next try opens another.
            connection.close()


WRITER = PositionWriter()
