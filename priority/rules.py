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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from priority.checks import integer, require, strings
from priority.normalize import (
    SPELLING_PATH,
    Normalizer,
    load_spelling,
    spelling_phrase_tokens,
)
from priority.phrases import gapped_index, phrase_actions, phrase_index
from priority.ruleset import (  # noqa: F401 (importable from here, as before)
    AGENCY_KINDS,
    CATEGORIES,
    CHANNELS,
    DEESCALATOR,
    EMERGENCY_CATEGORIES,
    MASS_SIGNAL,
    NEUTRAL,
    PRIORITIES,
    SIGNAL,
    TOPIC,
    Action,
    Category,
    Deescalator,
    GappedEntry,
    IndexEntry,
    RulesError,
    Ruleset,
    Signal,
    Topic,
)

RULES_PATH = Path(__file__).with_name("rules.toml")


def _categories_ok(values: Iterable[str], where: str) -> frozenset[str]:
    values = frozenset(values)
    unknown = values - set(CATEGORIES)
    require(not unknown, where, f"unknown categories {sorted(unknown)}")
    return values


def _agencies_ok(values: Iterable[str], kinds: frozenset[str], where: str) -> tuple[str, ...]:
    values = tuple(values)
    unknown = set(values) - kinds
    require(
        not unknown, where, f"unknown agency kinds {sorted(unknown)} (add to extra_agency_kinds)"
    )
    return values


def _when(data: Mapping[str, Any], kinds: frozenset[str], where: str) -> dict[str, tuple[str, ...]]:
    when = data.get("when", {})
    require(isinstance(when, dict), where, "when must be a table {signal = [agencies]}")
    return {name: _agencies_ok(strings(when, name, where), kinds, where) for name in when}


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


def compile_rules(
    data: Mapping[str, Any],
    spelling: Mapping[str, tuple[str, ...]],
    known: Iterable[str] = (),
) -> Ruleset:
    """The Ruleset of rules.toml's data: every section checked, every phrase indexed."""
    kinds = frozenset(AGENCY_KINDS) | frozenset(data.get("extra_agency_kinds", []))
    weights_data = data.get("weights", {})
    weights = {
        name: integer(weights_data, name, d, "[weights]")
        for name, d in (("strong", 10), ("medium", 6), ("weak", 3))
    }
    categories = _compile_categories(data.get("categories", {}), kinds)
    signals = _compile_signals(data.get("signal", []))
    names = _SignalNames(
        frozenset(s.name for s in signals) | {s.group for s in signals if s.group} | {MASS_SIGNAL}
    )
    for code, cat in categories.items():
        names.check(cat.when, f"[categories.{code}].when")
    topics = _compile_topics(data.get("topic", []), categories, kinds, names)
    topic_names = {topic.name for topic in topics}
    for code, cat in categories.items():
        unknown = cat.yields_to - topic_names
        require(not unknown, f"[categories.{code}].yields_to", f"unknown topics {sorted(unknown)}")
    for topic in topics:
        unknown = topic.yields_to - topic_names
        require(not unknown, f"[[topic]] {topic.name}", f"unknown yields_to {sorted(unknown)}")
    deescalators = _compile_deescalators(data.get("deescalator", []), categories, names, spelling)
    deesc_names = {deesc.name for deesc in deescalators}
    for topic in topics:
        unknown = topic.ignore_deescalators - deesc_names
        require(not unknown, f"[[topic]] {topic.name}", f"unknown de-escalators {sorted(unknown)}")
    actions, gapped = phrase_actions(data, spelling, weights, topics, signals, deescalators)
    words = _word_sets(data, spelling)
    counts = data.get("counts", {})
    prank = data.get("prank", {})
    gap = integer(data.get("phrases", {}), "gap", 3, "[phrases]")
    ratio = prank.get("noise_known_ratio", 0.25)
    require(isinstance(ratio, int | float), "[prank]", "noise_known_ratio must be a number")
    # Negators, count words and greetings must survive normalization unchanged.
    vocab = {token for tokens in actions for token in tokens}
    vocab |= {token for parts, _ in gapped for part in parts for token in part}
    vocab |= words.count_nouns | words.negators | words.greetings | set(words.numbers)
    return Ruleset(
        bands=_compile_bands(data.get("bands", {})),
        weights=weights,
        min_category=integer(weights_data, "min_category", 5, "[weights]"),
        runner_up_support=integer(weights_data, "runner_up_support", 10, "[weights]"),
        max_signal_points=integer(weights_data, "max_signal_points", 40, "[weights]"),
        channels=_compile_channels(data.get("channels", {})),
        categories=categories,
        topics=tuple(topics),
        signals=tuple(signals),
        deescalators=tuple(deescalators),
        index=phrase_index(actions),
        negators=words.negators,
        negation_window=integer(data.get("negation", {}), "window", 3, "[negation]"),
        count_nouns=words.count_nouns,
        count_numbers={str(k): int(v) for k, v in words.numbers.items()},
        count_applies_to=_categories_ok(
            counts.get("applies_to", sorted(EMERGENCY_CATEGORIES)), "[counts]"
        ),
        count_steps=_count_steps(counts),
        greetings=words.greetings,
        noise_min_tokens=integer(prank, "noise_min_tokens", 12, "[prank]"),
        noise_known_ratio=float(ratio),
        normalizer=Normalizer(vocab, spelling, known),
        gapped=gapped_index(gapped, gap),
        gap=gap,
    )


