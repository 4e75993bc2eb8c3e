"""Whether a new report is another call about an open incident, on evidence.

Two reports are one event when their kind, their place and their time agree. A
false merge hides an emergency inside another incident, so each of the three
must hold on its own, and the decision says why:

- kind: the same category, or categories one event is often reported as (a fire
  with someone trapped is fire and rescue); inside a category, the same topic
  (a flood and a fallen tree are two events even when both are "disaster");
- place: within the category's reach of each other when both have a point; the
  same landmark or village when only words place them; no common place, no
  merge (the operator can still merge by hand);
- time: within the category's window (a fire stays open for hours, a pothole for
  weeks).
The score orders candidates and decides close calls; the words of the reports
count for a little, since callers describe one fire in very different words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from priority.duplicates import (
    compatible,
    haversine_m,
    radius_m,
    text_similarity,
    time_window,
)

# A decision at or above this score attaches the report.
THRESHOLD = 0.5
WEIGHTS = {"kind": 0.3, "place": 0.4, "time": 0.15, "text": 0.15}

# How well a named place ties two reports whose points are not both known.
PLACE_TIES = {"landmark": 1.0, "village": 0.6, "district": 0.3}

# Topics of one category that one event is often reported as.
COMPATIBLE_TOPICS: frozenset[frozenset[str]] = frozenset(
    frozenset(pair)
    for pair in (
        ("building or vehicle fire", "gas leak"),
        ("flood", "building collapse"),
        ("landslide", "building collapse"),
        ("earthquake", "building collapse"),
        ("drowning", "missing person"),
        ("violence", "theft or robbery"),
        ("violence", "violence against women and children"),
    )
)


@dataclass(frozen=True)
class Sighting:
    """What triage knows of a report, or of the incident it may be another call about."""

    category: str
    topic: str = ""
    lat: float | None = None
    lon: float | None = None
    place: str = ""  # the named place its point rests on ("landmark:Pasar Tugu")
    text: str = ""

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class Decision:
    same: bool
    score: float
    reasons: tuple[str, ...] = field(default_factory=tuple)


def same_event(incident: Sighting, report: Sighting, age: timedelta) -> Decision:
    """Whether `report`, made `age` after the incident was opened, is the same event."""
    kind, kind_why = _kind(incident, report)
    if kind == 0.0:
        return Decision(False, 0.0, (kind_why,))
    window = min(time_window(incident.category), time_window(report.category))
    age = abs(age)  # the clocks of intake channels disagree by a few seconds
    if age > window:
        return Decision(False, 0.0, (f"too long after: {_span(age)} > {_span(window)}",))
    place, place_why = _place(incident, report)
    if place == 0.0:
        return Decision(False, 0.0, (kind_why, place_why))
    text = text_similarity(incident.text, report.text)
    time = 1.0 - age / window
    score = (
        WEIGHTS["kind"] * kind
        + WEIGHTS["place"] * place
        + WEIGHTS["time"] * time
        + WEIGHTS["text"] * text
    )
    score = round(score, 3)
    reasons = (kind_why, place_why, f"{_span(age)} apart", f"words {text:.2f}")
    return Decision(score >= THRESHOLD, score, reasons)


def _kind(a: Sighting, b: Sighting) -> tuple[float, str]:
    if not compatible(a.category, b.category):
        return 0.0, f"different kinds: {a.category} and {b.category}"
    if a.category != b.category:
        return 0.7, f"{a.category} ~ {b.category}"
    if a.topic and b.topic and a.topic != b.topic:
        if frozenset((a.topic, b.topic)) not in COMPATIBLE_TOPICS:
            return 0.0, f"different kinds: {a.topic} and {b.topic}"
        return 0.8, f"{a.topic} ~ {b.topic}"
    return 1.0, f"same kind: {a.topic or a.category}"


def _place(a: Sighting, b: Sighting) -> tuple[float, str]:
    tie = _named_tie(a, b)
    if a.has_point and b.has_point:
        assert a.lat is not None and a.lon is not None and b.lat is not None
        assert b.lon is not None
        reach = min(radius_m(a.category), radius_m(b.category))
        metres = haversine_m(a.lat, a.lon, b.lat, b.lon)
        if metres <= reach:
            return max(tie, 1.0 - metres / reach), f"{metres:.0f} m apart (of {reach:.0f} m)"
        if tie >= PLACE_TIES["landmark"]:
            return tie, f"the same place, {a.place.partition(':')[2]}"
        return 0.0, f"too far: {metres:.0f} m > {reach:.0f} m"
    if tie:
        return tie, f"the same place, {a.place.partition(':')[2]}"
    return 0.0, "no place in common"


def _named_tie(a: Sighting, b: Sighting) -> float:
    if not a.place or a.place != b.place:
        return 0.0
    return PLACE_TIES.get(a.place.partition(":")[0], 0.0)


def _span(age: timedelta) -> str:
    minutes = int(age.total_seconds() // 60)
    if minutes < 120:
        return f"{minutes} min"
    hours = minutes // 60
    return f"{hours} h" if hours < 48 else f"{hours // 24} d"
