"""Key questions: what the call-taker asks, and how each answer moves the priority.

Dispatch protocols do not leave urgency to the caller's choice of words: the
call-taker asks a few questions per complaint (is the patient conscious?
breathing? is anyone trapped?) and the answers decide. Each question here has
its answers and their effect: `fast_track` puts the report in P1 whatever its
words said, `points` move the score; every effect adds its reason. The phone
console asks the questions of the assessed category; the public form asks the
few marked `public`.

Pure data and one function, no Django: the engine applies the answers
(priority.engine.assess(..., answers=...)).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

YES, NO, UNKNOWN = "yes", "no", "unknown"
ANSWERS = (YES, NO, UNKNOWN)


@dataclass(frozen=True)
class Effect:
    points: int = 0
    fast_track: bool = False
    reason: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    text_id: str  # as the call-taker asks it, in Bahasa Indonesia
    text_en: str
    # The categories whose call-taker is asked it; a public question's answer
    # counts whatever the category (the public form asks it of every report).
    categories: frozenset[str]
    effects: Mapping[str, Effect] = field(default_factory=dict)
    public: bool = False


def _ask(
    id: str,
    text_id: str,
    text_en: str,
    categories: tuple[str, ...] | frozenset[str],
    *,
    public: bool = False,
    **effects: Effect,
) -> Question:
    return Question(id, text_id, text_en, frozenset(categories), effects, public)


# Reports of these categories get the general questions at the phone console.
GENERAL = ("public_order", "infrastructure", "environment", "other")

QUESTIONS: tuple[Question, ...] = (
    _ask(
        "danger_now",
        "Apakah ada orang yang nyawanya terancam saat ini?",
        "Is anyone's life in danger right now?",
        GENERAL,
        public=True,
        yes=Effect(fast_track=True, reason="answer: a life is in danger now"),
        no=Effect(points=-10, reason="answer: no life in danger"),
    ),
    _ask(
        "conscious",
        "Apakah korban sadar dan bisa diajak bicara?",
        "Is the person conscious and able to talk?",
        ("medical", "traffic_accident", "rescue"),
        no=Effect(fast_track=True, reason="answer: not conscious"),
    ),
    _ask(
        "breathing",
        "Apakah korban bernapas normal?",
        "Is the person breathing normally?",
        ("medical", "rescue"),
        no=Effect(fast_track=True, reason="answer: not breathing normally"),
    ),
    _ask(
        "bleeding",
        "Apakah ada pendarahan hebat yang tidak berhenti?",
        "Is there heavy bleeding that does not stop?",
        ("medical", "traffic_accident", "crime"),
        yes=Effect(fast_track=True, reason="answer: heavy bleeding"),
    ),
    _ask(
        "trapped",
        "Apakah ada orang yang terjebak, terjepit atau tertimbun?",
        "Is anyone trapped, pinned or buried?",
        ("fire", "traffic_accident", "disaster", "rescue"),
        public=True,
        yes=Effect(fast_track=True, reason="answer: someone is trapped"),
    ),
    _ask(
        "people_inside",
        "Apakah masih ada orang di dalam bangunan atau kendaraan yang terbakar?",
        "Is anyone still inside the burning building or vehicle?",
        ("fire",),
        yes=Effect(fast_track=True, reason="answer: people still inside"),
    ),
    _ask(
        "in_water",
        "Apakah ada orang di dalam air, hanyut atau belum ditemukan?",
        "Is anyone in the water, swept away or missing?",
        ("rescue", "disaster"),
        yes=Effect(fast_track=True, reason="answer: someone in the water or missing"),
    ),
    _ask(
        "weapon",
        "Apakah pelaku membawa senjata (pisau, parang, senjata api)?",
        "Does the attacker have a weapon (knife, machete, gun)?",
        ("crime", "public_order"),
        yes=Effect(fast_track=True, reason="answer: a weapon"),
    ),
    _ask(
        "attacker_present",
        "Apakah pelaku masih ada di lokasi?",
        "Is the attacker still there?",
        ("crime",),
        yes=Effect(points=15, reason="answer: the attacker is still there"),
        no=Effect(points=-5, reason="answer: the attacker has left"),
    ),
    _ask(
        "injured",
        "Apakah ada yang terluka?",
        "Is anyone hurt?",
        ("fire", "traffic_accident", "disaster", "crime"),
        yes=Effect(points=20, reason="answer: someone is hurt"),
        no=Effect(points=-8, reason="answer: no one is hurt"),
    ),
    _ask(
        "spreading",
        "Apakah api atau air makin membesar atau meluas?",
        "Is the fire or the water getting bigger or spreading?",
        ("fire", "disaster"),
        yes=Effect(points=10, reason="answer: spreading"),
    ),
    _ask(
        "still_happening",
        "Apakah kejadiannya masih berlangsung sekarang?",
        "Is it still happening now?",
        GENERAL,
        public=True,
        yes=Effect(points=6, reason="answer: still happening"),
        no=Effect(points=-20, reason="answer: already over"),
    ),
)

BY_ID: Mapping[str, Question] = {q.id: q for q in QUESTIONS}


def questions_for(category: str) -> list[Question]:
    """The questions the call-taker asks about a report of this category."""
    return [q for q in QUESTIONS if category in q.categories]


def clean_answers(answers: Mapping[str, object] | None) -> dict[str, str]:
    """The known questions' valid answers; anything else is dropped (the API refuses
    it before, with a message; the engine never fails on it)."""
    if not answers:
        return {}
    return {
        key: value
        for key, value in answers.items()
        if key in BY_ID and isinstance(value, str) and value in ANSWERS
    }


def effects_of(category: str, answers: Mapping[str, str]) -> list[Effect]:
    """The effects of the answers that apply to this category, in question order:
    its own questions', and the public questions' whatever the category."""
    found = []
    for question in QUESTIONS:
        if category not in question.categories and not question.public:
            continue
        effect = question.effects.get(answers.get(question.id, ""))
        if effect is not None:
            found.append(effect)
    return found
