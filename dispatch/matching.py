"""Reads for duplicate calls: the open incidents a new report may be another call about.

The one way to find a matching incident. Triage attaches a report to the first
candidate marked `likely`; the call-taker's preview lists the same candidates,
so what the call-taker sees is what triage will do. The decision for each pair
is priority.same_event's: kind, place and time must each agree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from dispatch.models import OPEN_STATUSES, Incident, LocationState, Report
from geo.evidence import NAMES_ELSEWHERE, at_village_centre
from geo.gazetteer import home_region
from geo.mentions import home_places_named, village_of
from priority import duplicates
from priority.place_words import rare_words
from priority.same_event import (
    THRESHOLD,
    WIDE_WINDOW,
    Decision,
    Sighting,
    is_wide,
    lone_candidate,
    merged_alone,
    named_not_seen,
    same_event,
    search_radius_m,
)
from priority.scan import categories_named, topic_of

# Candidates are listed from this share of the threshold on: near misses are
# worth the call-taker's look even though triage would not attach to them.
SHOWN_SHARE_OF_THRESHOLD = 0.6
# The newest open incidents that pass the cheap SQL filter are judged.
SCANNED = 50
# A report that has no point is judged against the open incidents of this span.
UNPLACED_LOOKBACK = timedelta(hours=12)
# Texts of each candidate compared with the report: its latest reports.
TEXTS_PER_INCIDENT = 5


class Judged(NamedTuple):
    """The columns priority.same_event judges an incident on. Candidates are read
    with these only: fifty whole rows (nine timestamps, two JSON documents) cost
    triage more than judging them did."""

    pk: int
    category: str
    lat: float | None
    lon: float | None
    region_code: str
    location_state: str
    location_detail: dict[str, Any]
    created_at: datetime


JUDGED_FIELDS = Judged._fields[1:]


@dataclass(frozen=True)
class MatchCandidate:
    incident: Incident  # its JUDGED_FIELDS only: a screen reads the rest itself
    distance_m: float | None
    score: float
    reason: str
    likely: bool  # triage attaches the report to the first likely candidate


def matching_incidents(
    *,
    report: Sighting,
    now: datetime | None = None,
    limit: int = 5,
    among: QuerySet[Incident] | None = None,
) -> list[MatchCandidate]:
    """Open incidents a new report may be another call about, best first.

    `among` narrows the incidents looked at (the preview: those its user may see).
    Each candidate's incident holds the judged columns only (JUDGED_FIELDS).
    """
    now = now or timezone.now()
    # Plain rows: model instances for fifty candidates cost triage more than the query.
    rows = _nearby(report, now, among).values_list("pk", *JUDGED_FIELDS)[:SCANNED]
    candidates = [Judged(*row) for row in rows]
    if not candidates:
        return []
    known = _latest_reports([c.pk for c in candidates], per_incident=TEXTS_PER_INCIDENT)
    judged = []
    for incident in candidates:
        texts, first = known.get(incident.pk, ([], FIRST_UNKNOWN))
        sighting = sighting_of_incident(incident, texts, first)
        judged.append((sighting, same_event(sighting, report, now - incident.created_at)))
    # A caller who says nothing of where, and the only open incident of its kind.
    lone = lone_candidate(report, judged)
    if lone is not None:
        judged[lone] = (judged[lone][0], merged_alone(judged[lone][1]))
    shown_from = THRESHOLD * SHOWN_SHARE_OF_THRESHOLD
    found = [
        _candidate(incident, report, decision)
        for incident, (_, decision) in zip(candidates, judged, strict=True)
        if decision.score >= shown_from
    ]
    found.sort(key=lambda c: (-c.score, c.incident.pk))
    return found[:limit]


def possible_duplicates(
    *, incident: Incident, among: QuerySet[Incident], limit: int = 5
) -> list[MatchCandidate]:
    """Other open incidents this one may be the same event as, judged as triage
    judges a new report: its reports' words, its place and its age against theirs.

    Triage decided when each report came; a later call, a pin moved by the desk or
    a sure candidate that was itself opened a minute late can make two incidents
    one. The dispatcher sees the near misses with their reasons and merges by hand.
    """
    texts, first = _latest_reports([incident.pk], per_incident=TEXTS_PER_INCIDENT).get(
        incident.pk, ([], FIRST_UNKNOWN)
    )
    judged = Judged(incident.pk, *(getattr(incident, name) for name in JUDGED_FIELDS))
    sighting = sighting_of_incident(judged, texts, first)
    # Ages are counted between the two openings, whichever came first.
    return matching_incidents(
        report=sighting,
        now=incident.created_at,
        limit=limit,
        among=among.exclude(pk=incident.pk),
    )


def _nearby(
    report: Sighting, now: datetime, among: QuerySet[Incident] | None
) -> QuerySet[Incident]:
    """A cheap filter in SQL that never leaves out an incident priority.same_event
    could call the same event: open, within the longest window of any kind, within
    the farthest this report can reach (smoke seen from kilometres away) or placed
    by the same named place; an earthquake's calls anywhere. The nearest first, so
    a busy night's many incidents never crowd out the one next door."""
    queryset = Incident.objects.all()
    if among is not None:
        queryset = queryset.filter(pk__in=among.values("pk"))
    queryset = queryset.filter(
        status__in=OPEN_STATUSES, created_at__gte=now - max(duplicates.TIME_WINDOW.values())
    )
    where = Q(pk__in=[])
    if report.has_point:
        assert report.lat is not None and report.lon is not None
        radius = search_radius_m(report)
        dlat, dlon = radius / 111_000, radius / 100_000
        where |= Q(
            lat__range=(report.lat - dlat, report.lat + dlat),
            lon__range=(report.lon - dlon, report.lon + dlon),
        )
    if report.place:
        where |= Q(location_detail__place=report.place)
    if named_not_seen(report):
        # Words alone may tie it to an incident (the same street and shop named,
        # priority.place_words; a victim calling back from the police post): the
        # newest open ones of the last hours are judged.
        where |= Q(created_at__gte=now - UNPLACED_LOOKBACK)
    else:
        # An incident no words placed (the first caller's SMS) has no point to be
        # near: the words of both decide, as above.
        recent = Q(created_at__gte=now - UNPLACED_LOOKBACK)
        where |= recent & Q(location_state=LocationState.UNKNOWN)
    if is_wide(report):
        where |= Q(created_at__gte=now - WIDE_WINDOW)
    return _nearest_first(queryset.filter(where), report)


