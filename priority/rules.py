"""Loading and compiling the editable rules (rules.toml, spelling.toml).

The TOML files are the policy; this module only checks them and turns them
into look-up tables the engine can scan quickly: every phrase becomes a tuple
of canonical tokens, indexed by its first token, longest first.

A mistake in the files (an unknown category, agency kind or signal name) raises
`RulesError` at load time with the place of the mistake, rather than silently
routing reports wrongly at run time.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from priority.normalize import (
    SPELLING_PATH,
    Normalizer,
    load_spelling,
    spelling_phrase_tokens,
)

RULES_PATH = Path(__file__).with_name("rules.toml")

# DESIGN §5 code lists (contract).
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


@dataclass(frozen=True, slots=True)
class Signal:
    index: int
    name: str
    label: str
    points: int
    applies_to: frozenset[str]
    negatable: bool


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


# One entry of the phrase index: (tokens, text shown in reasons, actions).
# An action is (kind, index of the topic/signal/de-escalator, weight).
Action = tuple[int, int, int]
IndexEntry = tuple[tuple[str, ...], str, tuple[Action, ...]]


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

    def band(self, score: int) -> str:
        for priority, lowest in self.bands:
            if score >= lowest:
                return priority
        return PRIORITIES[-1]

    @property
    def p1_floor(self) -> int:
        return self.bands[0][1]


def _require(condition: bool, where: str, message: str) -> None:
    if not condition:
        raise RulesError(f"{where}: {message}")


def _int(data: Mapping[str, Any], key: str, default: int, where: str) -> int:
    value = data.get(key, default)
    _require(
        isinstance(value, int) and not isinstance(value, bool), where, f"{key} must be an integer"
    )
    return int(value)


def _strings(data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    _require(
        isinstance(value, list) and all(isinstance(v, str) for v in value),
        where,
        f"{key} must be a list of strings",
    )
    return tuple(value)


def _categories_ok(values: Iterable[str], where: str) -> frozenset[str]:
    values = frozenset(values)
    unknown = values - set(CATEGORIES)
    _require(not unknown, where, f"unknown categories {sorted(unknown)}")
    return values


def _agencies_ok(values: Iterable[str], kinds: frozenset[str], where: str) -> tuple[str, ...]:
    values = tuple(values)
    unknown = set(values) - kinds
    _require(
        not unknown, where, f"unknown agency kinds {sorted(unknown)} (add to extra_agency_kinds)"
    )
    return values


def _when(data: Mapping[str, Any], kinds: frozenset[str], where: str) -> dict[str, tuple[str, ...]]:
    when = data.get("when", {})
    _require(isinstance(when, dict), where, "when must be a table {signal = [agencies]}")
    return {name: _agencies_ok(_strings(when, name, where), kinds, where) for name in when}


def load_rules(path: Path | str = RULES_PATH, spelling_path: Path | str = SPELLING_PATH) -> Ruleset:
    """Read, check and compile a rules file (and its spelling table)."""
    with Path(path).open("rb") as fh:
        data = tomllib.load(fh)
    spelling, known = load_spelling(Path(spelling_path))
    return compile_rules(data, spelling, known)


@functools.cache
def default_rules() -> Ruleset:
    """The rules shipped in priority/rules.toml, loaded once per process."""
    return load_rules()


def _lift_phrase_weights(actions: dict[tuple[str, ...], dict[tuple[int, int], int]]) -> None:
    """A phrase weighs at least as much as its strongest word in the same topic.

    Longest match hides the words inside a phrase, so a medium phrase
    ("tabrakan beruntun") must not end up weaker than its strong word
    ("tabrakan") would have been on its own.
    """
    for tokens, slot in actions.items():
        if len(tokens) < 2:
            continue
        for (kind, index), weight in list(slot.items()):
            if kind != TOPIC:
                continue
            for token in tokens:
                single = actions.get((token,), {}).get((TOPIC, index), 0)
                if single > weight:
                    weight = single
            slot[(kind, index)] = weight


def _inherit_signals(actions: dict[tuple[str, ...], dict[tuple[int, int], int]]) -> None:
    """A keyword phrase carries the signals of the signal phrases inside it.

    "mau bunuh diri" (a topic phrase) hides "bunuh diri" (a life-threat
    signal); without this the longest match would drop the signal. Phrases that
    are de-escalators or neutral ("tidak ada korban") keep hiding on purpose.
    """
    signal_phrases = {
        tokens: [(key, weight) for key, weight in slot.items() if key[0] == SIGNAL]
        for tokens, slot in actions.items()
        if any(kind == SIGNAL for kind, _ in slot)
    }
    for tokens, slot in actions.items():
        if len(tokens) < 2 or any(kind in (DEESCALATOR, NEUTRAL) for kind, _ in slot):
            continue
        for size in range(1, len(tokens)):
            for start in range(len(tokens) - size + 1):
                for key, weight in signal_phrases.get(tokens[start : start + size], ()):
                    slot.setdefault(key, weight)


def compile_rules(
    data: Mapping[str, Any],
    spelling: Mapping[str, tuple[str, ...]],
    known: Iterable[str] = (),
) -> Ruleset:
    kinds = frozenset(AGENCY_KINDS) | frozenset(data.get("extra_agency_kinds", []))
    emergency = EMERGENCY_CATEGORIES

    bands_data = data.get("bands", {})
    bands = tuple(
        (p, _int(bands_data, p, d, "[bands]")) for p, d in (("P1", 70), ("P2", 50), ("P3", 30))
    )
    _require(
        100 >= bands[0][1] > bands[1][1] > bands[2][1] > 0,
        "[bands]",
        "need 100 >= P1 > P2 > P3 > 0",
    )
    weights_data = data.get("weights", {})
    weights = {
        name: _int(weights_data, name, d, "[weights]")
        for name, d in (("strong", 10), ("medium", 6), ("weak", 3))
    }

    channels_data = data.get("channels", {})
    unknown_channels = set(channels_data) - set(CHANNELS)
    _require(not unknown_channels, "[channels]", f"unknown channels {sorted(unknown_channels)}")
    channels = {c: _int(channels_data, c, 0, "[channels]") for c in CHANNELS}

    categories: dict[str, Category] = {}
    cat_data = data.get("categories", {})
    _categories_ok(cat_data, "[categories]")
    order = list(cat_data) + [c for c in CATEGORIES if c not in cat_data]
    for position, code in enumerate(order):
        where = f"[categories.{code}]"
        entry = cat_data.get(code, {})
        categories[code] = Category(
            code=code,
            order=position,
            base=_int(entry, "base", 10, where),
            min=_int(entry, "min", 0, where),
            max=_int(entry, "max", 100, where),
            agencies=_agencies_ok(_strings(entry, "agencies", where), kinds, where),
            when=_when(entry, kinds, where),
        )

    signals: list[Signal] = []
    for i, entry in enumerate(data.get("signal", [])):
        where = f"[[signal]] #{i + 1} {entry.get('name', '?')}"
        _require(isinstance(entry.get("name"), str), where, "needs a name")
        applies = entry.get("applies_to")
        signals.append(
            Signal(
                index=i,
                name=entry["name"],
                label=str(entry.get("label", entry["name"])),
                points=_int(entry, "points", 0, where),
                applies_to=_categories_ok(applies, where) if applies is not None else emergency,
                negatable=bool(entry.get("negatable", False)),
            )
        )
    signal_names = frozenset(s.name for s in signals) | {MASS_SIGNAL}

    def check_signal_names(names: Iterable[str], where: str) -> frozenset[str]:
        names = frozenset(names)
        unknown = names - signal_names
        _require(not unknown, where, f"unknown signals {sorted(unknown)}")
        return names

    for code, cat in categories.items():
        check_signal_names(cat.when, f"[categories.{code}].when")

    topics: list[Topic] = []
    for i, entry in enumerate(data.get("topic", [])):
        where = f"[[topic]] #{i + 1} {entry.get('name', '?')}"
        code = entry.get("category")
        _require(code in categories, where, f"unknown category {code!r}")
        cat = categories[code]
        agencies = (
            _agencies_ok(_strings(entry, "agencies", where), kinds, where)
            if "agencies" in entry
            else cat.agencies
        )
        when = _when(entry, kinds, where) if "when" in entry else dict(cat.when)
        check_signal_names(when, where)
        topics.append(
            Topic(
                index=i,
                category=code,
                name=str(entry.get("name", f"topic {i + 1}")),
                base=_int(entry, "base", cat.base, where),
                min=_int(entry, "min", cat.min, where),
                max=_int(entry, "max", cat.max, where),
                agencies=agencies,
                when=when,
                ignore_signals=check_signal_names(_strings(entry, "ignore_signals", where), where),
            )
        )

    deescalators: list[Deescalator] = []
    for i, entry in enumerate(data.get("deescalator", [])):
        where = f"[[deescalator]] #{i + 1} {entry.get('name', '?')}"
        _require(isinstance(entry.get("name"), str), where, "needs a name")
        applies = entry.get("applies_to")
        becomes = entry.get("becomes")
        _require(becomes is None or becomes in categories, where, f"unknown category {becomes!r}")
        deescalators.append(
            Deescalator(
                index=i,
                name=entry["name"],
                label=str(entry.get("label", entry["name"])),
                points=_int(entry, "points", 0, where),
                applies_to=_categories_ok(applies, where) if applies is not None else emergency,
                unless=check_signal_names(_strings(entry, "unless", where), where),
                becomes=becomes,
                flag=entry.get("flag"),
                cancel_after=frozenset(
                    spelling_phrase_tokens(w, spelling)[0]
                    for w in _strings(entry, "cancel_after", where)
                ),
            )
        )

    # Collect every phrase with its actions. A phrase may be listed in several
    # places ("terjebak" is a rescue keyword and a life-threat signal).
    actions: dict[tuple[str, ...], dict[tuple[int, int], int]] = {}

    def add(phrase: str, kind: int, index: int, weight: int, where: str) -> None:
        tokens = spelling_phrase_tokens(phrase, spelling)
        _require(bool(tokens), where, f"phrase {phrase!r} has no words")
        slot = actions.setdefault(tokens, {})
        # The same phrase twice in one topic counts once, at its highest weight.
        slot[(kind, index)] = max(weight, slot.get((kind, index), weight))

    for topic, entry in zip(topics, data.get("topic", []), strict=True):
        where = f"[[topic]] {topic.name}"
        for level in ("strong", "medium", "weak"):
            for phrase in _strings(entry, level, where):
                add(phrase, TOPIC, topic.index, weights[level], where)
    for signal, entry in zip(signals, data.get("signal", []), strict=True):
        for phrase in _strings(entry, "phrases", f"[[signal]] {signal.name}"):
            add(phrase, SIGNAL, signal.index, signal.points, f"[[signal]] {signal.name}")
    for deesc, entry in zip(deescalators, data.get("deescalator", []), strict=True):
        for phrase in _strings(entry, "phrases", f"[[deescalator]] {deesc.name}"):
            add(phrase, DEESCALATOR, deesc.index, deesc.points, f"[[deescalator]] {deesc.name}")
    for phrase in _strings(data.get("neutral", {}), "phrases", "[neutral]"):
        add(phrase, NEUTRAL, 0, 0, "[neutral]")

    _lift_phrase_weights(actions)
    _inherit_signals(actions)

    by_first: dict[str, list[IndexEntry]] = {}
    for tokens, slot in actions.items():
        compiled = tuple((kind, index, weight) for (kind, index), weight in slot.items())
        by_first.setdefault(tokens[0], []).append((tokens, " ".join(tokens), compiled))
    index = {
        first: tuple(sorted(entries, key=lambda e: -len(e[0])))
        for first, entries in by_first.items()
    }

    negation = data.get("negation", {})
    counts = data.get("counts", {})
    prank = data.get("prank", {})
    steps = []
    for step in counts.get("steps", []):
        steps.append(
            (_int(step, "min", 2, "[counts].steps"), _int(step, "points", 0, "[counts].steps"))
        )
    numbers = counts.get("numbers", {})
    _require(
        all(isinstance(v, int) for v in numbers.values()),
        "[counts.numbers]",
        "values must be integers",
    )

    vocab = {token for tokens in actions for token in tokens}
    count_nouns = frozenset(
        t
        for w in _strings(counts, "nouns", "[counts]")
        for t in spelling_phrase_tokens(w, spelling)
    )
    negators = frozenset(
        t
        for w in _strings(negation, "words", "[negation]")
        for t in spelling_phrase_tokens(w, spelling)
    )
    greetings = frozenset(
        t
        for w in _strings(prank, "greetings", "[prank]")
        for t in spelling_phrase_tokens(w, spelling)
    )
    # Negators, count words and greetings must survive normalization unchanged.
    vocab |= count_nouns | negators | greetings | set(numbers)
    ratio = prank.get("noise_known_ratio", 0.25)
    _require(isinstance(ratio, int | float), "[prank]", "noise_known_ratio must be a number")

    return Ruleset(
        bands=bands,
        weights=weights,
        min_category=_int(weights_data, "min_category", 5, "[weights]"),
        runner_up_support=_int(weights_data, "runner_up_support", 10, "[weights]"),
        max_signal_points=_int(weights_data, "max_signal_points", 40, "[weights]"),
        channels=channels,
        categories=categories,
        topics=tuple(topics),
        signals=tuple(signals),
        deescalators=tuple(deescalators),
        index=index,
        negators=negators,
        negation_window=_int(negation, "window", 3, "[negation]"),
        count_nouns=count_nouns,
        count_numbers={str(k): int(v) for k, v in numbers.items()},
        count_applies_to=_categories_ok(counts.get("applies_to", sorted(emergency)), "[counts]"),
        count_steps=tuple(sorted(steps, reverse=True)),
        greetings=greetings,
        noise_min_tokens=_int(prank, "noise_min_tokens", 12, "[prank]"),
        noise_known_ratio=float(ratio),
        normalizer=Normalizer(vocab, spelling, known),
    )
