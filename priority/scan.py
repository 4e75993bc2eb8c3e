"""The phrase scan: what the rules' phrases find in one normalized text.

priority.engine turns what is found into an assessment; duplicate matching asks
only which categories a text names (`categories_named`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from priority.normalize import BOUNDARY
from priority.rules import DEESCALATOR, SIGNAL, TOPIC, Ruleset, default_rules


def categories_named(text: str, rules: Ruleset | None = None, *, least: int = 1) -> frozenset[str]:
    """The categories whose topics a text names, whichever one the engine picks.

    One event is often called in under two categories (a crash as a traffic jam,
    an update on a flood as a question); a pair whose categories differ is still
    one kind when one report names what the other is. `least` is the weight its
    phrases must reach: a road or a motorbike mentioned in passing (3) names no event.
    """
    if rules is None:
        return _named_under_default_rules(text, least)
    found = scan(rules.normalizer.normalize(text).tokens, rules)
    return frozenset(
        rules.topics[index].category
        for index, score in found.topic_scores.items()
        if score >= least
    )


@functools.lru_cache(maxsize=4096)
def topics_named(text: str, *, least: int = 1) -> frozenset[str]:
    """The default rules' topics a text names with at least `least` weight."""
    rules = default_rules()
    found = scan(rules.normalizer.normalize(text).tokens, rules)
    return frozenset(
        rules.topics[index].name for index, score in found.topic_scores.items() if score >= least
    )


@functools.lru_cache(maxsize=4096)
def _named_under_default_rules(text: str, least: int) -> frozenset[str]:
    # Duplicate matching asks this of every open candidate near each new report, about
    # the same texts every time: in `make bench`, about 40 candidates a report and a
    # seventh of triage's time. The default rules are loaded once per process.
    return categories_named(text, default_rules(), least=least)


def topic_of(topic: str, category: str) -> str:
    """The rules' topic of a report filed under `category`, when it is one of that
    category's ("water supply" under infrastructure); "" when the report was filed
    elsewhere than its topic (a fallen tree filed as infrastructure): matching then
    compares categories only."""
    return topic if _topic_categories().get(topic) == category else ""


@functools.lru_cache(maxsize=1)
def _topic_categories() -> dict[str, str]:
    return {topic.name: topic.category for topic in default_rules().topics}


@dataclass(slots=True)
class Matches:
    """What the phrase scan found in one text."""

    topic_scores: dict[int, int] = field(default_factory=dict)
    topic_phrases: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    topic_first: dict[int, int] = field(default_factory=dict)  # token where a topic is first named
    signals: dict[int, str] = field(default_factory=dict)
    negated: dict[int, str] = field(default_factory=dict)
    deescalators: dict[int, str] = field(default_factory=dict)
    people: int = 0
    people_text: str = ""


def scan(tokens: tuple[str, ...], rules: Ruleset) -> Matches:
    """Leftmost-longest phrase scan; a token used by a phrase is not reused."""
    found = Matches()
    index = rules.index
    negators = rules.negators
    numbers = rules.count_numbers
    nouns = rules.count_nouns
    window = rules.negation_window
    last_negator = -1000
    n = len(tokens)
    i = 0
    while i < n:
        token = tokens[i]
        entry = None
        candidates = index.get(token)
        if candidates is not None:
            for candidate in candidates:
                length = len(candidate[0])
                if length == 1 or tokens[i : i + length] == candidate[0]:
                    entry = candidate
                    break
        if entry is None:
            if token == BOUNDARY:
                last_negator = -1000
            elif token in negators:
                last_negator = i
            elif i + 1 < n and tokens[i + 1] in nouns:
                value = numbers.get(token)
                if value is None and token.isdigit() and len(token) <= 4:
                    value = int(token)
                if value is not None and value > found.people:
                    found.people = value
                    found.people_text = f"{token} {tokens[i + 1]}"
            i += 1
            continue
        phrase_tokens, shown, actions = entry
        _record(found, tokens, i, shown, actions, i - last_negator <= window, rules)
        i += len(phrase_tokens)
    if rules.gapped:
        _scan_gapped(tokens, rules, found)
    return found


def _record(
    found: Matches,
    tokens: tuple[str, ...],
    i: int,
    shown: str,
    actions: tuple[tuple[int, int, int], ...],
    after_negator: bool,
    rules: Ruleset,
) -> None:
    """Note what one phrase found at token i means."""
    for kind, idx, weight in actions:
        if kind == TOPIC:
            phrases = found.topic_phrases.setdefault(idx, [])
            if all(p != shown for _, p in phrases):
                phrases.append((weight, shown))
                found.topic_scores[idx] = found.topic_scores.get(idx, 0) + weight
                found.topic_first[idx] = min(i, found.topic_first.get(idx, i))
        elif kind == SIGNAL:
            if rules.signals[idx].negatable and after_negator:
                found.negated.setdefault(idx, shown)
            else:
                found.signals.setdefault(idx, shown)
        elif kind == DEESCALATOR:
            cancel = rules.deescalators[idx].cancel_after
            if cancel and not cancel.isdisjoint(tokens[max(0, i - 3) : i]):
                continue
            found.deescalators.setdefault(idx, shown)


def _scan_gapped(tokens: tuple[str, ...], rules: Ruleset, found: Matches) -> None:
    """Gapped phrases ("darah ... tidak berhenti"): parts in order, at most
    `rules.gap` words apart (anywhere in the clause for "kapal ~ terbalik"),
    never across a clause boundary. They add to what
    the phrase scan found and use up no words."""
    n = len(tokens)
    done: set[str] = set()
    for i, token in enumerate(tokens):
        for parts, shown, actions, gap in rules.gapped.get(token, ()):
            if shown in done or tokens[i : i + len(parts[0])] != parts[0]:
                continue
            end = _gapped_end(tokens, i + len(parts[0]), parts[1:], gap, n)
            if end < 0 or _listed_whole(tokens[i:end], parts, rules):
                continue
            done.add(shown)
            before = tokens[max(0, i - rules.negation_window) : i]
            if BOUNDARY in before:
                before = before[len(before) - before[::-1].index(BOUNDARY) :]
            negated = not rules.negators.isdisjoint(before)
            _record(found, tokens, i, shown, actions, negated, rules)


def _listed_whole(
    span: tuple[str, ...], parts: tuple[tuple[str, ...], ...], rules: Ruleset
) -> bool:
    """True when the parts are side by side and that phrase is listed as it is:
    "kabel putus" is counted once, not also as "kabel ... putus"."""
    if len(span) != sum(len(part) for part in parts):
        return False
    return any(entry[0] == span for entry in rules.index.get(span[0], ()))


def _gapped_end(
    tokens: tuple[str, ...], start: int, parts: tuple[tuple[str, ...], ...], gap: int, n: int
) -> int:
    """Where the remaining parts end when each follows within `gap` words, or -1."""
    for part in parts:
        size = len(part)
        for j in range(start, min(n - size, start + gap) + 1):
            if tokens[j : j + size] == part:
                start = j + size
                break
            if tokens[j] == BOUNDARY:
                return -1
        else:
            return -1
    return start
