"""Compiling the phrases of the rules into the look-up tables the scan uses.

Every phrase becomes a tuple of canonical tokens, indexed by its first token,
longest first; gapped phrases ("darah ... tidak berhenti", "kapal ~ terbalik") are
indexed apart with how far apart their parts may be.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from priority.checks import require, strings
from priority.normalize import spelling_phrase_tokens
from priority.ruleset import (
    DEESCALATOR,
    NEUTRAL,
    SIGNAL,
    TOPIC,
    Deescalator,
    GappedEntry,
    IndexEntry,
    Signal,
    Topic,
)

Actions = dict[tuple[str, ...], dict[tuple[int, int], int]]
# Keyed by (parts, whole clause allowed).
GappedActions = dict[tuple[tuple[tuple[str, ...], ...], bool], dict[tuple[int, int], int]]
# "darah ... tidak berhenti": parts in this order, a few words apart, in one clause.
GAP = "..."
# "kapal ~ terbalik": parts in this order anywhere in one clause ("kapal wisata dari
# Pahawang mau ke Ketapang miring terus kebalik").
CLAUSE_GAP = " ~ "
# How far apart the parts of a "~" phrase may be (a clause is rarely longer).
_CLAUSE_WORDS = 40


def phrase_actions(
    data: Mapping[str, Any],
    spelling: Mapping[str, tuple[str, ...]],
    weights: dict[str, int],
    topics: list[Topic],
    signals: list[Signal],
    deescalators: list[Deescalator],
) -> tuple[Actions, GappedActions]:
    """Every phrase with its actions. A phrase may be listed in several places
    ("terjebak" is a rescue keyword and a life-threat signal). A signal with
    `keyword_of = "topic name"` also lends its phrases to that topic as keywords
    (`keyword_weight`, medium by default)."""
    actions: Actions = {}
    gapped: GappedActions = {}

    def add(phrase: str, kind: int, index: int, weight: int, where: str) -> None:
        if GAP in phrase or CLAUSE_GAP in phrase:
            wide = CLAUSE_GAP in phrase
            pieces = phrase.split(CLAUSE_GAP if wide else GAP)
            parts = tuple(spelling_phrase_tokens(part, spelling) for part in pieces)
            require(
                len(parts) >= 2 and all(parts), where, f"gapped phrase {phrase!r} has an empty part"
            )
            slot = gapped.setdefault((parts, wide), {})
        else:
            tokens = spelling_phrase_tokens(phrase, spelling)
            require(bool(tokens), where, f"phrase {phrase!r} has no words")
            slot = actions.setdefault(tokens, {})
        # The same phrase twice in one topic counts once, at its highest weight.
        slot[(kind, index)] = max(weight, slot.get((kind, index), weight))

    for topic, entry in zip(topics, data.get("topic", []), strict=True):
        where = f"[[topic]] {topic.name}"
        for level in ("strong", "medium", "weak"):
            for phrase in strings(entry, level, where):
                add(phrase, TOPIC, topic.index, weights[level], where)
    topic_index = {topic.name: topic.index for topic in topics}
    for signal, entry in zip(signals, data.get("signal", []), strict=True):
        where = f"[[signal]] {signal.name}"
        keyword_of = entry.get("keyword_of")
        require(
            keyword_of is None or keyword_of in topic_index, where, f"unknown topic {keyword_of!r}"
        )
        level = entry.get("keyword_weight", "medium")
        require(level in weights, where, f"keyword_weight must be one of {sorted(weights)}")
        for phrase in strings(entry, "phrases", where):
            add(phrase, SIGNAL, signal.index, signal.points, where)
            if keyword_of is not None:
                add(phrase, TOPIC, topic_index[keyword_of], weights[level], where)
    for deesc, entry in zip(deescalators, data.get("deescalator", []), strict=True):
        for phrase in strings(entry, "phrases", f"[[deescalator]] {deesc.name}"):
            add(phrase, DEESCALATOR, deesc.index, deesc.points, f"[[deescalator]] {deesc.name}")
    for phrase in strings(data.get("neutral", {}), "phrases", "[neutral]"):
        add(phrase, NEUTRAL, 0, 0, "[neutral]")
    _lift_phrase_weights(actions)
    _inherit_signals(actions)
    return actions, gapped


def phrase_index(actions: Actions) -> dict[str, tuple[IndexEntry, ...]]:
    """Phrases by their first token, longest first: the scan tries the longest match."""
    by_first: dict[str, list[IndexEntry]] = {}
    for tokens, slot in actions.items():
        compiled = tuple((kind, index, weight) for (kind, index), weight in slot.items())
        by_first.setdefault(tokens[0], []).append((tokens, " ".join(tokens), compiled))
    return {
        first: tuple(sorted(entries, key=lambda e: -len(e[0])))
        for first, entries in by_first.items()
    }


def gapped_index(gapped: GappedActions, gap: int) -> dict[str, tuple[GappedEntry, ...]]:
    """Gapped phrases by the first token of their first part, with their widest gap."""
    by_first: dict[str, list[GappedEntry]] = {}
    for (parts, wide), slot in gapped.items():
        compiled = tuple((kind, index, weight) for (kind, index), weight in slot.items())
        joint = CLAUSE_GAP if wide else f" {GAP} "
        shown = joint.join(" ".join(part) for part in parts)
        width = _CLAUSE_WORDS if wide else gap
        by_first.setdefault(parts[0][0], []).append((parts, shown, compiled, width))
    return {first: tuple(entries) for first, entries in by_first.items()}


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
