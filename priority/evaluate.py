"""Evaluate the urgency engine against labeled reports.

    python -m priority.evaluate                               # priority/eval/reports.jsonl
    python -m priority.evaluate --path eval/urgency.jsonl     # tables: all, tune, holdout
    python -m priority.evaluate --path eval/urgency.jsonl --split tune --errors
                                                              # the tune misses, to study
    python -m priority.evaluate --check                       # exit 1 when below the targets

Needs no Django. Each line of a set is
    {"text", "channel", "category", "fast_track", "agencies", "split", ...}
where `agencies` lists the acceptable FIRST agencies ("none" = an empty agency
list is acceptable) and `split` is "tune" (written while the rules were tuned)
or "holdout" (written afterwards and never tuned on). Other fields (profile,
register) are ignored.

The holdout part is counted, never studied: `--errors` lists the misses of the
tune part only and refuses to run unless `--split tune` is given.

Labeling policy for fast_track (P1): an immediate threat to life or property
now: an active fire, an accident with injured or dead, drowning, trapped
people, unconsciousness / not breathing / seizures / labour, floods with
trapped people or deep water, collapse with people inside, armed or injuring
crime in progress. Past events, drills, questions, complaints and accidents
without injuries are not fast-tracked.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from priority.engine import Assessment, assess
from priority.rules import CATEGORIES

REPORTS_PATH = Path(__file__).with_name("eval") / "reports.jsonl"

# Targets the tests hold the engine to on priority/eval/reports.jsonl.
TARGETS = {
    "fast_track_recall": 0.97,
    "fast_track_precision": 0.90,
    "category_accuracy": 0.85,
    "first_agency_ok": 0.85,
}
# Targets for the independently written sets (eval/urgency.jsonl), on their holdout part.
INDEPENDENT_TARGETS = {
    "fast_track_recall": 0.97,
    "fast_track_precision": 0.90,
    "category_accuracy": 0.90,
    "first_agency_ok": 0.90,
}
SPLITS = ("tune", "holdout")


def targets_for(path: Path) -> dict[str, float]:
    """The targets of a labeled set: the older set's, or the independent sets'."""
    same = path.resolve() == REPORTS_PATH.resolve()
    return TARGETS if same else INDEPENDENT_TARGETS


@dataclass(frozen=True, slots=True)
class Case:
    text: str
    channel: str | None
    category: str
    fast_track: bool
    agencies: tuple[str, ...]
    split: str


def load_cases(path: Path = REPORTS_PATH) -> list[Case]:
    cases = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            if row["category"] not in CATEGORIES:
                raise ValueError(f"{path}:{number}: unknown category {row['category']!r}")
            cases.append(
                Case(
                    text=row["text"],
                    channel=row.get("channel"),
                    category=row["category"],
                    fast_track=bool(row["fast_track"]),
                    agencies=tuple(row.get("agencies", [])),
                    split=row.get("split", "tune"),
                )
            )
    return cases


def first_agency_ok(case: Case, result: Assessment) -> bool:
    if not result.agencies:
        return "none" in case.agencies
    return result.agencies[0] in case.agencies


def _ratio(numerator: int, denominator: int) -> float:
    # An empty denominator means nothing could go wrong: count it as perfect.
    return numerator / denominator if denominator else 1.0


def score_cases(cases: Sequence[Case]) -> tuple[dict[str, object], list[tuple[Case, Assessment]]]:
    """Metrics for a list of cases, plus every (case, result) pair."""
    pairs = [(case, assess(case.text, case.channel)) for case in cases]
    return metrics_of(pairs), pairs


def metrics_of(pairs: Sequence[tuple[Case, Assessment]]) -> dict[str, object]:
    """Metrics of cases already assessed."""
    tp = sum(1 for c, r in pairs if c.fast_track and r.fast_track)
    fp = sum(1 for c, r in pairs if not c.fast_track and r.fast_track)
    fn = sum(1 for c, r in pairs if c.fast_track and not r.fast_track)
    per_category: dict[str, dict[str, float]] = {}
    for code in CATEGORIES:
        predicted = sum(1 for _, r in pairs if r.category == code)
        actual = sum(1 for c, _ in pairs if c.category == code)
        hits = sum(1 for c, r in pairs if c.category == code and r.category == code)
        if predicted or actual:
            per_category[code] = {
                "precision": _ratio(hits, predicted),
                "recall": _ratio(hits, actual),
                "support": actual,
            }
    metrics: dict[str, object] = {
        "cases": len(pairs),
        "category_accuracy": _ratio(
            sum(1 for c, r in pairs if c.category == r.category), len(pairs)
        ),
        "fast_track_recall": _ratio(tp, tp + fn),
        "fast_track_precision": _ratio(tp, tp + fp),
        "fast_track_positives": tp + fn,
        "first_agency_ok": _ratio(sum(1 for c, r in pairs if first_agency_ok(c, r)), len(pairs)),
        "per_category": per_category,
    }
    return metrics


def evaluate(path: Path = REPORTS_PATH, split: str | None = None) -> dict[str, object]:
    """Metrics over the labeled set (all lines, or one split)."""
    cases = [c for c in load_cases(path) if split is None or c.split == split]
    metrics, _ = score_cases(cases)
    return metrics


def below_targets(metrics: dict[str, object], targets: dict[str, float] | None = None) -> list[str]:
    failures = []
    for name, target in (targets or TARGETS).items():
        value = metrics[name]
        assert isinstance(value, float)
        if value < target:
            failures.append(f"{name} {value:.3f} < {target}")
    return failures


def format_table(
    title: str, metrics: dict[str, object], targets: dict[str, float] | None = None
) -> str:
    targets = targets or TARGETS
    lines = [f"== {title}: {metrics['cases']} reports"]
    lines.append(f"{'category':<18}{'precision':>10}{'recall':>8}{'support':>9}")
    per_category = metrics["per_category"]
    assert isinstance(per_category, dict)
    for code, row in per_category.items():
        lines.append(
            f"{code:<18}{row['precision']:>10.2f}{row['recall']:>8.2f}{int(row['support']):>9}"
        )
    for name in (
        "category_accuracy",
        "fast_track_recall",
        "fast_track_precision",
        "first_agency_ok",
    ):
        value = metrics[name]
        assert isinstance(value, float)
        target = targets[name]
        mark = "ok" if value >= target else "BELOW TARGET"
        lines.append(f"{name:<22}{value:>7.3f}   (target >= {target:.2f}) {mark}")
    lines.append(f"{'fast_track positives':<22}{metrics['fast_track_positives']:>7}")
    return "\n".join(lines)


def format_errors(pairs: Iterable[tuple[Case, Assessment]]) -> str:
    """The misses of the tune and dev parts; holdout rows are never listed."""
    lines = []
    for case, result in pairs:
        if case.split not in ("tune", "dev"):
            continue
        problems = []
        if case.category != result.category:
            problems.append(f"category {result.category} != {case.category}")
        if case.fast_track != result.fast_track:
            problems.append(f"fast_track {result.fast_track} ({result.priority} {result.score})")
        if not first_agency_ok(case, result):
            problems.append(f"agencies {result.agencies} not in {list(case.agencies)}")
        if problems:
            lines.append(f"[{case.split}] {case.text[:90]!r}\n    " + "; ".join(problems))
            lines.append(f"    reasons: {result.reasons}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> dict[str, dict[str, object]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, default=REPORTS_PATH)
    parser.add_argument(
        "--split", choices=SPLITS, help="only this part of the set (tables, errors, check)"
    )
    parser.add_argument(
        "--errors",
        action="store_true",
        help="list every miss of the tune part (needs --split tune)",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when below the targets")
    args = parser.parse_args(argv)
    if args.errors and args.split != "tune":
        parser.error("--errors lists the misses of the tune part only: add --split tune")

    cases = load_cases(args.path)
    targets = targets_for(args.path)
    results: dict[str, dict[str, object]] = {}
    all_pairs: list[tuple[Case, Assessment]] = []
    if args.split:
        parts = [(args.split, [c for c in cases if c.split == args.split])]
    else:
        parts = [("all", cases)] + [
            (name, [c for c in cases if c.split == name]) for name in SPLITS
        ]
    for title, subset in parts:
        if not subset:
            continue
        metrics, pairs = score_cases(subset)
        results[title] = metrics
        if not all_pairs:
            all_pairs = pairs
        print(format_table(title, metrics, targets))
        print()
    if args.errors:
        print(format_errors(all_pairs))
    checked = results.get(args.split or "all")
    if args.check and checked is not None and below_targets(checked, targets):
        print("below targets: " + ", ".join(below_targets(checked, targets)), file=sys.stderr)
        sys.exit(1)
    return results


if __name__ == "__main__":
    main()
