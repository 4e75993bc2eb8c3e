"""Demo data of the leaders' reports, per profile (seed_demo sends `demo_seeded`).

Recipients: the head of region's office, the Sekda and the supervisors, with
addresses on the reserved `.example` domain (sending is off unless a deployment
turns it on, and then only to the local mail catcher of the demo).

History: the facts each call centre is known by, as recorded incidents, so that
its reports show them from seeded data:

- Lampung: 2021, 212 aspirations, health 46 %, social welfare 31 % (the yearly
  report for 2021);
- Bandar Lampung: yesterday's complaints, some still waiting for the mayor's
  disposition (the daily report);
- Bitung: this year's incidents of its eight SKPD with their deadlines met or
  missed (the per-SKPD compliance of the yearly report).

The incidents are written as finished records (the past is not replayed through
triage, nor into the event log). Marked with the flag `demo_history`; a second
run adds nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from dispatch.models import (
    Agency,
    Category,
    Channel,
    Incident,
    LocationState,
    Report,
    ReportState,
    Status,
)
from dispatch.profiles import PROFILES
from geo.regions import dotted, get_regions, undotted
from leaders.models import RecipientRole, ReportRecipient

FLAG = "demo_history"
# The recorded calls say only that they are sample history: no invented caller.
HISTORY_TEXT = "Data riwayat contoh (demo)"
# About 700 m north-east of the kelurahan's centroid.
OFFSET = (0.004, 0.005)
CHANNELS = (Channel.PHONE, Channel.PHONE, Channel.WHATSAPP, Channel.SMS, Channel.WEB)

RECIPIENTS: dict[str, list[tuple[str, str, str]]] = {
    "bandar-lampung": [
        ("Kantor Wali Kota Bandar Lampung", RecipientRole.HEAD, "walikota@bandarlampung.example"),
        ("Sekda Kota Bandar Lampung", RecipientRole.SEKDA, "sekda@bandarlampung.example"),
        ("Bagian Organisasi", RecipientRole.SUPERVISOR, "organisasi@bandarlampung.example"),
    ],
    "lampung": [
        ("Kantor Gubernur Lampung", RecipientRole.HEAD, "gubernur@lampungprov.example"),
        ("Sekda Provinsi Lampung", RecipientRole.SEKDA, "sekda@lampungprov.example"),
        ("Supervisor Call Center", RecipientRole.SUPERVISOR, "supervisor@lampungprov.example"),
    ],
    "banyuasin": [
        ("Kantor Bupati Banyuasin", RecipientRole.HEAD, "bupati@banyuasin.example"),
        ("Sekda Kabupaten Banyuasin", RecipientRole.SEKDA, "sekda@banyuasin.example"),
        ("Supervisor Call Center 112", RecipientRole.SUPERVISOR, "supervisor@banyuasin.example"),
    ],
    "bitung": [
        ("Kantor Wali Kota Bitung", RecipientRole.HEAD, "walikota@bitungkota.example"),
        ("Sekda Kota Bitung", RecipientRole.SEKDA, "sekda@bitungkota.example"),
        ("Supervisor Call Center 112", RecipientRole.SUPERVISOR, "supervisor@bitungkota.example"),
    ],
}

# Lampung 2021: 212 aspirations; health 98 (46.2 %), social welfare 66 (31.1 %).
LAMPUNG_2021: list[tuple[str, int]] = [
    (Category.MEDICAL, 60),
    (Category.HEALTH_SERVICE, 38),
    (Category.SOCIAL_WELFARE, 66),
    (Category.INFRASTRUCTURE, 20),
    (Category.PUBLIC_SERVICE, 12),
    (Category.ENVIRONMENT, 8),
    (Category.INFORMATION, 8),
]


def leaders_seed_recipients(*, profile: str) -> None:
    for name, role, email in RECIPIENTS.get(profile, []):
        ReportRecipient.objects.get_or_create(name=name, defaults={"role": role, "email": email})


def leaders_seed_history(*, profile: str) -> None:
    """The profile's past figures, once (a second run finds its flag and adds nothing)."""
    with transaction.atomic():
        _history(profile)


def _history(profile: str) -> None:
    # In Python: SQLite (the embedded default) has no JSON containment lookup.
    if any(FLAG in (flags or []) for flags in Incident.objects.values_list("flags", flat=True)):
        return
    history = {"lampung": _lampung, "bandar-lampung": _bandar_lampung, "bitung": _bitung}
    if profile in history:
        history[profile]()


