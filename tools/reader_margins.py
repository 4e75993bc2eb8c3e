"""The second reader's margins (priority.reader), chosen on rows it never learned.

    python -m tools.reader_margins            the table
    python -m tools.reader_margins --write    also eval/results/reader/margins.json

The reader learns from the training rows (priority.reader.TRAINING). Its margins
are chosen on the development sets' "dev_holdout" rows, which neither the rules
nor the reader were written from: each row is assessed by the rules, read by the
reader, and judged at every pair of margins of the grid. Chosen: the category
margin that names the most categories right (the higher on a tie: it changes
fewer), then the lowest life margin whose fast tracks lose at most PRECISION_COST
of the rules' own precision, and never fall under the issue's 0.90. Only the two
numbers are chosen here; the rows' misses are not listed. The frozen sets' holdout
part is not read: it stays the measure (make eval).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from priority import reader
from priority.engine import _assess
from priority.rules import default_rules
from tools import evalfiles

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "eval" / "results" / "reader" / "margins.json"
LIFE_MARGINS = (0.0, 0.25, 0.5, 0.75, 1.0)
CATEGORY_MARGINS = (-0.25, 0.0, 0.25, 0.5, 1.0)
# The precision of fast tracks the reader may cost against the rules alone, and the
# issue's floor under which it may never take it.
PRECISION_COST = 0.02
PRECISION_FLOOR = 0.90


def validation_rows() -> list[dict[str, Any]]:
    return [
        row
        for split in evalfiles.DEV_SPLITS
        if split.endswith("_holdout")
        for row in evalfiles.rows("urgency", split)
    ]


def scores(judged: list[tuple[dict[str, Any], Any]]) -> dict[str, float]:
    tp = sum(1 for row, a in judged if row["fast_track"] and a.fast_track)
    fp = sum(1 for row, a in judged if not row["fast_track"] and a.fast_track)
    fn = sum(1 for row, a in judged if row["fast_track"] and not a.fast_track)
    agency = sum(1 for row, a in judged if _first_agency_ok(row, a.agencies))
    return {
        "fast_track_recall": round(tp / (tp + fn), 3) if tp + fn else 1.0,
        "fast_track_precision": round(tp / (tp + fp), 3) if tp + fp else 1.0,
        "category_accuracy": round(
            sum(1 for row, a in judged if row["category"] == a.category) / len(judged), 3
        ),
        "first_agency_ok": round(agency / len(judged), 3),
    }


def _first_agency_ok(row: dict[str, Any], agencies: list[str]) -> bool:
    accepted = row.get("agencies", [])
    return agencies[0] in accepted if agencies else "none" in accepted


class _Read:
    """The reader's one reading of a row, made once for the whole grid."""

    def __init__(self, reading: reader.Reading) -> None:
        self.reading = reading

    def read(self, text: str) -> reader.Reading:
        return self.reading


def measure() -> dict[str, Any]:
    rules = default_rules()
    rows = validation_rows()
    trained = reader.reader()
    judged = [
        (row, _assess(row["text"], row.get("channel"), rules), _Read(trained.read(row["text"])))
        for row in rows
    ]
    grid = {}
    for life in LIFE_MARGINS:
        for category in CATEGORY_MARGINS:
            reviewed = [
                (
                    row,
                    reader.review(
                        row["text"],
                        assessment,
                        rules,
                        using=read,  # type: ignore[arg-type]
                        life_margin=life,
                        category_margin=category,
                    ),
                )
                for row, assessment, read in judged
            ]
            grid[_key(life, category)] = scores(reviewed)
    alone = scores([(row, a) for row, a, _ in judged])
    return {
        "rows": len(rows),
        "rules_alone": alone,
        "with_reader": grid,
        "chosen": choose(grid, alone),
    }


def _key(life: float, category: float) -> str:
    return f"life {life} category {category}"


def choose(grid: dict[str, dict[str, float]], rules_alone: dict[str, float]) -> dict[str, float]:
    # The category first, with no fast track of the reader's (the highest life
    # margin), so that the two choices do not lean on each other.
    none = LIFE_MARGINS[-1]
    best = max(grid[_key(none, c)]["category_accuracy"] for c in CATEGORY_MARGINS)
    category = max(c for c in CATEGORY_MARGINS if grid[_key(none, c)]["category_accuracy"] == best)
    floor = max(PRECISION_FLOOR, rules_alone["fast_track_precision"] - PRECISION_COST)
    life = next(
        (m for m in LIFE_MARGINS if grid[_key(m, category)]["fast_track_precision"] >= floor),
        none,
    )
    return {"life_margin": life, "category_margin": category}


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
