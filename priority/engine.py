"""Urgency assessment: free text -> category, P1..P4, score, agencies, reasons.

Pure Python and no ORM: dispatch/ calls `assess()` from its triage task and
the `assess` management command wraps it for JSON Lines (docs/ARCHITECTURE.md, "Command line").

Score bands (rules.toml [bands], defaults):
    P1  70..100  immediate threat to life or property, fast-tracked
    P2  50..69   urgent
    P3  30..49   needs handling
    P4   0..29   non-urgent complaint, information, prank, empty

The score starts at the matched topic's base (an active house fire 72, a road
accident 56, a pothole 36, a KTP question 12), adds signals (victims, trapped,
unconscious, weapons, "sekarang", ...), subtracts de-escalators ("sudah
padam", "kemarin", "latihan", "bagaimana cara"), adds a few points for the
channel, and is kept inside the category's [min, max]: a complaint category
can never reach P1, an emergency is never below P3 unless it was a drill,
a question or a prank. The channel alone never lifts a report into P1.

Fast track: a threat to life (a signal with `fast_track` for the category, such
as "not breathing" or "gas leak"; a topic that is one, an active fire; or a topic
with one of its `fast_track_with` signals, an urgent plea for a sick person) puts
the report in P1 whatever the topic's max, with the reason "fast track: ...",
unless a de-escalator that `stops_fast_track` applies (past, handled, drill,
only a risk, a joke). The emergency categories top out at 69 otherwise, so P1
always comes with the threat that caused it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from priority import questions, reader
from priority.normalize import BOUNDARY
from priority.ranking import rank_categories
from priority.rules import (
    CHANNELS,
    MASS_SIGNAL,
    Category,
    Ruleset,
    Topic,
    default_rules,
)
from priority.scan import Matches, scan

logger = logging.getLogger(__name__)

# How many matched keywords are listed in the reasons.
_KEYWORDS_SHOWN = 3
# Noise this far below the known-word ratio wins even over keywords found by chance.
_HARD_NOISE_RATIO = 0.1
_HARD_NOISE_MIN_TOKENS = 30


@dataclass(frozen=True, slots=True)
class Assessment:
    """The result of assessing one report.

    `as_dict()` is the output of docs/ARCHITECTURE.md, "Command line"; `flags`, `topic` and
    `rules_category` are extra information for dispatch (prank triage, dashboards, duplicate
    matching) and not part of it.
    """

    category: str
    priority: str
    score: int
    fast_track: bool
    agencies: list[str]
    reasons: list[str]
    flags: list[str] = field(default_factory=list)
    topic: str = ""
    # The rules' category when priority.reader's second reading named another; the
    # topic is always the rules' (duplicate matching then compares no topic).
    rules_category: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "category": self.category,
            "priority": self.priority,
            "score": self.score,
            "fast_track": self.fast_track,
            "agencies": list(self.agencies),
            "reasons": list(self.reasons),
        }


def assess(
    text: str,
    channel: str | None = None,
    *,
    rules: Ruleset | None = None,
    answers: Mapping[str, object] | None = None,
    second_reading: bool = True,
) -> Assessment:
    """Assess one report. Never raises: any input gives a valid Assessment.

    `channel` is one of the channels of docs/ARCHITECTURE.md, "Command line" ("phone",
    "sms", "whatsapp", "web", "api", "open311"); None or an unknown value adds no points.
    `answers` are the caller's answers to the key questions (priority.questions).
    `second_reading=False` gives the rules' judgement alone, without priority.reader's.
    """
    ruleset = rules if rules is not None else default_rules()
    try:
        result = _assess(text, channel, ruleset)
        if second_reading and rules is None:
            # The reader learned the shipped rules' categories: a rule set given
            # here (a test's, `assess --rules` trying out edits) is judged alone.
            result = _second_reading(text, result, ruleset)
        return apply_answers(result, answers, ruleset)
    except Exception:  # a report must never be lost to a bug in the rules engine
        logger.exception("priority.assess failed; falling back to other/P4")
        return Assessment(
            category="other",
            priority="P4",
            score=0,
            fast_track=False,
            agencies=[],
            reasons=["assessment failed: internal error, needs manual triage"],
            flags=["error"],
        )


def _second_reading(text: str, result: Assessment, rules: Ruleset) -> Assessment:
    """The result after priority.reader's second reading; the rules' own when the
    reader fails (it only ever adds to the rules' judgement, so losing it loses no
    report)."""
    try:
        return reader.review(text, result, rules)
    except Exception:
        logger.exception("priority.reader failed; the rules' assessment stands")
        return result


def apply_answers(
    result: Assessment, answers: Mapping[str, object] | None, rules: Ruleset
) -> Assessment:
    """The assessment after the key questions: an answer that shows a threat to life
    puts the report in P1 whatever its words said; others move the score."""
    effects = questions.effects_of(result.category, questions.clean_answers(answers))
    if not effects:
        return result
    score = result.score + sum(effect.points for effect in effects)
    if any(effect.fast_track for effect in effects):
        score = max(score, rules.p1_floor)
    else:
        category = rules.categories[result.category]
        score = max(category.min, min(category.max, score))
    score = max(0, min(100, score))
    priority = rules.band(score)
    kept = [r for r in result.reasons if not r.startswith("score ")]
    reasons = [*kept, *(effect.reason for effect in effects), f"score {score} -> {priority}"]
    return replace(
        result, score=score, priority=priority, fast_track=priority == "P1", reasons=reasons
    )


def _unclassified(norm_raw: int, tokens: tuple[str, ...], known: int, rules: Ruleset) -> str | None:
    """Why a text with no category looks like a prank, or None."""
    if all(token in rules.greetings or token == BOUNDARY for token in tokens):
        return "greeting or test message only"
    if known / norm_raw < rules.noise_known_ratio and (
        norm_raw >= rules.noise_min_tokens or known == 0
    ):
        return "mostly unrecognized words (noise)"
    return None


def _subjectless(
    found: Matches, rules: Ruleset, channel: str | None, flags: list[str]
) -> Assessment | None:
    """A question or a prank without a topic ("mohon info ...", "cuma iseng").

    De-escalators that change the category still say what the report is
    even when no topic matched: the strongest one decides.
    """
    best = None
    for idx, shown in found.deescalators.items():
        deesc = rules.deescalators[idx]
        if deesc.becomes and (best is None or deesc.points < best[0].points):
            best = (deesc, shown)
    if best is None:
        return None
    deesc, shown = best
    target = rules.categories[deesc.becomes or "other"]
    if deesc.flag and deesc.flag not in flags:
        flags = [deesc.flag, *flags]
    reasons = [f"{deesc.label}: '{shown}' -> {target.code}"]
    score = min(target.max, max(target.min, target.base + _channel_points(rules, channel)))
    return _result(rules, target.code, score, list(target.agencies), reasons, flags)


def _result(
    rules: Ruleset,
    category: str,
    score: int,
    agencies: list[str],
    reasons: list[str],
    flags: list[str],
    topic: str = "",
) -> Assessment:
    score = max(0, min(100, score))
    priority = rules.band(score)
    reasons.append(f"score {score} -> {priority}")
    return Assessment(
        category=category,
        priority=priority,
        score=score,
        fast_track=priority == "P1",
        agencies=agencies,
        reasons=reasons,
        flags=flags,
        topic=topic,
    )


def _channel_points(rules: Ruleset, channel: str | None) -> int:
    if channel is None or channel not in CHANNELS:
        return 0
    return rules.channels.get(channel, 0)


def _other(rules: Ruleset, channel: str | None, reasons: list[str], flags: list[str]) -> Assessment:
    other = rules.categories["other"]
    score = other.base
    bonus = _channel_points(rules, channel)
    if bonus:
        score = min(other.max, score + bonus)
    return _result(rules, "other", score, [], reasons, flags)


def _assess(text: str, channel: str | None, rules: Ruleset) -> Assessment:
    norm = rules.normalizer.normalize(text)
    tokens = norm.tokens
    flags: list[str] = []
    reasons: list[str] = []
    if norm.mixed_tokens or (norm.non_latin and norm.raw_count):
        flags.append("mixed_scripts")

    if not norm.raw_count:
        stripped = text.strip() if isinstance(text, str) else ""
        if not stripped:
            return _other(rules, channel, ["empty text"], ["empty"])
        if norm.non_latin or norm.mixed_tokens:
            reasons.append("no readable words (unsupported script)")
        else:
            reasons.append("no words (emoji or symbols only)")
        return _other(rules, channel, reasons, ["empty", "prank_suspect", *flags])

    found = scan(tokens, rules)
    ranked = rank_categories(found, rules, reasons)
    hard_noise = (
        norm.raw_count >= _HARD_NOISE_MIN_TOKENS
        and norm.known_count / norm.raw_count < _HARD_NOISE_RATIO
    )
    if not ranked or ranked[0][0] < rules.min_category or hard_noise:
        why = _unclassified(norm.raw_count, tokens, norm.known_count, rules)
        if why is None and (norm.mixed_tokens or norm.non_latin > norm.raw_count):
            why = "mixed or unsupported scripts"
        if why is not None:
            return _other(rules, channel, [why], ["prank_suspect", *flags])
        if not hard_noise:
            subjectless = _subjectless(found, rules, channel, flags)
            if subjectless is not None:
                return subjectless
        return _other(rules, channel, ["no category keywords found"], ["unclassified", *flags])

    _, topic = ranked[0]
    category: Category = rules.categories[topic.category]
    phrases = sorted(found.topic_phrases[topic.index], key=lambda p: -p[0])
    for _, shown in phrases[:_KEYWORDS_SHOWN]:
        reasons.append(f"keyword '{shown}' -> {category.code}")
    reasons.append(f"topic '{topic.name}' (base {topic.base})")

    applied, signal_points = _signals(found, topic, rules, reasons)
    deesc_points, becomes, stopper = _deescalators(found, topic, applied, rules, reasons, flags)

    channel_bonus = _channel_points(rules, channel)

    if becomes is not None:
        return _recategorized(rules, topic, category, becomes, channel, reasons, flags)

    # A threat to life is P1 whatever the topic's max; without one the max holds.
    fast = _fast_track(topic, applied, stopper, rules, reasons)
    top = 100 if fast else topic.max
    score = topic.base + signal_points + deesc_points
    score = min(top, max(topic.min, score))
    if channel_bonus:
        before = score
        score = min(top, score + channel_bonus)
        # The channel adds urgency but never makes a P1 on its own.
        if before < rules.p1_floor:
            score = min(score, rules.p1_floor - 1)
        if score != before:
            reasons.append(f"channel {channel} (+{score - before})")
    if fast:
        score = max(score, rules.p1_floor)
        reasons.append(fast)

    agencies = _agencies(topic, applied, ranked, rules, reasons)
    return _result(rules, category.code, score, agencies, reasons, flags, topic.name)


def _recategorized(
    rules: Ruleset,
    topic: Topic,
    category: Category,
    becomes: tuple[int, str, str, bool],
    channel: str | None,
    reasons: list[str],
    flags: list[str],
) -> Assessment:
    """A de-escalator made the report another category (a question, a drill, thanks)."""
    target = rules.categories[becomes[1]]
    reasons.append(f"category {category.code} -> {target.code}: '{becomes[2]}'")
    # Questions and drills keep the topic's agencies as the relevant ones;
    # thanks and news take the new category's (none); a prank routes nowhere.
    if target.code == "other":
        agencies = []
    elif becomes[3]:
        agencies = list(topic.agencies)
    else:
        agencies = list(target.agencies)
    channel_bonus = _channel_points(rules, channel)
    score = min(target.max, max(target.min, target.base + channel_bonus))
    if channel_bonus:
        reasons.append(f"channel {channel} (+{channel_bonus})")
    return _result(rules, target.code, score, agencies, reasons, flags, topic.name)


def _signals(
    found: Matches, topic: Topic, rules: Ruleset, reasons: list[str]
) -> tuple[dict[str, tuple[int, str]], int]:
    """Signals that count for this topic: ({name: (index, phrase)}, points)."""
    code = topic.category
    applied: dict[str, tuple[int, str]] = {}
    for idx, shown in found.signals.items():
        signal = rules.signals[idx]
        if (
            code in signal.applies_to
            and signal.name not in topic.ignore_signals
            and signal.group not in topic.ignore_signals
        ):
            applied[signal.name] = (idx, shown)
    for idx, shown in found.negated.items():
        signal = rules.signals[idx]
        if signal.name not in applied and code in signal.applies_to:
            reasons.append(f"negated: '{shown}' (no {signal.label})")

    points = 0
    for idx, shown in list(applied.values()):
        signal = rules.signals[idx]
        # A group name ("life_threat") counts as present when one of its signals is.
        if signal.group and signal.group not in applied:
            applied[signal.group] = (idx, shown)
        if signal.points:
            points += signal.points
            reasons.append(f"{signal.label}: '{shown}' (+{signal.points})")
    if (
        found.people >= 2
        and code in rules.count_applies_to
        and MASS_SIGNAL not in topic.ignore_signals
    ):
        for minimum, step_points in rules.count_steps:
            if found.people >= minimum:
                points += step_points
                applied[MASS_SIGNAL] = (-1, found.people_text)
                reasons.append(f"people involved: '{found.people_text}' (+{step_points})")
                break
    if points > rules.max_signal_points:
        reasons.append(f"signals capped at +{rules.max_signal_points}")
        points = rules.max_signal_points
    return applied, points


def _fast_track(
    topic: Topic,
    applied: dict[str, tuple[int, str]],
    stopper: str | None,
    rules: Ruleset,
    reasons: list[str],
) -> str | None:
    """The reason for a fast track, or None.

    A threat to life (a `fast_track` signal that counts for this category, or a
    topic that is one: an active fire, a person in the water) is P1, unless the
    report is past, handled, a drill, only a risk or a joke."""
    reason = None
    for name, (idx, shown) in applied.items():
        signal = rules.signals[idx] if idx >= 0 else None
        if signal is not None and signal.name == name and topic.category in signal.fast_track:
            reason = f"fast track: {signal.label} ('{shown}')"
            break
    if reason is None and topic.fast_track:
        reason = f"fast track: {topic.fast_track} (topic '{topic.name}')"
    if reason is None:
        for name in sorted(topic.fast_track_with & applied.keys()):
            idx, shown = applied[name]
            label = rules.signals[idx].label if idx >= 0 else name
            reason = f"fast track: {topic.name} with {label} ('{shown}')"
            break
    if reason is not None and stopper is not None:
        reasons.append(f"no fast track: {stopper}")
        return None
    return reason


def _deescalators(
    found: Matches,
    topic: Topic,
    applied: dict[str, tuple[int, str]],
    rules: Ruleset,
    reasons: list[str],
    flags: list[str],
) -> tuple[int, tuple[int, str, str, bool] | None, str | None]:
    """(points, (points, new category, phrase) of the strongest category change or None,
    the first de-escalator that stops the fast track or None).

    De-escalators that stop the fast track (past, handled, drill, only a risk) go
    first; once one applies, no signal is live any more, so a question about a past
    accident is a question even though the accident had victims."""
    points = 0
    becomes: tuple[int, str, str, bool] | None = None
    stopper: str | None = None
    ordered = sorted(
        found.deescalators.items(), key=lambda e: not rules.deescalators[e[0]].stops_fast_track
    )
    # Once the threat is stopped, only the descriptive tags (0-point signals such as
    # "dispute") still keep a de-escalator from applying.
    tags = {name: v for name, v in applied.items() if v[0] >= 0 and not rules.signals[v[0]].points}
    for idx, shown in ordered:
        deesc = rules.deescalators[idx]
        live = tags if stopper is not None else applied
        if (
            topic.category not in deesc.applies_to
            or not deesc.unless.isdisjoint(live)
            or deesc.name in topic.ignore_deescalators
        ):
            continue
        if deesc.stops_fast_track and stopper is None:
            stopper = f"'{shown}' ({deesc.label})"
        points += deesc.points
        reasons.append(f"de-escalated: '{shown}' ({deesc.label}, {deesc.points})")
        if deesc.flag and deesc.flag not in flags:
            flags.append(deesc.flag)
        if deesc.becomes and (becomes is None or deesc.points < becomes[0]):
            becomes = (deesc.points, deesc.becomes, shown, deesc.keep_agencies)
    return points, becomes, stopper


def _agencies(
    topic: Topic,
    applied: dict[str, tuple[int, str]],
    ranked: list[tuple[int, Topic]],
    rules: Ruleset,
    reasons: list[str],
) -> list[str]:
    """Lead agency first, then supports from signals and from a strong second category."""
    agencies = list(topic.agencies)
    for name, extra in topic.when.items():
        if name in applied:
            for kind in extra:
                if kind not in agencies:
                    agencies.append(kind)
                    reasons.append(f"support {kind}: {name} ('{applied[name][1]}')")
    # A question or a suggestion routes nowhere: no support from a second category.
    for score, other in ranked[1:2] if topic.category not in ("information", "other") else ():
        if (
            score >= rules.runner_up_support
            and other.category not in ("information", "other")
            and other.agencies
            and other.agencies[0] not in agencies
        ):
            agencies.append(other.agencies[0])
            reasons.append(f"support {other.agencies[0]}: also {other.category} ({other.name})")
    return agencies
