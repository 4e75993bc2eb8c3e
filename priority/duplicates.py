"""Duplicate-report matching helpers (pure Python).

A fire seen from ten houses produces ten calls. dispatch/ attaches a new
report to an open incident when `match_score()` says it is the same event;
these helpers only score one (report, candidate incident) pair. The caller
picks the candidates (open incidents of compatible categories created within
`time_window()` and, when located, within `radius_m()`), scores each, and
attaches the report to the best one at or above MATCH_THRESHOLD.

Radii and windows follow how far apart callers of one event usually are and
how long the event stays open: a fire is seen from hundreds of metres for
hours, a flood covers kilometres for days, a pothole is reported from the
same spot for weeks.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping
from datetime import timedelta

from priority.normalize import BOUNDARY
from priority.rules import PRIORITIES, default_rules

# Metres between a report and an incident that can still be the same event.
RADIUS_M: Mapping[str, float] = {
    "fire": 500.0,
    "traffic_accident": 500.0,
    "medical": 150.0,
    "disaster": 2000.0,
    "rescue": 1000.0,
    "crime": 300.0,
    "public_order": 250.0,
    "infrastructure": 150.0,
    "environment": 300.0,
    "social_welfare": 200.0,
    "health_service": 300.0,
    "public_service": 1000.0,
    "information": 1000.0,
    "other": 500.0,
}
DEFAULT_RADIUS_M = 500.0

# How long after an incident was opened a report can still be about it.
TIME_WINDOW: Mapping[str, timedelta] = {
    "fire": timedelta(hours=6),
    "traffic_accident": timedelta(hours=2),
    "medical": timedelta(hours=1),
    "disaster": timedelta(hours=48),
    "rescue": timedelta(hours=24),
    "crime": timedelta(hours=6),
    "public_order": timedelta(hours=12),
    "infrastructure": timedelta(days=30),
    "environment": timedelta(days=14),
    "social_welfare": timedelta(days=7),
    "health_service": timedelta(days=7),
    "public_service": timedelta(days=14),
    "information": timedelta(days=1),
    "other": timedelta(hours=2),
}
DEFAULT_TIME_WINDOW = timedelta(hours=6)

# Different categories that callers often use for the same event: a house
# fire with someone trapped, a crash with injured, a flood with people to
# evacuate, a flooded street that is really a blocked drain.
COMPATIBLE_PAIRS: frozenset[frozenset[str]] = frozenset(
    frozenset(pair)
    for pair in (
        ("fire", "rescue"),
        ("fire", "medical"),
        ("traffic_accident", "medical"),
        ("traffic_accident", "rescue"),
        ("disaster", "rescue"),
        ("disaster", "infrastructure"),
        ("disaster", "environment"),
        ("crime", "public_order"),
        ("crime", "medical"),
        # Someone pulled from the water or a well is a rescue to one caller and a
        # patient to the next.
        ("rescue", "medical"),
        # A begal on a motorbike, a hit-and-run: a crash to one caller, a crime to
        # the next.
        ("traffic_accident", "crime"),
        ("social_welfare", "health_service"),
    )
)

# Score at or above which a report is attached to the candidate.
MATCH_THRESHOLD = 0.5

_EARTH_RADIUS_M = 6_371_008.8
# Weights of the score parts. Without a location the text has to carry more.
_WEIGHTS_LOCATED = {"category": 0.25, "distance": 0.35, "time": 0.2, "text": 0.2}
_WEIGHTS_UNLOCATED = {"category": 0.15, "distance": 0.0, "time": 0.15, "text": 0.7}


def radius_m(category: str) -> float:
    return RADIUS_M.get(category, DEFAULT_RADIUS_M)


def time_window(category: str) -> timedelta:
    return TIME_WINDOW.get(category, DEFAULT_TIME_WINDOW)


def compatible(cat_a: str, cat_b: str) -> bool:
    """Whether reports of these two categories can be the same event."""
    if cat_a == cat_b or "other" in (cat_a, cat_b):
        return True
    return frozenset((cat_a, cat_b)) in COMPATIBLE_PAIRS


def compatible_categories(category: str) -> list[str]:
    """Every category a report of this one can be the same event as (itself included)."""
    return sorted({category} | {kind for kind in RADIUS_M if compatible(category, kind)})


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * _EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def raise_priority(priority: str) -> str:
    """One step more urgent ("P3" -> "P2"); P1 stays P1.

    Used when several independent reports arrive for one incident.
    """
    if priority not in PRIORITIES:
        raise ValueError(f"unknown priority {priority!r}")
    return PRIORITIES[max(0, PRIORITIES.index(priority) - 1)]


@functools.lru_cache(maxsize=4096)
def content_tokens(text: str) -> frozenset[str]:
    """Normalized words that say something about the event (no function words).

    Cached: duplicate matching compares each new report with the same open
    incidents' unchanged texts, report after report (about 40 candidates each in
    `make bench`). The rules behind it are loaded once per process.
    """
    normalizer = default_rules().normalizer
    common = normalizer.known - normalizer.vocab
    return frozenset(
        token
        for token in normalizer.tokens(text)
        if token != BOUNDARY and token not in common and (len(token) >= 3 or token.isdigit())
    )


def text_similarity(a: str | Iterable[str], b: str | Iterable[str]) -> float:
    """Jaccard similarity of content tokens, 0..1 (texts or token sets)."""
    set_a = content_tokens(a) if isinstance(a, str) else frozenset(a)
    set_b = content_tokens(b) if isinstance(b, str) else frozenset(b)
    if not set_a or not set_b:
        return 0.0
    return len(set_a & set_b) / len(set_a | set_b)


def _format_age(age: timedelta) -> str:
    minutes = int(age.total_seconds() // 60)
    if minutes < 120:
        return f"{minutes} min"
    hours = minutes // 60
    return f"{hours} h" if hours < 48 else f"{hours // 24} d"


def match_score(
    category: str,
    candidate_category: str,
    distance_m: float | None,
    age: timedelta,
    text: str | Iterable[str] = "",
    candidate_text: str | Iterable[str] = "",
) -> tuple[float, str]:
    """How likely a new report is about an existing incident: (0..1, reason).

    `distance_m` is None when either side has no location; `age` is the time
    between the incident's creation and the report. Incompatible categories,
    a distance beyond the radius or an age beyond the window score 0.
    """
    if not compatible(category, candidate_category):
        return 0.0, f"categories {category} and {candidate_category} are not compatible"
    # Across categories the narrower reach applies: a fallen tree reported as a
    # disaster must not swallow a pothole complaint 1.3 km away.
    radius = min(radius_m(category), radius_m(candidate_category))
    window = min(time_window(category), time_window(candidate_category))
    age = abs(age)  # clocks of intake channels disagree by a few seconds
    if age > window:
        return 0.0, f"too old: {_format_age(age)} > {_format_age(window)}"
    if distance_m is not None and (math.isnan(distance_m) or distance_m > radius):
        return 0.0, f"too far: {distance_m:.0f} m > {radius:.0f} m"

    if category == candidate_category:
        cat_part, cat_reason = 1.0, f"same category {category}"
    elif "other" in (category, candidate_category):
        cat_part, cat_reason = 0.6, f"{category} ~ {candidate_category} (unclassified)"
    else:
        cat_part, cat_reason = 0.7, f"{category} ~ {candidate_category}"
    time_part = 1.0 - age / window
    text_part = text_similarity(text, candidate_text)
    if distance_m is None:
        weights, dist_part, dist_reason = _WEIGHTS_UNLOCATED, 0.0, "no location"
    else:
        weights = _WEIGHTS_LOCATED
        dist_part = 1.0 - distance_m / radius
        dist_reason = f"{distance_m:.0f} m of {radius:.0f} m"
    score = (
        weights["category"] * cat_part
        + weights["distance"] * dist_part
        + weights["time"] * time_part
        + weights["text"] * text_part
    )
    score = round(max(0.0, min(1.0, score)), 3)
    reason = (
        f"{cat_reason}; {dist_reason}; {_format_age(age)} of {_format_age(window)}; "
        f"text {text_part:.2f} -> {score:.2f}"
    )
    return score, reason
