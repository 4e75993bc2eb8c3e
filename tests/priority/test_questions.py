"""Key questions: the caller's answers move the priority, each with its reason."""

from __future__ import annotations

from priority.engine import assess
from priority.questions import QUESTIONS, clean_answers, questions_for


def test_it_fast_tracks_on_an_answer_whatever_the_words() -> None:
    plain = assess("bapak saya sakit perut dari tadi pagi", "phone")
    answered = assess("bapak saya sakit perut dari tadi pagi", "phone", answers={"conscious": "no"})
    assert plain.priority != "P1"
    assert answered.priority == "P1" and answered.fast_track
    assert "answer: not conscious" in answered.reasons
    assert answered.reasons[-1] == f"score {answered.score} -> P1"


def test_it_fast_tracks_an_unclassified_report_when_a_life_is_in_danger() -> None:
    result = assess("tolong cepat", "phone", answers={"danger_now": "yes"})
    assert (result.priority, result.category) == ("P1", "other")


def test_it_lowers_what_the_answers_show_is_over() -> None:
    text = "kecelakaan motor di jalan lintas"
    assert assess(text, answers={"injured": "no"}).score < assess(text).score


def test_it_ignores_unknown_questions_and_answers() -> None:
    assert clean_answers({"conscious": "maybe", "shoe_size": "yes", "breathing": "no"}) == {
        "breathing": "no"
    }
    assert assess("tolong", answers={"conscious": 3}).priority == assess("tolong").priority


def test_it_asks_three_to_six_questions_per_emergency_category() -> None:
    for category in ("fire", "traffic_accident", "medical", "disaster", "rescue", "crime"):
        assert 3 <= len(questions_for(category)) <= 6, category
    assert 2 <= sum(q.public for q in QUESTIONS) <= 3
    assert all(q.text_id and q.text_en for q in QUESTIONS)
