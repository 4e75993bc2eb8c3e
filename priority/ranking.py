"""Which topic a report is about: the best topic per category, best category first.

priority.engine assesses the report under the first topic of `rank_categories`.
"""

from __future__ import annotations

from priority.rules import EMERGENCY_CATEGORIES, Ruleset, Signal, Topic
from priority.scan import Matches

# Signal groups that name a threat to life (the chief complaints and the hazards):
# one of them outranks a complaint category that happens to score higher. A weapon
# alone is not one (a golok at a slaughter): a threat or an attack with it is.
THREAT_GROUPS = frozenset(("life_threat",))
THREAT_SIGNALS = frozenset(("gas_leak", "explosion"))
NOT_THREATS = frozenset(("weapon",))
# A weapon in a disorder report (drunks fighting with a samurai, a brawl with
# machetes) makes it a crime: the protocols send police to a fight with weapons,
# public-order officers only to one without.
ARMED_DISORDER = ("public_order", "weapon")


def rank_categories(found: Matches, rules: Ruleset, reasons: list[str]) -> list[tuple[int, Topic]]:
    """The ranked topics; a threat to life goes before a complaint (see _threat_first)."""
    ranked = _by_score(found, rules)
    return _threat_first(ranked, found, rules, reasons)


def _threat_first(
    ranked: list[tuple[int, Topic]], found: Matches, rules: Ruleset, reasons: list[str]
) -> list[tuple[int, Topic]]:
    """A report whose best category is not an emergency one (a pollution smell, a
    bridge, a drunk, a question) but that names a threat to life which fast-tracks
    in a ranked emergency category ("tidak sadarkan diri", "akan melompat", "pegang
    parang") is that emergency: the chief complaint decides, not the setting."""
    if not ranked or ranked[0][1].category in EMERGENCY_CATEGORIES:
        return ranked
    top = ranked[0][1]
    armed = top.category == ARMED_DISORDER[0]
    threats = [
        (rules.signals[idx], shown)
        for idx, shown in found.signals.items()
        if (rules.signals[idx].group in THREAT_GROUPS or rules.signals[idx].name in THREAT_SIGNALS)
        and (rules.signals[idx].name not in NOT_THREATS or armed)
    ]
    # A threat the top category fast-tracks itself (a fallen line electrocuting) stays there.
    if not threats or any(top.category in signal.fast_track for signal, _ in threats):
        return ranked
    for position, (score, topic) in enumerate(ranked[1:], start=1):
        if score < rules.min_category or topic.category not in EMERGENCY_CATEGORIES:
            continue
        for signal, shown in threats:
            ignored = topic.ignore_signals
            if (
                topic.category in signal.fast_track
                and signal.name not in ignored
                and signal.group not in ignored
                and not _stopped(found, topic, signal, rules)
            ):
                reasons.append(
                    f"{signal.label} ('{shown}') outranks {ranked[0][1].category}"
                    f" ({ranked[0][1].name})"
                )
                ranked.insert(0, ranked.pop(position))
                return ranked
        # Only the best emergency topic is tried: a trapped cow is an animal rescue.
        return ranked
    return ranked


def _stopped(found: Matches, topic: Topic, signal: Signal, rules: Ruleset) -> bool:
    """True when a de-escalator that stops the fast track would apply to this topic
    (a stroke years ago, a past event, a drill): then the threat is not live."""
    present = {rules.signals[idx].name for idx in found.signals}
    present |= {rules.signals[idx].group for idx in found.signals}
    for idx in found.deescalators:
        deesc = rules.deescalators[idx]
        if (
            deesc.stops_fast_track
            and deesc.unless.isdisjoint(present - {""})
            and topic.category in deesc.applies_to
            and signal.name not in deesc.unless
            and signal.group not in deesc.unless
            and deesc.name not in topic.ignore_deescalators
        ):
            return True
    return False


def _by_score(found: Matches, rules: Ruleset) -> list[tuple[int, Topic]]:
    """Best topic per category, best category first (ties: the one named first
    in the text, then rules file order).

    A topic found only through weak words does not count. A topic or category that
    yields to another topic (medical to a crash, a fire, a drowning; a collapse to
    the whirlwind that caused it) goes after it when that topic has a strong keyword."""
    best: dict[str, tuple[int, Topic]] = {}
    medium = rules.weights["medium"]
    for idx, score in found.topic_scores.items():
        topic = rules.topics[idx]
        if all(weight < medium for weight, _ in found.topic_phrases[idx]):
            continue
        current = best.get(topic.category)
        if current is None or score > current[0]:
            best[topic.category] = (score, topic)
    categories = rules.categories
    ranked = sorted(
        best.values(),
        key=lambda item: (
            -item[0],
            found.topic_first[item[1].index],
            categories[item[1].category].order,
        ),
    )
    yields_to = (
        ranked[0][1].yields_to or categories[ranked[0][1].category].yields_to if ranked else ()
    )
    if len(ranked) > 1 and yields_to:
        strong = rules.weights["strong"]
        for position, (_, topic) in enumerate(ranked[1:], start=1):
            if topic.name in yields_to and any(
                weight >= strong for weight, _ in found.topic_phrases[topic.index]
            ):
                ranked.insert(0, ranked.pop(position))
                break
    return ranked