def _nearest_first(queryset: QuerySet[Incident], report: Sighting) -> QuerySet[Incident]:
    if not report.has_point:
        return queryset.order_by("-created_at", "-pk")
    square = (F("lat") - report.lat) * (F("lat") - report.lat) + (F("lon") - report.lon) * (
        F("lon") - report.lon
    )
    # Unplaced incidents last: on a night of many SMS without a place, the fire next
    # door must still be among the SCANNED.
    return queryset.annotate(away=square).order_by(
        F("away").asc(nulls_last=True), "-created_at", "-pk"
    )


def sighting_of_incident(incident: Judged, texts: list[str], first: FirstReading) -> Sighting:
    placed = incident.location_state != LocationState.UNKNOWN
    category, topic = _kind_of(incident, first)
    # The rules' reading stands behind the second reader's, not behind a dispatcher's.
    by_reader = first.rules_category and first.category == incident.category
    return Sighting(
        category=category,
        topic=topic,
        rules_category=first.rules_category if by_reader else "",
        lat=incident.lat if placed else None,
        lon=incident.lon if placed else None,
        place=(incident.location_detail or {}).get("place", ""),
        text=" ".join(texts),
        kinds=categories_named(" ".join(texts)),
        region=incident.region_code if placed else "",
        approximate=incident.location_state == LocationState.APPROXIMATE,
        centroid=placed and at_village_centre(incident.location_detail or {}),
        elsewhere=any(
            r.get("code") in NAMES_ELSEWHERE
            for r in (incident.location_detail or {}).get("reasons", [])
        ),
        named_places=frozenset().union(*(home_places_named(t, home_region()) for t in texts)),
        village=village_of(incident.region_code) if placed else "",
        names=rare_words(" ".join(texts)),
    )


