"""The labelled rows of one evaluation set, for one split (eval/README.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

EVAL = Path(__file__).resolve().parents[1] / "eval"


def rows(name: str, split: str | None = None) -> Iterator[dict[str, Any]]:
    """Rows of eval/<name>.jsonl in `split` (None: all of them); the "dev" split is
    eval/dev/<name>.jsonl, written after the freeze, and may not exist yet."""
    path = EVAL / "dev" / f"{name}.jsonl" if split == "dev" else EVAL / f"{name}.jsonl"
    if not path.exists():
        return
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                if split is None or row["split"] == split:
                    yield row
