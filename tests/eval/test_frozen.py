"""The evaluation sets are frozen: a changed file would make the held-out figures lie."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

EVAL = Path(__file__).resolve().parents[2] / "eval"


def test_it_keeps_each_set_as_it_was_frozen() -> None:
    readme = (EVAL / "README.md").read_text(encoding="utf-8")
    frozen = dict(re.findall(r"\| `(\w+\.jsonl)` \| `([0-9a-f]{64})` \|", readme))
    assert set(frozen) == {"urgency.jsonl", "placement.jsonl", "duplicates.jsonl"}
    for name, digest in frozen.items():
        assert hashlib.sha256((EVAL / name).read_bytes()).hexdigest() == digest, name


def test_it_names_the_freeze_commit() -> None:
    readme = (EVAL / "README.md").read_text(encoding="utf-8")
    assert re.search(r"commit\s+\*\*[0-9a-f]{40}\*\*", readme)
