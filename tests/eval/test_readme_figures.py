"""The README's judgement figures are those of the results file it names."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# README row label -> (set, figure) in eval/results/*.json
ROWS = {
    "fast-track recall": ("urgency", "fast_track_recall"),
    "fast-track precision": ("urgency", "fast_track_precision"),
    "category": ("urgency", "category_accuracy"),
    "first agency": ("urgency", "first_agency_ok"),
    "named places within tolerance": ("placement", "named_within_tolerance"),
    "wrong placements": ("placement", "wrong_placements"),
    "duplicate decisions: precision": ("duplicates", "precision"),
    "duplicate decisions: recall": ("duplicates", "recall"),
}
SPLITS = (
    "holdout",
    "tune",
    "dev",
    "dev2",
    "dev2_holdout",
    "dev3",
    "dev3_holdout",
    "dev4",
    "dev4_holdout",
    "dev5",
    "dev5_holdout",
    "dev6",
    "dev6_holdout",
    "dev7",
    "dev7_holdout",
    "dev8",
    "dev8_holdout",
    "dev9",
    "dev9_holdout",
    "dev10",
    "dev10_holdout",
    "dev11",
    "dev11_holdout",
    "dev12",
    "dev12_holdout",
    "dev13",
    "dev13_holdout",
    "dev14",
    "dev14_holdout",
    "dev15",
    "dev15_holdout",
    "dev16",
    "dev16_holdout",
    "dev17",
    "dev17_holdout",
    "dev18",
    "dev18_holdout",
    "dev19",
    "dev19_holdout",
    "dev20",
    "dev20_holdout",
    "dev21",
    "dev21_holdout",
    "dev22",
    "dev22_holdout",
    "dev23",
    "dev23_holdout",
    "dev24",
    "dev24_holdout",
    "dev25",
    "dev25_holdout",
    "dev26",
    "dev26_holdout",
    "dev27",
    "dev27_holdout",
    "dev28",
    "dev28_holdout",
    "dev29",
    "dev29_holdout",
    "dev30",
    "dev30_holdout",
    "dev31",
    "dev31_holdout",
    "dev32",
    "dev32_holdout",
    "dev33",
    "dev33_holdout",
    "dev34",
    "dev34_holdout",
)


def test_it_shows_the_figures_of_the_named_results_file() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Judgements", 1)[1].split("\n## ", 1)[0]
    named = re.search(r"`(eval/results/[^`]+\.json)`", section)
    assert named, "the Judgements section names its results file"
    results = json.loads((ROOT / named.group(1)).read_text(encoding="utf-8"))
    newest = sorted((ROOT / "eval" / "results").glob("*.json"))[-1]
    assert ROOT / named.group(1) == newest, "the README shows the newest results"
    for label, (kind, name) in ROWS.items():
        row = next(line for line in section.splitlines() if line.startswith(f"| {label}"))
        cells = [cell.strip(" *") for cell in row.strip("|").split("|")][2:]
        for split, cell in zip(SPLITS, cells, strict=True):
            value = results[split].get(kind, {}).get(name)
            # A set the split has not: dev2, dev16 to dev34 have no placement cases.
            if cell == "-":
                assert value is None, (label, split)
                continue
            assert float(cell) == round(value, 3), (label, split)
