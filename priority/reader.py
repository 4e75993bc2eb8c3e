"""The second reader: a text classifier that reads a report after the rules.

The rules know the words their writers thought of. Callers use others: "dadanya
nggak naik turun" for not breathing, "aer so nae sampe dada" for a flood with
people in it. On reports written by people who never saw the rules, the rules
alone missed about one threat to life in twelve (eval/README.md). The reader is
a linear classifier over the reports' character and word n-grams, trained on the
labelled reports the rules were tuned on, never on a held-out row
(`training_rows`). It trains once per process: with scikit-learn's import, 1.6 to
3.5 s by the machine's load, and 146 to 164 MB (bench/results/triage/reader-cost.json
and reader-cost-2.json).

What it may change, and why only that:
- It fast-tracks a report the rules left below P1 when the report reads like
  the threats to life it was trained on (`LIFE_MARGIN`). A missed threat to life
  costs more than a false P1, so it only ever raises: a P1 of the rules stays P1.
- It names the category, and with it the first agency, of a report the rules did
  not fast-track when it is sure (`CATEGORY_MARGIN`) and favours its category
  clearly over the rules' one (`CATEGORY_GAP`). A fast-tracked report keeps the
  rules' category: the threat they found names it.
Each change is a reason in the assessment, with the words that weighed most.

The margins and the gap are chosen on the development sets' held-out rows, which neither
the rules nor the reader learned from (`python -m tools.reader_margins`).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from priority.engine import Assessment
    from priority.ruleset import Ruleset

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
# The labelled sets, and the one split of each that may be learned from: the
# frozen set's tune rows, the dev sets' dev rows, the older set's tune rows.
# Held-out rows ("holdout", "dev_holdout") measure the reader and are never read.
TRAINING: tuple[tuple[Path, str], ...] = (
    (ROOT / "eval" / "urgency.jsonl", "tune"),
    (ROOT / "eval" / "dev" / "urgency.jsonl", "dev"),
    (ROOT / "eval" / "dev" / "urgency_2.jsonl", "dev"),
    (ROOT / "eval" / "dev" / "urgency_3.jsonl", "dev"),
    (ROOT / "eval" / "dev" / "urgency_4.jsonl", "dev"),
    (ROOT / "eval" / "dev" / "urgency_5.jsonl", "dev"),
    (ROOT / "priority" / "eval" / "reports.jsonl", "tune"),
)
HELD_OUT = frozenset({"holdout", "dev_holdout"})

# Distance from the classifier's boundary (a one-vs-rest linear SVM's decision
# value) above which the reader acts.
LIFE_MARGIN = 0.25
CATEGORY_MARGIN = -0.25
# How much more the reader must favour its category than the rules' one: a reader
# torn between the two ("lapor lagi, jalan masih rusak": crime or roads, by the word
# "lapor") leaves the rules' keyword standing.
CATEGORY_GAP = 0.4
# Long texts are read as their first characters: the event is told first, and
# the cost of reading stays bounded.
MAX_CHARS = 2000
WORDS_SHOWN = 3
# The reasons' labels (frontend/judgement_words.py says them in the operator's language).
SECOND_READING = "second reading by the trained model"
THREAT_TO_LIFE = f"{SECOND_READING}: a threat to life"
# Kinds no threat to life is filed under: a question, a prank, a permit.
NO_THREAT = frozenset({"information", "other", "public_service"})


@dataclass(frozen=True, slots=True)
class Reading:
    category: str
    category_margin: float
    category_words: tuple[str, ...]
    life_margin: float
    life_words: tuple[str, ...]
    # Every category's margin; a category it does not know is never preferred.
    margins: tuple[tuple[str, float], ...] = ()

    def margin_of(self, category: str) -> float:
        return dict(self.margins).get(category, float("-inf"))


def training_rows() -> Iterator[dict[str, Any]]:
    """The labelled rows the reader learns from: never a held-out one."""
    for path, split in TRAINING:
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    row = json.loads(line)
                    if row.get("split", "tune") == split and split not in HELD_OUT:
                        yield row


class Reader:
    """A trained reader. Reading is thread-safe: the models are only read."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import FeatureUnion
        from sklearn.svm import LinearSVC

        texts = [_clip(row["text"]) for row in rows]
        # Character n-grams carry SMS spelling and regional forms ("tlg", "nyanda",
        # "ambegan"); word n-grams carry the phrases the reasons quote.
        self.words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True)
        self.vectorizer = FeatureUnion(
            [
                (
                    "chars",
                    TfidfVectorizer(
                        analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2
                    ),
                ),
                ("words", self.words),
            ]
        )
        features = self.vectorizer.fit_transform(texts)
        self.categories = LinearSVC(C=1.0, random_state=0)
        self.categories.fit(features, [row["category"] for row in rows])
        self.life = LinearSVC(C=1.0, class_weight="balanced", random_state=0)
        self.life.fit(features, [bool(row["fast_track"]) for row in rows])
        self.word_names = self.words.get_feature_names_out()
        self.word_offset = features.shape[1] - len(self.word_names)

    def read(self, text: str) -> Reading:
        features = self.vectorizer.transform([_clip(text)])
        margins = self.categories.decision_function(features)[0]
        best = int(margins.argmax())
        life = float(self.life.decision_function(features)[0])
        return Reading(
            category=str(self.categories.classes_[best]),
            category_margin=float(margins[best]),
            category_words=self._weighed(features, self.categories.coef_[best]),
            life_margin=life,
            life_words=self._weighed(features, self.life.coef_[0]),
            margins=tuple(
                (str(name), float(margin))
                for name, margin in zip(self.categories.classes_, margins, strict=True)
            ),
        )

    def _weighed(self, features: Any, weights: Any) -> tuple[str, ...]:
        """The report's words that pushed hardest toward the answer."""
        row = features.tocsr()
        pushes = [
            (value * weights[index], self.word_names[index - self.word_offset])
            for index, value in zip(row.indices, row.data, strict=True)
            if index >= self.word_offset and value * weights[index] > 0
        ]
        pushes.sort(reverse=True)
        shown: list[str] = []
        for _, word in pushes:
            if not any(word in kept or kept in word for kept in shown):
                shown.append(word)
            if len(shown) == WORDS_SHOWN:
                break
        return tuple(shown)