def _compile_bands(bands_data: Mapping[str, Any]) -> tuple[tuple[str, int], ...]:
    bands = tuple(
        (p, integer(bands_data, p, d, "[bands]")) for p, d in (("P1", 70), ("P2", 50), ("P3", 30))
    )
    require(
        100 >= bands[0][1] > bands[1][1] > bands[2][1] > 0,
        "[bands]",
        "need 100 >= P1 > P2 > P3 > 0",
    )
    return bands


def _compile_channels(channels_data: Mapping[str, Any]) -> dict[str, int]:
    unknown_channels = set(channels_data) - set(CHANNELS)
    require(not unknown_channels, "[channels]", f"unknown channels {sorted(unknown_channels)}")
    return {c: integer(channels_data, c, 0, "[channels]") for c in CHANNELS}


def _compile_categories(cat_data: Mapping[str, Any], kinds: frozenset[str]) -> dict[str, Category]:
    _categories_ok(cat_data, "[categories]")
    order = list(cat_data) + [c for c in CATEGORIES if c not in cat_data]
    categories: dict[str, Category] = {}
    for position, code in enumerate(order):
        where = f"[categories.{code}]"
        entry = cat_data.get(code, {})
        categories[code] = Category(
            code=code,
            order=position,
            base=integer(entry, "base", 10, where),
            min=integer(entry, "min", 0, where),
            max=integer(entry, "max", 100, where),
            agencies=_agencies_ok(strings(entry, "agencies", where), kinds, where),
            when=_when(entry, kinds, where),
            yields_to=frozenset(strings(entry, "yields_to", where)),
        )
    return categories


def _compile_signals(entries: list[Mapping[str, Any]]) -> list[Signal]:
    signals: list[Signal] = []
    for i, entry in enumerate(entries):
        where = f"[[signal]] #{i + 1} {entry.get('name', '?')}"
        require(isinstance(entry.get("name"), str), where, "needs a name")
        applies = entry.get("applies_to")
        applies_to = _categories_ok(applies, where) if applies is not None else EMERGENCY_CATEGORIES
        # fast_track = true: P1 wherever the signal counts; a list: only in those categories.
        fast = entry.get("fast_track", False)
        require(
            isinstance(fast, bool | list),
            where,
            "fast_track must be true/false or a list of categories",
        )
        if isinstance(fast, bool):
            fast_track = applies_to if fast else frozenset()
        else:
            fast_track = _categories_ok(strings(entry, "fast_track", where), where)
            require(fast_track <= applies_to, where, "fast_track categories must be in applies_to")
        group = entry.get("group", "")
        require(isinstance(group, str), where, "group must be a name")
        signals.append(
            Signal(
                index=i,
                name=entry["name"],
                label=str(entry.get("label", entry["name"])),
                points=integer(entry, "points", 0, where),
                applies_to=applies_to,
                negatable=bool(entry.get("negatable", False)),
                fast_track=fast_track,
                group=group,
            )
        )
    return signals


@dataclass(frozen=True)
class _SignalNames:
    """The signal names a `when`, `unless` or `ignore_signals` list may use."""

    known: frozenset[str]

    def check(self, names: Iterable[str], where: str) -> frozenset[str]:
        names = frozenset(names)
        unknown = names - self.known
        require(not unknown, where, f"unknown signals {sorted(unknown)}")
        return names


