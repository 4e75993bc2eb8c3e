"""The second reader's margins (priority.reader), chosen on rows it never learned.

    python -m tools.reader_margins            the table
    python -m tools.reader_margins --write    also eval/results/reader/margins.json

The reader learns from the training rows (priority.reader.TRAINING). Its margins
are chosen on the development sets' "dev_holdout" rows, which neither the rules
nor the reader were written from: each row is assessed by the rules, read by the
reader, and judged at every point of the grid. Chosen: the category margin and
gap (how much more the reader must favour its category than the rules' one) that
name the most categories right (the higher on a tie: they change fewer), then the
lowest life margin whose fast tracks lose at most PRECISION_COST of the rules' own
precision, and never fall under the issue's 0.90. Only the three numbers are
chosen here; the rows' misses are not listed. The frozen sets' holdout
part is not read: it stays the measure (make eval).
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path
from typing import Any

from priority import reader
from priority.engine import Assessment, _assess
from priority.evaluate import Case, metrics_of
from priority.rules import default_rules
from tools import evalfiles, evaluate

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "eval" / "results" / "reader" / "margins.json"
LIFE_MARGINS = (0.0, 0.25, 0.5, 0.75, 1.0)
CATEGORY_MARGINS = (-0.25, 0.0, 0.25, 0.5, 1.0)
CATEGORY_GAPS = (0.0, 0.2, 0.4)
FIGURES = ("fast_track_recall", "fast_track_precision", "category_accuracy", "first_agency_ok")
# The precision of fast tracks the reader may cost against the rules alone, and the
# issue's floor under which it may never take it.
PRECISION_COST = 0.02
PRECISION_FLOOR = 0.90


def validation_cases() -> list[Case]:
    return [
        case
        for split in evalfiles.DEV_SPLITS
        if split.endswith("_holdout") and split not in evalfiles.UNSEEN_SPLITS
        for case in evaluate.urgency_cases(split)
    ]


def scores(judged: list[tuple[Case, Assessment]]) -> dict[str, float]:
    """The four figures the margins move, as priority.evaluate counts them."""
    metrics = metrics_of(judged)
    return {name: round(float(metrics[name]), 3) for name in FIGURES}  # type: ignore[arg-type]


class _Read:
    """The reader's one reading of a row, made once for the whole grid."""

    def __init__(self, reading: reader.Reading) -> None:
        self.reading = reading

    def read(self, text: str) -> reader.Reading:
        return self.reading


def measure() -> dict[str, Any]:
    rules = default_rules()
    cases = validation_cases()
    trained = reader.reader()
    judged = [
        (case, _assess(case.text, case.channel, rules), _Read(trained.read(case.text)))
        for case in cases
    ]
    grid = {}
    for life, category, gap in itertools.product(LIFE_MARGINS, CATEGORY_MARGINS, CATEGORY_GAPS):
        reviewed = [
            (
                case,
                reader.review(
                    case.text,
                    assessment,
                    rules,
                    using=read,  # type: ignore[arg-type]
                    life_margin=life,
                    category_margin=category,
                    category_gap=gap,
                ),
            )
            for case, assessment, read in judged
        ]
        grid[_key(life, category, gap)] = scores(reviewed)
    alone = scores([(case, a) for case, a, _ in judged])
    return {
        "rows": len(cases),
        "rules_alone": alone,
        "with_reader": grid,
        "chosen": choose(grid, alone),
    }


def _key(life: float, category: float, gap: float) -> str:
    return f"life {life} category {category} gap {gap}"


def choose(grid: dict[str, dict[str, float]], rules_alone: dict[str, float]) -> dict[str, float]:
    # The category first, with no fast track of the reader's (the highest life
    # margin), so that the two choices do not lean on each other. On a tie, the
    # higher margin and gap: they change fewer.
    none = LIFE_MARGINS[-1]
    pairs = list(itertools.product(CATEGORY_MARGINS, CATEGORY_GAPS))
    best = max(grid[_key(none, c, g)]["category_accuracy"] for c, g in pairs)
    category, gap = max(
        (c, g) for c, g in pairs if grid[_key(none, c, g)]["category_accuracy"] == best
    )
    floor = max(PRECISION_FLOOR, rules_alone["fast_track_precision"] - PRECISION_COST)
    life = next(
        (m for m in LIFE_MARGINS if grid[_key(m, category, gap)]["fast_track_precision"] >= floor),
        none,
    )
    return {"life_margin": life, "category_margin": category, "category_gap": gap}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write {OUT.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    table = measure()
    print(f"{table['rows']} rows; rules alone: {table['rules_alone']}")
    for key, figures in table["with_reader"].items():
        print(f"{key:<28} {figures}")
    print(f"chosen: {table['chosen']}")
    if args.write:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(json.dumps(table, indent=2) + "\n", encoding="utf-8")
        print(f"written to {OUT.relative_to(ROOT)}")
    return table


if __name__ == "__main__":
    main()
