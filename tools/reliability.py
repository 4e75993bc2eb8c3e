"""Regenerate docs/RELIABILITY.md: run the fault, loss and abuse tests, write what they measured.

    make reliability        (needs PostgreSQL and Redis, as CI has: DATABASE_URL, REDIS_URL)

Each test reports what it measured with pytest's `record_property`; the figures
are read back from a JUnit XML report, per variant of a parametrized test, so the
document says what the last run measured. A skipped check is reported as skipped.
The document records a hash of the code it describes (COVERED);
tests/test_reliability_doc.py fails once that code changes without a new run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import platform
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "RELIABILITY.md"

# The code the document's figures describe: what fails over, resumes and retries,
# and the fault tests with the servers they start.
COVERED = (
    "realtime",
    "dispatch/services",
    "dispatch/tasks.py",
    "config/serving.py",
    "tests/faults",
    "tests/servers.py",
)

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
        "Faults",
        "tests/dispatch/test_report_attempts.py",
        "Triage: one attempt at a time, an interrupted one back within seconds, waiting listed",
    ),
    (
        "Faults",
        "tests/dispatch/test_runstack.py",
        "`make run`: embedded SLA watchdog, a dead worker restarted, static files with DEBUG off",
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
        "tests/realtime/test_slow_clients.py",
        "A public socket that asks to resume and never reads: screens stay live, it is closed",
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


def code_hash() -> str:
    """sha256 of the COVERED files (paths and contents), caches and hidden files aside."""
    digest = hashlib.sha256()
    files = []
    for name in COVERED:
        path = ROOT / name
        files += sorted(path.rglob("*")) if path.is_dir() else [path]
    for path in files:
        relative = path.relative_to(ROOT)
        hidden = any(part.startswith(".") or part == "__pycache__" for part in relative.parts)
        if path.is_file() and not hidden and path.suffix != ".pyc":
            digest.update(relative.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def recorded_hash(text: str) -> str | None:
    match = re.search(r"^Code: `([0-9a-f]{16})`", text, re.MULTILINE)
    return match.group(1) if match else None


def collect(report: Path) -> dict[str, dict]:
    """Per test file: outcomes, seconds, skip reasons, and per variant the figures."""
    files: dict[str, dict] = {}
    for case in ET.parse(report).getroot().iter("testcase"):  # noqa: S314
        path = case.get("file") or case.get("classname", "").replace(".", "/") + ".py"
        entry = files.setdefault(
            path, {"outcomes": Counter(), "seconds": 0.0, "skips": set(), "figures": {}}
        )
        outcome = "passed"
        for child in case:
            if child.tag in ("failure", "error"):
                outcome = "failed"
            elif child.tag == "skipped":
                outcome = "skipped"
                entry["skips"].add((child.get("message") or "").removeprefix("Skipped: "))
        entry["outcomes"][outcome] += 1
        entry["seconds"] += float(case.get("time") or 0)
        name = case.get("name") or ""
        variant = name[name.index("[") + 1 : -1] if name.endswith("]") else ""
        for prop in case.iter("property"):
            entry["figures"].setdefault(variant, {})[prop.get("name")] = prop.get("value")
    return files


def render(files: dict[str, dict], code: str) -> str:
    lines = [
        "# Reliability",
        "",
        "What the fault, loss and abuse tests measured in their last run. Regenerate with",
        "`make reliability` (PostgreSQL and Redis required, as in CI). Figures are measured",
        "in that run, per variant (the default stack first: uvicorn and the Celery threads",
        "pool; then daphne and prefork); a check that did not run says skipped.",
        "",
        f"Run: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()}, "
        f"Python {platform.python_version()}.",
        "",
        f"Code: `{code}` (sha256 of {', '.join(f'`{c}`' for c in COVERED)}; "
        "tests/test_reliability_doc.py fails when they change and this is not regenerated).",
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


def _result(outcomes: Counter, skips: set[str]) -> str:
    total = sum(outcomes.values())
    why = "; ".join(sorted(r for r in skips if r))
    if not total:
        return "not run"
    if outcomes["failed"]:
        return f"**failed** ({outcomes['failed']} of {total})"
    if outcomes["skipped"] == total:
        return f"**skipped**: {why}" if why else "**skipped**"
    if outcomes["skipped"]:
        return f"passed {outcomes['passed']}, **skipped {outcomes['skipped']}**: {why}"
    return "passed"


def _row(target: str, proves: str, entry: dict | None) -> str:
    entry = entry or {"outcomes": Counter(), "seconds": 0.0, "skips": set(), "figures": {}}
    variants = []
    for variant, figures in sorted(entry["figures"].items()):
        shown = ", ".join(f"{k} = {v}" for k, v in sorted(figures.items()))
        variants.append(f"{variant}: {shown}" if variant else shown)
    tests = f"{sum(entry['outcomes'].values())} in {entry['seconds']:.0f} s"
    result = _result(entry["outcomes"], entry["skips"])
    return f"| {proves} (`{target}`) | {tests} | {result} | {'; '.join(variants) or '-'} |"


def main() -> int:
    code = code_hash()  # before the run: code changed meanwhile is not what it measured
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.xml"
        status = run([target for _, target, _ in CHECKS], report)
        OUT.parent.mkdir(exist_ok=True)
        OUT.write_text(render(collect(report), code))
    print(f"wrote {OUT.relative_to(ROOT)} (pytest exit {status})")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
