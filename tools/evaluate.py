"""`make eval`: the judgements measured on the frozen evaluation sets (eval/README.md).

    make eval                                 tables for tune, dev, holdout and all
    python -m tools.evaluate --errors          also list the misses of the tune and dev parts
    python -m tools.evaluate --write           also write eval/results/<date>.json
    python -m tools.evaluate --check           exit 1 when a holdout figure is below target
    python -m tools.evaluate --tune --errors   the tune and dev parts alone, while tuning

Misses are printed for the tune and dev parts only: the holdout part is counted,
never studied (a rule written from a holdout miss would make its figures lie).
"dev" is eval/dev/<set>.jsonl, written after the freeze for tuning; "dev2" is the
"dev" rows of eval/dev/<set>_2.jsonl, a second writer's set, whose "dev_holdout"
rows ("dev2_holdout") are counted like the frozen holdout, never listed; "dev3" and
"dev3_holdout" the same of a third writer's <set>_3.jsonl; "all" is the frozen set
(tune and holdout).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
from pathlib import Path
from typing import Any

from tools import evalfiles

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "eval" / "results"

# The thresholds the Judgement issue sets, held by tests/eval/ on the holdout part.
TARGETS: dict[str, tuple[str, float, str]] = {
    # name: (set, target, ">=" or "<=")
    "fast_track_recall": ("urgency", 0.97, ">="),
    "fast_track_precision": ("urgency", 0.90, ">="),
    "category_accuracy": ("urgency", 0.90, ">="),
    "first_agency_ok": ("urgency", 0.90, ">="),
    "named_within_tolerance": ("placement", 0.95, ">="),
    "wrong_placements": ("placement", 0, "<="),
    "precision": ("duplicates", 0.97, ">="),
    "recall": ("duplicates", 0.90, ">="),
}


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def measure(split: str | None) -> dict[str, dict[str, Any]]:
    """The figures of the three sets for one split (None: all rows)."""
    from priority.evaluate import score_cases
    from tools import eval_duplicates, eval_placement

    landmarks = eval_placement.shipped_landmarks()
    figures: dict[str, dict[str, Any]] = {}
    # Not every dev writer wrote every set: no empty tables (an empty set's
    # precision of 1.0 would say nothing).
    if evalfiles.source("urgency", split)[0].exists():
        urgency, _ = score_cases(urgency_cases(split))
        urgency.pop("per_category", None)
        figures["urgency"] = urgency
    if evalfiles.source("placement", split)[0].exists():
        figures["placement"] = eval_placement.metrics(eval_placement.run(split))
    if evalfiles.source("duplicates", split)[0].exists():
        figures["duplicates"] = eval_duplicates.metrics(eval_duplicates.run(landmarks, split))
    return figures


def urgency_cases(split: str | None) -> list[Any]:
    from priority.evaluate import load_cases

    path, row_split = evalfiles.source("urgency", split)
    if not path.exists():
        return []
    return [c for c in load_cases(path) if row_split in (None, c.split)]


def below_targets(figures: dict[str, dict[str, Any]]) -> list[str]:
    failures = []
    for name, (kind, target, sense) in TARGETS.items():
        value = figures[kind][name]
        if (sense == ">=" and value < target) or (sense == "<=" and value > target):
            failures.append(f"{kind}.{name} {value} (target {sense} {target})")
    return failures


def table(title: str, figures: dict[str, dict[str, Any]]) -> str:
    lines = [f"== {title}"]
    for kind, values in figures.items():
        for name, value in values.items():
            if isinstance(value, dict):
                continue
            target = TARGETS.get(name)
            mark = ""
            if target is not None and target[0] == kind:
                _, goal, sense = target
                met = value >= goal if sense == ">=" else value <= goal
                mark = f"   (target {sense} {goal}) {'ok' if met else 'BELOW TARGET'}"
            lines.append(f"{kind + '.' + name:<44}{value!s:>8}{mark}")
    return "\n".join(lines)


# Misses are listed for these; the dev sets' "_holdout" parts are counted only.
TUNING_SPLITS = (
    "tune",
    "dev",
    "dev2",
    "dev3",
    "dev4",
    "dev5",
    "dev6",
    "dev7",
    "dev8",
    "dev9",
    "dev10",
    "dev11",
    "dev12",
    "dev13",
    "dev14",
    "dev15",
    "dev17",
    "dev18",
    "dev19",
    "dev20",
    "dev21",
    "dev23",
    "dev24",
    "dev25",
    "dev26",
    "dev27",
    "dev30",
    "dev32",
    "dev34",
)
# Dev files no rule was written on yet: both parts are counted, never listed, so
# both check the rules on pairs they never met (eval/README.md).
NOT_TUNED_SPLITS: tuple[str, ...] = ("dev16", "dev22", "dev28", "dev29", "dev31", "dev33")
COUNTED_SPLITS = (
    *TUNING_SPLITS,
    *NOT_TUNED_SPLITS,
    *(split for split in evalfiles.DEV_SPLITS if split.endswith("_holdout")),
)


def tune_misses() -> str:
    from priority.evaluate import format_errors, score_cases
    from tools import eval_duplicates, eval_placement

    landmarks = eval_placement.shipped_landmarks()
    parts = []
    for split in TUNING_SPLITS:
        _, pairs = score_cases(urgency_cases(split))
        parts += [
            f"== urgency misses ({split})",
            format_errors(pairs),
            f"== placement misses ({split})",
            *eval_placement.misses(eval_placement.run(split)),
            f"== duplicate misses ({split})",
            *eval_duplicates.misses(eval_duplicates.run(landmarks, split)),
        ]
    return "\n".join(parts)


def write(results: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC)
    path = RESULTS / f"{stamp:%Y-%m-%dT%H%M}.json"
    meta = {"at": stamp.isoformat(timespec="seconds"), "python": platform.python_version()}
    path.write_text(json.dumps({**meta, **results}, indent=2) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list the misses of the tune part")
    parser.add_argument("--write", action="store_true", help="write eval/results/<date>.json")
    parser.add_argument("--check", action="store_true", help="exit 1 below a holdout target")
    parser.add_argument("--tune", action="store_true", help="tune and dev only (while tuning)")
    args = parser.parse_args(argv)
    setup_django()
    splits = COUNTED_SPLITS if args.tune else (*COUNTED_SPLITS, "holdout", None)
    results = {split or "all": measure(split) for split in splits}
    for title, figures in results.items():
        print(table(title, figures))
        print()
    if args.errors:
        print(tune_misses())
    if args.write:
        print(f"written to {write(results).relative_to(ROOT)}")
    failures = below_targets(results["holdout"]) if "holdout" in results else []
    if args.check and failures:
        print("below targets on the holdout part: " + "; ".join(failures), file=sys.stderr)
        sys.exit(1)
    return results


if __name__ == "__main__":
    main()
