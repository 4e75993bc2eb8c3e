"""Database chores of the bench, run as a child process with the stack's environment.

    python -m bench.dbtools sessions --username dispatcher --count 1000
    python -m bench.dbtools positions
    python -m bench.dbtools stages --after-report N --after-event M
    python -m bench.dbtools close-open
    python -m bench.dbtools reports --count 600
    python -m bench.dbtools burst --complaints 600 --every 30
    python -m bench.dbtools waits --after-report N
    python -m bench.dbtools incidents --count 10000
    python -m bench.dbtools updates --rate 50 --seconds 20
    python -m bench.dbtools fleet --count 500
    python -m bench.dbtools fleet-written --after-position P

Each prints one JSON document on stdout. They run apart from the harness so the
process that times sockets never imports Django (nor pays its GC pauses).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from typing import Any


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def sessions(username: str, count: int) -> list[str]:
    """Signed-in sessions of one user, made as django.contrib.auth.login would."""
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.get(username=username)
    keys = []
    for _ in range(count):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    return keys


def positions() -> dict[str, int]:
    from dispatch.models import IncidentEvent, Report
    from units.models import UnitPosition

    def last(model: Any) -> int:
        return model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    return {
        "report": last(Report),
        "event": last(IncidentEvent),
        "unit_position": last(UnitPosition),
    }


def fleet(count: int) -> list[list[Any]]:
    """`count` units over the city's agencies, each with an API token of its agency's
    user (one sign-in per phone, as the field app makes): [[unit id, token], ...]."""
    from django.contrib.auth import get_user_model

    from dispatch.models import Agency, Staff, StaffRole
    from dispatch.services.tokens import token_issue
    from units.models import Unit

    agencies = list(Agency.objects.filter(jurisdiction__contains=["18.71"]).order_by("pk"))
    agencies = agencies or list(Agency.objects.order_by("pk"))
    users = {}
    for agency in agencies:
        user, _ = get_user_model().objects.get_or_create(username=f"bench-agency-{agency.pk}")
        Staff.objects.update_or_create(
            user=user, defaults={"role": StaffRole.AGENCY, "agency": agency}
        )
        users[agency.pk] = user
    made = []
    for i in range(count):
        agency = agencies[i % len(agencies)]
        unit, _ = Unit.objects.get_or_create(
            agency=agency,
            call_sign=f"BENCH-{i:04d}",
            defaults={
                "kind": "ambulance",
                "station_name": "Bench",
                "station_lat": -5.43,
                "station_lon": 105.26,
            },
        )
        token, _expiry = token_issue(user=users[agency.pk])
        made.append([unit.pk, token])
    return made


def fleet_written(after_position: int) -> dict[str, Any]:
    """Position rows stored since a mark, and the writes that stored them (all the
    rows of one write have its time)."""
    from units.models import UnitPosition

    rows = UnitPosition.objects.filter(pk__gt=after_position)
    return {
        "rows": rows.count(),
        "writes": rows.order_by().values("received_at").distinct().count(),
    }


def stages(after_report: int, after_event: int) -> dict[str, Any]:
    """Per report: insert, end of triage, incident; per event: type, report, insert;
    and the incidents the public map may show (at some event in the window): a
    victim's case or an unknown place never reaches a public socket."""
    from dispatch.models import IncidentEvent, Report
    from dispatch.projections import on_public_map

    reports = [
        [pk, received.timestamp(), processed.timestamp() if processed else None, incident, state]
        for pk, received, processed, incident, state in Report.objects.filter(
            pk__gt=after_report
        ).values_list("pk", "received_at", "processed_at", "incident_id", "state")
    ]
    events, public = [], set()
    for pk, kind, data, incident, created in IncidentEvent.objects.filter(
        pk__gt=after_event
    ).values_list("pk", "type", "data", "incident_id", "created_at"):
        events.append([pk, kind, (data or {}).get("report_id"), incident, created.timestamp()])
        if on_public_map((data or {}).get("incident") or {"location_state": "unknown"}):
            public.add(incident)
    return {"reports": reports, "events": events, "public_incidents": sorted(public)}


