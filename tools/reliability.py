"""Regenerate docs/RELIABILITY.md: run the fault, loss and abuse tests, write what they measured.

    make reliability        (needs PostgreSQL and Redis, as CI has: DATABASE_URL, REDIS_URL)

Each test reports its figures with pytest's `record_property`; they are read back
from a JUnit XML report, so the document says what the last run measured.
"""

from __future__ import annotations

import datetime as dt
import platform
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "RELIABILITY.md"

# (section, pytest target, what it proves)
CHECKS: list[tuple[str, str, str]] = [
    (
        "Faults",
        "tests/faults/test_worker_killed.py",
        "Celery worker SIGKILLed mid-triage: every report processed exactly once",
    ),
    (
        "Faults",
        "tests/faults/test_redis_down.py",
        "Redis down 10 s: intake answers 201, reports processed after, screens miss nothing",
    ),
    (
        "Faults",
        "tests/faults/test_postgres_restart.py",
        "PostgreSQL restarted: 503 with a message meanwhile, no partial rows, service after",
    ),
    (
        "Faults",
        "tests/faults/test_web_restart.py",
        "Web server restarted: screens reconnect and resume, nothing missing or twice",
    ),
    (
        "Faults",
        "tests/faults/test_burst.py",
        "1,000 reports in 10 s: none lost, all triaged, the queue drains",
    ),
    (
        "Event stream",
        "tests/realtime/test_lossy_layer.py",
        "Dropped channel messages, a Redis restart, concurrent writers: zero lost or doubled",
    ),
    (
        "Event stream",
        "tests/realtime/test_state_convergence.py",
        "Every event type: stale state + events == fresh snapshot, per audience",
    ),
    (
        "Event stream",
        "tests/realtime/test_server_processes.py",
        "Two server processes share one stream; an idle socket stays open 60 s",
    ),
    (
        "Access",
        "tests/dispatch/test_permissions.py",
        "Every endpoint x anonymous, public, two agencies, dispatcher, supervisor",
    ),
    (
        "Access",
        "tests/realtime/test_consumers.py",
        "Sockets: roles, foreign Origin, sign-out and role loss close, agency isolation",
    ),
    (
        "Access",
        "tests/dispatch/test_security.py",
        "Sign-in lockout, CSRF on session POSTs, check --deploy with production settings",
    ),
    (
        "Abuse",
        "tests/dispatch/test_rate_limits.py",
        "Intake limits per address and phone, across processes; staff not limited",
    ),
    (
        "Abuse",
        "tests/dispatch/test_reports_api.py",
        "Bad input table: a clear 400 for each, never a 500",
    ),
    (
        "Privacy",
        "tests/dispatch/test_privacy.py",
        "Contacts masked but to dispatchers, views audited, retention anonymizes",
    ),
    (
        "Privacy",
        "tests/frontend/test_browser_xss.py",
        "Script-injection payloads in every user-text field, in headless Chromium: none runs",
    ),
    (
        "Privacy",
        "tests/frontend/test_browser_public.py",
        "Public page and socket: no words, names or phones",
    ),
]


def run(targets: list[str], report: Path) -> int:
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        f"--junitxml={report}",
        "-o",
        "junit_family=xunit1",
        *targets,
    ]
    return subprocess.call(command, cwd=ROOT)  # noqa: S603


def collect(report: Path) -> dict[str, dict]:
    """Per test file: outcomes, seconds, and the figures the tests recorded."""
    files: dict[str, dict] = {}
    for case in ET.parse(report).getroot().iter("testcase"):  # noqa: S314
        path = case.get("file") or case.get("classname", "").replace(".", "/") + ".py"
        entry = files.setdefault(path, {"outcomes": Counter(), "seconds": 0.0, "figures": {}})
        outcome = "passed"
        for child in case:
            if child.tag in ("failure", "error"):
                outcome = "failed"
            elif child.tag == "skipped":
                outcome = "skipped"
        entry["outcomes"][outcome] += 1
        entry["seconds"] += float(case.get("time") or 0)
        for prop in case.iter("property"):
            entry["figures"][prop.get("name")] = prop.get("value")
    return files


def render(files: dict[str, dict]) -> str:
    lines = [
        "# Reliability",
        "",
        "What the fault, loss and abuse tests measured in their last run. Regenerate with",
        "`make reliability` (PostgreSQL and Redis required, as in CI).",
        "",
        f"Run: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()}, "
        f"Python {platform.python_version()}.",
    ]
    for section in dict.fromkeys(name for name, _, _ in CHECKS):
        lines += [
            "",
            f"## {section}",
            "",
            "| check | tests | result | figures |",
            "|---|---|---|---|",
        ]
        for name, target, proves in CHECKS:
            if name == section:
                lines.append(_row(target, proves, files.get(target)))
    return "\n".join(lines) + "\n"


def _row(target: str, proves: str, entry: dict | None) -> str:
    entry = entry or {"outcomes": Counter(), "seconds": 0.0, "figures": {}}
    outcomes = entry["outcomes"]
    total = sum(outcomes.values())
    if not total:
        result = "not run"
    elif outcomes["failed"]:
        result = "**failed**"
    elif outcomes["skipped"]:
        result = f"passed, {outcomes['skipped']} skipped"
    else:
        result = "passed"
    figures = ", ".join(f"{k} = {v}" for k, v in sorted(entry["figures"].items())) or "-"
    tests = f"{total} in {entry['seconds']:.0f} s"
    return f"| {proves} (`{target}`) | {tests} | {result} | {figures} |"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.xml"
        status = run([target for _, target, _ in CHECKS], report)
        OUT.parent.mkdir(exist_ok=True)
        OUT.write_text(render(collect(report)))
    print(f"wrote {OUT.relative_to(ROOT)} (pytest exit {status})")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