def _compile_topics(
    entries: list[Mapping[str, Any]],
    categories: dict[str, Category],
    kinds: frozenset[str],
    names: _SignalNames,
) -> list[Topic]:
    topics: list[Topic] = []
    for i, entry in enumerate(entries):
        where = f"[[topic]] #{i + 1} {entry.get('name', '?')}"
        code = entry.get("category")
        require(code in categories, where, f"unknown category {code!r}")
        cat = categories[code]
        agencies = (
            _agencies_ok(strings(entry, "agencies", where), kinds, where)
            if "agencies" in entry
            else cat.agencies
        )
        when = _when(entry, kinds, where) if "when" in entry else dict(cat.when)
        names.check(when, where)
        topics.append(
            Topic(
                index=i,
                category=code,
                name=str(entry.get("name", f"topic {i + 1}")),
                base=integer(entry, "base", cat.base, where),
                min=integer(entry, "min", cat.min, where),
                max=integer(entry, "max", cat.max, where),
                agencies=agencies,
                when=when,
                ignore_signals=names.check(strings(entry, "ignore_signals", where), where),
                fast_track=_topic_fast_track(entry, where),
                fast_track_with=names.check(strings(entry, "fast_track_with", where), where),
                ignore_deescalators=frozenset(strings(entry, "ignore_deescalators", where)),
                yields_to=frozenset(strings(entry, "yields_to", where)),
            )
        )
    return topics


def _topic_fast_track(entry: Mapping[str, Any], where: str) -> str:
    value = entry.get("fast_track", "")
    require(isinstance(value, str), where, "fast_track of a topic is the reason shown (text)")
    return str(value)


def _compile_deescalators(
    entries: list[Mapping[str, Any]],
    categories: dict[str, Category],
    names: _SignalNames,
    spelling: Mapping[str, tuple[str, ...]],
) -> list[Deescalator]:
    deescalators: list[Deescalator] = []
    for i, entry in enumerate(entries):
        where = f"[[deescalator]] #{i + 1} {entry.get('name', '?')}"
        require(isinstance(entry.get("name"), str), where, "needs a name")
        applies = entry.get("applies_to")
        becomes = entry.get("becomes")
        require(becomes is None or becomes in categories, where, f"unknown category {becomes!r}")
        deescalators.append(
            Deescalator(
                index=i,
                name=entry["name"],
                label=str(entry.get("label", entry["name"])),
                points=integer(entry, "points", 0, where),
                applies_to=(
                    _categories_ok(applies, where) if applies is not None else EMERGENCY_CATEGORIES
                ),
                unless=names.check(strings(entry, "unless", where), where),
                becomes=becomes,
                flag=entry.get("flag"),
                cancel_after=frozenset(
                    spelling_phrase_tokens(w, spelling)[0]
                    for w in strings(entry, "cancel_after", where)
                ),
                stops_fast_track=bool(entry.get("stops_fast_track", False)),
                keep_agencies=bool(entry.get("keep_agencies", True)),
            )
        )
    return deescalators


@dataclass(frozen=True)
class _WordSets:
    negators: frozenset[str]
    count_nouns: frozenset[str]
    numbers: dict[str, int]
    greetings: frozenset[str]


def _word_sets(data: Mapping[str, Any], spelling: Mapping[str, tuple[str, ...]]) -> _WordSets:
    """Negators, count words, number words and greetings, normalized like the text."""

    def tokens_of(section: Mapping[str, Any], key: str, where: str) -> frozenset[str]:
        return frozenset(
            t for w in strings(section, key, where) for t in spelling_phrase_tokens(w, spelling)
        )

    counts = data.get("counts", {})
    numbers = counts.get("numbers", {})
    require(
        all(isinstance(v, int) for v in numbers.values()),
        "[counts.numbers]",
        "values must be integers",
    )
    return _WordSets(
        negators=tokens_of(data.get("negation", {}), "words", "[negation]"),
        count_nouns=tokens_of(counts, "nouns", "[counts]"),
        numbers=numbers,
        greetings=tokens_of(data.get("prank", {}), "greetings", "[prank]"),
    )


def _count_steps(counts: Mapping[str, Any]) -> tuple[tuple[int, int], ...]:
    steps = [
        (integer(step, "min", 2, "[counts].steps"), integer(step, "points", 0, "[counts].steps"))
        for step in counts.get("steps", [])
    ]
    return tuple(sorted(steps, reverse=True))