def _clip(text: str) -> str:
    return text[:MAX_CHARS] if isinstance(text, str) else ""


_lock = threading.Lock()
_reader: Reader | None = None


def reader() -> Reader:
    """The process's reader, trained on first use."""
    global _reader
    if _reader is None:
        with _lock:
            if _reader is None:
                _reader = Reader(list(training_rows()))
    return _reader


def warm() -> None:
    """Trains the process's reader in a thread of its own if it is not trained yet.
    Called when a call-taker's console opens: the first preview, asked during the
    call, then does not wait the 1.6 to 3.5 s of training."""
    if _reader is None and not _lock.locked():
        threading.Thread(target=_warm, name="reader-warm", daemon=True).start()


def _warm() -> None:
    try:
        reader()
    except Exception:
        # The first assessment tries again, and reads with the rules alone if it fails.
        logger.exception("the second reader could not be trained")


def review(
    text: str,
    result: Assessment,
    rules: Ruleset,
    *,
    using: Reader | None = None,
    life_margin: float = LIFE_MARGIN,
    category_margin: float = CATEGORY_MARGIN,
    category_gap: float = CATEGORY_GAP,
) -> Assessment:
    """The rules' assessment after the second reading (the module's docstring).
    `using` and the margins are for tools.reader_margins, which tries others."""
    if {"empty", "prank_suspect", "error"} & set(result.flags):
        return result
    reading = (using or reader()).read(text)
    category, agencies, score = result.category, list(result.agencies), result.score
    reasons = [r for r in result.reasons if not r.startswith("score ")]
    if (
        not result.fast_track
        and reading.category != category
        and reading.category_margin >= category_margin
        and reading.category_margin - reading.margin_of(category) >= category_gap
    ):
        category = reading.category
        target = rules.categories[category]
        agencies = list(target.agencies)
        score = max(target.min, min(target.max, score))
        reasons.append(f"{SECOND_READING}: '{_words(reading.category_words)}' -> {category}")
    # A bare "tolong pak" is urgent to call back, not a P1 of no kind.
    if not result.fast_track and category not in NO_THREAT and reading.life_margin >= life_margin:
        score = max(score, rules.p1_floor)
        if not agencies:
            agencies = list(rules.categories[category].agencies)
        reasons.append(f"fast track: {THREAT_TO_LIFE} ('{_words(reading.life_words)}')")
    if (category, score) == (result.category, result.score):
        return result
    priority = rules.band(score)
    reasons.append(f"score {score} -> {priority}")
    return replace(
        result,
        category=category,
        score=score,
        priority=priority,
        fast_track=priority == "P1",
        agencies=agencies,
        reasons=reasons,
        # The rules' own reading, kept: their topic is of their category, so
        # duplicate matching compares no topic of a report read as another kind.
        rules_category=result.category if category != result.category else "",
    )


def _words(words: tuple[str, ...]) -> str:
    return ", ".join(words) if words else "-"
