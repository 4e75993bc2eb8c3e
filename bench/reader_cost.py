"""What the urgency engine's second reader (priority.reader) costs a process.

    python -m bench.reader_cost [--reports 500] [--out FILE]

In one fresh process: the memory and time of importing scikit-learn and of
training the reader, then the time of reading `--reports` labelled texts, with the
rules' own assessment of the same texts measured in the same run as the baseline.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "results" / "triage" / "reader-cost.json"


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def measure(reports: int) -> dict[str, Any]:
    from priority.engine import assess

    assess("tes", "sms", second_reading=False)  # the rules loaded: not the reader's cost
    gc.collect()
    before = rss_mb()
    started = time.perf_counter()
    import sklearn.feature_extraction.text
    import sklearn.pipeline
    import sklearn.svm  # noqa: F401

    imported, imported_rss = time.perf_counter(), rss_mb()
    from priority import reader

    trained_reader = reader.reader()
    trained = time.perf_counter()
    gc.collect()
    trained_rss = rss_mb()
    texts = [row["text"] for row in reader.training_rows()][:reports]
    start = time.perf_counter()
    for text in texts:
        trained_reader.read(text)
    read = time.perf_counter() - start
    start = time.perf_counter()
    for text in texts:
        assess(text, "sms", second_reading=False)
    rules = time.perf_counter() - start
    return {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "reports": len(texts),
        "import_s": round(imported - started, 2),
        "train_s": round(trained - imported, 2),
        "rss_import_mb": round(imported_rss - before, 1),
        "rss_train_mb": round(trained_rss - imported_rss, 1),
        "read_ms_per_report": round(read / len(texts) * 1000, 2),
        "rules_ms_per_report": round(rules / len(texts) * 1000, 2),
        "read_over_rules": round(read / rules, 2),
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=500)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    result = measure(args.reports)
    print(json.dumps(result, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