def villages_under(prefix: str) -> list[str]:
    """The gazetteer's village codes under a region, in code order."""
    key = undotted(prefix)
    regions = get_regions()
    return [code for code in regions.codes if code.startswith(key) and len(code) >= 10]


def _record(
    *,
    kinds: tuple[str, ...] = (),
    category: str,
    at: datetime,
    village: str,
    done: bool,
    agency: Agency | None = None,
    **extra: Any,
) -> Incident:
    regions = get_regions()
    region_id = regions.by_code[village]
    incident = Incident.objects.create(
        category=category,
        priority=extra.pop("priority", "P3"),
        status=Status.CLOSED if done else Status.NEW,
        # Beside the centroid, not on it: demo stations and facilities stand on
        # kelurahan centroids, and a unit's box there would hide the incident.
        lat=regions.lats[region_id] + OFFSET[0],
        lon=regions.lons[region_id] + OFFSET[1],
        region_code=dotted(village),
        location_state=LocationState.KNOWN,
        report_count=1,
        lead_agency=agency,
        flags=[FLAG],
        **extra,
    )
    # created_at is set on insert (auto_now_add): the past is written after.
    Incident.objects.filter(pk=incident.pk).update(created_at=at, updated_at=at)
    report = Report.objects.create(
        channel=CHANNELS[incident.pk % len(CHANNELS)],
        text=HISTORY_TEXT,
        lat=incident.lat,
        lon=incident.lon,
        region_code=incident.region_code,
        state=ReportState.PROCESSED,
        # What triage would have said: a disposition routes to these agency kinds.
        assessment={"category": category, "priority": incident.priority, "agencies": list(kinds)},
        incident=incident,
        processed_at=at,
    )
    Report.objects.filter(pk=report.pk).update(received_at=at)
    return incident


def _lampung() -> None:
    villages = villages_under("18")
    number = 0
    for category, count in LAMPUNG_2021:
        for _ in range(count):
            day = date(2021, 1, 1) + timedelta(days=(number * 37) % 365)
            at = timezone.make_aware(datetime.combine(day, time(8 + number % 9, 15)))
            village = villages[(number * 7919) % len(villages)]
            _record(
                category=category,
                at=at,
                village=village,
                done=True,
                resolved_at=at + timedelta(days=2 + number % 5),
            )
            number += 1


def _bandar_lampung() -> None:
    """Yesterday's complaints (P3/P4): four forwarded after the mayor's disposition, three
    still waiting for it."""
    yesterday = timezone.localdate() - timedelta(days=1)
    villages = villages_under("18.71")
    complaints = [
        (Category.INFRASTRUCTURE, ("pupr",)),
        (Category.ENVIRONMENT, ("dlh",)),
        (Category.PUBLIC_SERVICE, ("disdukcapil",)),
    ]
    for number in range(7):
        at = timezone.make_aware(datetime.combine(yesterday, time(8 + number, 20)))
        waiting = number >= 4
        category, kinds = complaints[number % 3]
        _record(
            category=category,
            kinds=kinds,
            at=at,
            village=villages[(number * 31) % len(villages)],
            done=not waiting,
            priority="P4" if number % 2 else "P3",
            awaiting_disposition=waiting,
            resolved_at=None if waiting else at + timedelta(hours=5),
        )


def _bitung() -> None:
    """This year: each of the eight SKPD with incidents whose deadlines were met or not
    (one SKPD in three misses one in three)."""
    names = [agency[1] for agency in PROFILES["bitung"].agencies]
    agencies = list(Agency.objects.filter(name__in=names).order_by("name"))
    villages = villages_under("71.72")
    today = timezone.localdate()
    for index, agency in enumerate(agencies):
        for number in range(6):
            day = max(today.replace(month=1, day=1), today - timedelta(days=3 + number * 5))
            at = timezone.make_aware(datetime.combine(day, time(9 + number, 0)))
            late = index % 3 == 0 and number % 3 == 0
            claimed = at + timedelta(minutes=40 if late else 10)
            _record(
                category=Category.PUBLIC_SERVICE,
                at=at,
                village=villages[(index * 13 + number) % len(villages)],
                done=True,
                agency=agency,
                claim_deadline=at + timedelta(minutes=30),
                claimed_at=claimed,
                resolve_deadline=at + timedelta(days=2),
                resolved_at=at + timedelta(days=3 if late else 1),
            )
