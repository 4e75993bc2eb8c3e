"""docs/RELIABILITY.md describes the code as it is, and says what a run skipped.

The document records a hash of the code its figures describe (tools/reliability.py,
COVERED); a change to that code without `make reliability` fails here.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from tools.reliability import COVERED, OUT, code_hash, collect, recorded_hash, render


def test_the_reliability_document_is_not_older_than_the_code_it_describes() -> None:
    recorded = recorded_hash(OUT.read_text(encoding="utf-8"))
    assert recorded, "docs/RELIABILITY.md records no code hash: run `make reliability`"
    assert recorded == code_hash(), (
        f"{', '.join(COVERED)} changed since docs/RELIABILITY.md was generated: "
        "run `make reliability` and commit the document"
    )


def junit(tmp_path: Path, cases: str) -> Path:
    report = tmp_path / "report.xml"
    report.write_text(f'<testsuites><testsuite name="pytest">{cases}</testsuite></testsuites>')
    ET.parse(report)  # noqa: S314 (well formed; our own text)
    return report


def test_it_reports_a_skipped_check_as_skipped_and_figures_per_variant(tmp_path: Path) -> None:
    target = "tests/faults/test_burst.py"
    report = junit(
        tmp_path,
        f'<testcase file="{target}" name="test_x[uvicorn-threads]" time="3">'
        '<properties><property name="seconds_to_send" value="11.2"/></properties></testcase>'
        f'<testcase file="{target}" name="test_x[daphne-prefork]" time="4">'
        '<properties><property name="seconds_to_send" value="12.5"/></properties></testcase>'
        '<testcase file="tests/faults/test_redis_down.py" name="test_y[uvicorn-threads]" time="0">'
        '<skipped message="needs Redis (REDIS_URL)"/></testcase>',
    )
    document = render(collect(report), "0123456789abcdef")
    burst = next(line for line in document.splitlines() if target in line)
    assert "| passed |" in burst
    assert "uvicorn-threads: seconds_to_send = 11.2" in burst
    assert "daphne-prefork: seconds_to_send = 12.5" in burst
    redis = next(line for line in document.splitlines() if "test_redis_down.py" in line)
    assert "**skipped**: needs Redis (REDIS_URL)" in redis and "passed" not in redis
    assert recorded_hash(document) == "0123456789abcdef"
