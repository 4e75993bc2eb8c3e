"""The compiled rules: the code lists, and the tables the engine scans.

priority.rules checks the editable TOML files and builds a Ruleset from them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from priority.normalize import Normalizer

# The code lists of docs/ARCHITECTURE.md (contract).
CATEGORIES: tuple[str, ...] = (
    "fire",
    "traffic_accident",
    "medical",
    "disaster",
    "rescue",
    "crime",
    "public_order",
    "infrastructure",
    "environment",
    "social_welfare",
    "health_service",
    "public_service",
    "information",
    "other",
)
EMERGENCY_CATEGORIES: frozenset[str] = frozenset(
    ("fire", "traffic_accident", "medical", "disaster", "rescue", "crime")
)
PRIORITIES: tuple[str, ...] = ("P1", "P2", "P3", "P4")
AGENCY_KINDS: tuple[str, ...] = (
    "damkar",
    "bpbd",
    "dinkes",
    "satpolpp",
    "polri",
    "dishub",
    "dinsos",
    "dlh",
    "pupr",
    "dp3a",
    "disdukcapil",
    "pln",
    "pdam",
    "basarnas",
)
CHANNELS: tuple[str, ...] = ("phone", "sms", "whatsapp", "web", "api", "open311")

# The people-count signal is computed from "3 orang"-style phrases, not listed
# as phrases; topics may still ignore it by this name.
MASS_SIGNAL = "mass"

# Kinds of action a phrase can trigger.
TOPIC, SIGNAL, DEESCALATOR, NEUTRAL = 0, 1, 2, 3


class RulesError(ValueError):
    """The rules file is not valid; the message says where."""


@dataclass(frozen=True, slots=True)
class Category:
    code: str
    order: int
    base: int
    min: int
    max: int
    agencies: tuple[str, ...]
    when: Mapping[str, tuple[str, ...]]
    # Scene topics this category gives way to when they have a strong keyword
    # (a crash with someone unconscious is a traffic accident, not "medical").
    yields_to: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Topic:
    index: int
    category: str
    name: str
    base: int
    min: int
    max: int
    agencies: tuple[str, ...]
    when: Mapping[str, tuple[str, ...]]
    ignore_signals: frozenset[str]
    # The topic itself is a threat to life (an active fire): the reason shown
    # when it fast-tracks, or "" when it does not.
    fast_track: str = ""
    # Signals (or groups) that make this topic a threat to life: an urgent plea
    # for a medical emergency or a person in danger.
    fast_track_with: frozenset[str] = frozenset()
    # De-escalators that do not apply to this topic: a question about the steps of
    # a civil-registry service is a request to that service, not "information".
    ignore_deescalators: frozenset[str] = frozenset()
    # Topics this one gives way to when they have a strong keyword (a collapse in a
    # whirlwind is the whirlwind); when empty, the category's yields_to.
    yields_to: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Signal:
    index: int
    name: str
    label: str
    points: int
    applies_to: frozenset[str]
    negatable: bool
    # Categories where this signal alone puts the report in P1 (a threat to life).
    fast_track: frozenset[str] = frozenset()
    # A group name ("life_threat") that `when`, `unless` and `ignore_signals` may use.
    group: str = ""


@dataclass(frozen=True, slots=True)
class Deescalator:
    index: int
    name: str
    label: str
    points: int
    applies_to: frozenset[str]
    unless: frozenset[str]
    becomes: str | None
    flag: str | None
    cancel_after: frozenset[str]
    # Past, handled, drill, hypothetical: no fast track, and the threat signals
    # no longer keep other de-escalators (questions, thanks) from applying.
    stops_fast_track: bool = False
    # When it changes the category: keep the topic's agencies (a how-to question
    # goes to the agency it concerns) or take the new category's (none for thanks).
    keep_agencies: bool = True


# One entry of the phrase index: (tokens, text shown in reasons, actions).
# An action is (kind, index of the topic/signal/de-escalator, weight).
Action = tuple[int, int, int]
IndexEntry = tuple[tuple[str, ...], str, tuple[Action, ...]]
# A gapped phrase ("darah ... tidak berhenti"): its parts in order, a few words
# apart at most and inside one clause.
# The last item is how many words may come between two parts.
GappedEntry = tuple[tuple[tuple[str, ...], ...], str, tuple[Action, ...], int]


@dataclass(frozen=True)
class Ruleset:
    bands: tuple[tuple[str, int], ...]  # (priority, lowest score), P1 first
    weights: Mapping[str, int]
    min_category: int
    runner_up_support: int
    max_signal_points: int
    channels: Mapping[str, int]
    categories: Mapping[str, Category]
    topics: tuple[Topic, ...]
    signals: tuple[Signal, ...]
    deescalators: tuple[Deescalator, ...]
    index: Mapping[str, tuple[IndexEntry, ...]]
    negators: frozenset[str]
    negation_window: int
    count_nouns: frozenset[str]
    count_numbers: Mapping[str, int]
    count_applies_to: frozenset[str]
    count_steps: tuple[tuple[int, int], ...]  # (min people, points), highest first
    greetings: frozenset[str]
    noise_min_tokens: int
    noise_known_ratio: float
    normalizer: Normalizer = field(repr=False)
    # Gapped phrases by the first token of their first part, and the widest gap.
    gapped: Mapping[str, tuple[GappedEntry, ...]] = field(default_factory=dict)
    gap: int = 3

    def band(self, score: int) -> str:
        for priority, lowest in self.bands:
            if score >= lowest:
                return priority
        return PRIORITIES[-1]

    @property
    def p1_floor(self) -> int:
        return self.bands[0][1]