def reports(count: int, first_seq: int) -> int:
    """`count` reports as the API would store them (bench.loadgen's bodies), each
    handed to triage after its commit. The last one's id is printed."""
    from bench.loadgen import report_bodies
    from dispatch.services import report_submit

    body = report_bodies()
    last = 0
    for seq in range(first_seq, first_seq + count):
        report = report_submit(**json.loads(body(seq)))
        last = report.pk
    return last


# A complaint burst with threats to life among it (bench/urgent_first.py).
COMPLAINTS = (
    "Lampu jalan di gang {n} mati sudah seminggu, mohon diperbaiki.",
    "Sampah di TPS dekat pasar belum diangkut tiga hari, bau sekali ({n}).",
    "Jalan berlubang besar di depan rumah no {n}, mohon ditambal.",
    "Pedagang kaki lima menutup trotoar di depan toko {n}, susah lewat.",
    "Air PDAM di blok {n} tidak mengalir sejak pagi.",
)
EMERGENCIES = (
    "Tolong, rumah terbakar di blok {n}, ada anak terjebak di dalam!",
    "Kecelakaan motor di simpang {n}, korban tidak sadar dan berdarah banyak.",
    "Bapak saya tiba-tiba tidak bernapas di rumah no {n}, tolong ambulans cepat!",
)