def _candidate(incident: Judged, report: Sighting, decision: Decision) -> MatchCandidate:
    distance = None
    if report.has_point and incident.lat is not None and incident.lon is not None:
        assert report.lat is not None and report.lon is not None
        distance = round(duplicates.haversine_m(report.lat, report.lon, incident.lat, incident.lon))
    fields = incident._asdict()
    return MatchCandidate(
        incident=Incident(id=fields.pop("pk"), **fields),
        distance_m=distance,
        score=decision.score,
        reason="; ".join(decision.reasons),
        likely=decision.same,
    )


def _latest_reports(
    incident_ids: list[int], *, per_incident: int
) -> dict[int, tuple[list[str], FirstReading]]:
    """Per incident, the texts of its latest reports and how its first one was read,
    in one query for all of them (a query per candidate cost more than the judging).

    Plain SQL (PostgreSQL's and SQLite's alike): built by the ORM, this query cost
    triage more CPU to build and compile than PostgreSQL took to run it, on every report
    (bench/results/triage/matching-cost-*-session.json: matching before and after).
    """
    if not incident_ids:
        return {}
    table = Report._meta.db_table
    marks = ", ".join(["%s"] * len(incident_ids))
    # Only the model's table name and placeholders go into the text; values are params.
    sql = f"""
        SELECT incident_id, text, assessment, newest, oldest FROM (
            SELECT incident_id, text, assessment,
                ROW_NUMBER() OVER (PARTITION BY incident_id ORDER BY received_at DESC) AS newest,
                ROW_NUMBER() OVER (PARTITION BY incident_id ORDER BY received_at ASC) AS oldest
            FROM {table} WHERE incident_id IN ({marks})
        ) AS latest WHERE newest <= %s OR oldest = 1
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*incident_ids, per_incident])
        rows = cursor.fetchall()
    found: dict[int, tuple[list[str], FirstReading]] = {}
    for incident_id, text, assessment, newest, oldest in rows:
        texts, first = found.get(incident_id, ([], FIRST_UNKNOWN))
        if newest <= per_incident:
            texts.append(text)
        if oldest == 1:
            first = _first_reading(assessment)
        found[incident_id] = (texts, first)
    return found


class FirstReading(NamedTuple):
    """How the engine read an incident's first report (its stored assessment)."""

    topic: str
    category: str
    rules_category: str


FIRST_UNKNOWN = FirstReading("", "", "")


def _first_reading(assessment: Any) -> FirstReading:
    """A stored assessment as the database driver hands it over: Django leaves JSON
    undecoded for its fields to decode (the first report's only is)."""
    if isinstance(assessment, str | bytes):
        assessment = json.loads(assessment)
    data = assessment or {}
    return FirstReading(
        str(data.get("topic") or ""),
        str(data.get("category") or ""),
        str(data.get("rules_category") or ""),
    )


def _kind_of(incident: Judged, first: FirstReading) -> tuple[str, str]:
    """The incident's category and topic as matching compares them. The topic is the
    rules' reading of the first report: it says nothing once a dispatcher changed the
    category, nor under a category the second reader chose unless it is one of
    that category's (dispatch.selectors.sighting_of_judgement)."""
    changed = first.category and first.category != incident.category
    if changed:
        return incident.category, ""
    if first.rules_category:
        return incident.category, topic_of(first.topic, incident.category)
    return incident.category, first.topic