def burst(complaints: int, every: int) -> dict[str, int]:
    """`complaints` complaints stored as fast as one process can, with a threat to
    life after every `every` of them; each handed to triage on commit."""
    from bench.loadgen import CITY_BOX
    from dispatch.services import report_submit

    rng = random.Random(18)
    made = {"complaints": 0, "emergencies": 0}
    for n in range(complaints):
        place = {"lat": rng.uniform(*CITY_BOX[0]), "lon": rng.uniform(*CITY_BOX[1])}
        report_submit(text=COMPLAINTS[n % len(COMPLAINTS)].format(n=n), **place)
        made["complaints"] += 1
        if n % every == every - 1:
            text = EMERGENCIES[n // every % len(EMERGENCIES)].format(n=n)
            report_submit(text=text, channel="phone", **place)
            made["emergencies"] += 1
    return made


def waits(after_report: int) -> dict[str, list[float]]:
    """Seconds from stored to triaged of each report after `after_report`, by
    whether triage made it P1."""
    from dispatch.models import Report

    found: dict[str, list[float]] = {"p1": [], "other": []}
    rows = Report.objects.filter(pk__gt=after_report, processed_at__isnull=False).values_list(
        "received_at", "processed_at", "assessment__priority"
    )
    for received, processed, priority in rows:
        group = "p1" if priority == "P1" else "other"
        found[group].append((processed - received).total_seconds())
    return found


def pending() -> int:
    """Reports accepted but not triaged yet."""
    from dispatch.models import Report

    return Report.objects.exclude(state="processed").count()


def close_open() -> int:
    """Close every incident still on the screens, so the next phase's snapshots are
    as small as the first's. Straight SQL: no events, the screens are gone."""
    from django.utils import timezone

    from dispatch.models import Incident
    from dispatch.projections import SHOWN_STATUSES

    now = timezone.now()
    return Incident.objects.filter(status__in=SHOWN_STATUSES).update(status="closed", closed_at=now)


def incidents(count: int, seed: int = 10) -> int:
    """`count` live incidents in Bandar Lampung, routed, in a realistic mix."""
    from django.utils import timezone

    from dispatch.models import Agency, Assignment, Incident

    rng = random.Random(seed)
    agencies = list(Agency.objects.filter(jurisdiction__contains=["18.71"]))
    if not agencies:
        agencies = list(Agency.objects.all())
    categories = ["fire", "traffic_accident", "medical", "disaster", "crime", "infrastructure"]
    categories += ["environment", "public_order", "social_welfare", "public_service", "other"]
    priorities = ["P1"] * 2 + ["P2"] * 18 + ["P3"] * 40 + ["P4"] * 40
    statuses = ["new"] * 40 + ["claimed"] * 25 + ["en_route"] * 15 + ["on_scene"] * 15
    statuses += ["resolved"] * 5
    now = timezone.now()
    rows = []
    for _ in range(count):
        priority = rng.choice(priorities)
        status = rng.choice(statuses)
        if priority == "P1" and rng.random() < 0.8:
            status = "claimed"  # unclaimed P1s are rare on a working floor
        rows.append(
            Incident(
                category=rng.choice(categories),
                priority=priority,
                score={"P1": 90, "P2": 70, "P3": 50, "P4": 20}[priority],
                status=status,
                lat=round(rng.uniform(-5.49, -5.36), 5),
                lon=round(rng.uniform(105.19, 105.32), 5),
                region_code="18.71",
                location_state="known",  # placed: the public map shows them
                report_count=rng.choice([1, 1, 1, 2, 3]),
                lead_agency=rng.choice(agencies),
                claim_deadline=now + timezone.timedelta(minutes=rng.randrange(-30, 120)),
                resolve_deadline=now + timezone.timedelta(hours=rng.randrange(1, 72)),
            )
        )
    created = Incident.objects.bulk_create(rows, batch_size=1000)
    Assignment.objects.bulk_create(
        [Assignment(incident=i, agency=i.lead_agency, role="lead") for i in created],
        batch_size=1000,
    )
    return len(created)


def updates(rate: float, seconds: float, username: str = "dispatcher") -> dict[str, Any]:
    """Move live incidents at `rate` per second through the real service (and its
    event, publish and fan-out): what a console sees on a busy day."""
    from django.contrib.auth import get_user_model

    from dispatch import services
    from dispatch.models import Incident
    from dispatch.projections import SHOWN_STATUSES

    user = get_user_model().objects.get(username=username)
    ids = list(Incident.objects.filter(status__in=SHOWN_STATUSES).values_list("pk", flat=True))
    rng = random.Random(50)
    count = int(rate * seconds)
    started = time.monotonic()
    late = 0.0
    for i in range(count):
        due = started + i / rate
        wait = due - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        else:
            late = max(late, -wait)
        incident = Incident(pk=rng.choice(ids))
        services.incident_locate(
            incident=incident,
            user=user,
            lat=round(rng.uniform(-5.49, -5.36), 5),
            lon=round(rng.uniform(105.19, 105.32), 5),
        )
    elapsed = time.monotonic() - started
    return {"updates": count, "seconds": round(elapsed, 2), "max_late_s": round(late, 3)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    made = commands.add_parser("sessions")
    made.add_argument("--username", default="dispatcher")
    made.add_argument("--count", type=int, default=1)
    commands.add_parser("positions")
    staged = commands.add_parser("stages")
    staged.add_argument("--after-report", type=int, default=0)
    staged.add_argument("--after-event", type=int, default=0)
    commands.add_parser("close-open")
    commands.add_parser("pending")
    burst_of = commands.add_parser("burst")
    burst_of.add_argument("--complaints", type=int, default=600)
    burst_of.add_argument("--every", type=int, default=30)
    waited = commands.add_parser("waits")
    waited.add_argument("--after-report", type=int, default=0)
    made_reports = commands.add_parser("reports")
    made_reports.add_argument("--count", type=int, default=100)
    made_reports.add_argument("--first-seq", type=int, default=0)
    many = commands.add_parser("incidents")
    many.add_argument("--count", type=int, default=10_000)
    moved = commands.add_parser("updates")
    moved.add_argument("--rate", type=float, default=50)
    moved.add_argument("--seconds", type=float, default=20)
    units = commands.add_parser("fleet")
    units.add_argument("--count", type=int, default=500)
    written = commands.add_parser("fleet-written")
    written.add_argument("--after-position", type=int, default=0)
    args = parser.parse_args(argv)
    setup()
    if args.command == "sessions":
        result: Any = sessions(args.username, args.count)
    elif args.command == "positions":
        result = positions()
    elif args.command == "stages":
        result = stages(args.after_report, args.after_event)
    elif args.command == "pending":
        result = pending()
    elif args.command == "burst":
        result = burst(args.complaints, args.every)
    elif args.command == "waits":
        result = waits(args.after_report)
    elif args.command == "reports":
        result = reports(args.count, args.first_seq)
    elif args.command == "close-open":
        result = close_open()
    elif args.command == "incidents":
        result = incidents(args.count)
    elif args.command == "fleet":
        result = fleet(args.count)
    elif args.command == "fleet-written":
        result = fleet_written(args.after_position)
    else:
        result = updates(args.rate, args.seconds)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
