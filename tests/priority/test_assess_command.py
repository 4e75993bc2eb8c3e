"""`manage.py assess`: the JSON Lines contract of docs/ARCHITECTURE.md, "Command line"."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError

from priority.rules import AGENCY_KINDS, CATEGORIES

CONTRACT_KEYS = {"category", "priority", "score", "fast_track", "agencies", "reasons"}
MANAGE_PY = Path(__file__).resolve().parents[2] / "manage.py"


def run(*lines: str) -> tuple[list[dict[str, object]], int]:
    """Run the real command in-process: (output objects, exit status)."""
    stdin = StringIO("".join(line + "\n" for line in lines))
    stdout = StringIO()
    try:
        call_command("assess", stdin=stdin, stdout=stdout)
        status = 0
    except CommandError as exc:
        status = exc.returncode
    return [json.loads(line) for line in stdout.getvalue().splitlines()], status


def check_assessment(row: dict[str, object]) -> None:
    assert set(row) == CONTRACT_KEYS
    assert row["category"] in CATEGORIES
    assert row["priority"] in ("P1", "P2", "P3", "P4")
    score = row["score"]
    assert isinstance(score, int) and not isinstance(score, bool) and 0 <= score <= 100
    assert row["fast_track"] is (row["priority"] == "P1")
    agencies = row["agencies"]
    assert isinstance(agencies, list) and all(kind in AGENCY_KINDS for kind in agencies)
    reasons = row["reasons"]
    assert isinstance(reasons, list) and all(isinstance(r, str) for r in reasons)


def test_it_writes_one_assessment_per_report_in_order() -> None:
    out, status = run(
        json.dumps({"text": "Tolong ada kebakaran rumah, ada korban", "channel": "phone"}),
        json.dumps({"text": "jalan berlubang di depan sekolah", "channel": "open311"}),
        json.dumps({"text": "Bagaimana cara mengurus KTP?", "lat": -5.42, "lon": 105.26}),
    )
    assert status == 0
    assert len(out) == 3
    for row in out:
        check_assessment(row)
    assert [row["category"] for row in out] == ["fire", "infrastructure", "public_service"]
    assert out[0]["priority"] == "P1" and out[0]["fast_track"] is True
    assert out[0]["agencies"][:2] == ["damkar", "dinkes"]  # type: ignore[index]
    assert out[2]["agencies"] == ["disdukcapil"]


def test_it_reports_unreadable_lines_and_goes_on() -> None:
    out, status = run(
        "this is not json",
        json.dumps([1, 2, 3]),
        json.dumps({"channel": "phone"}),
        json.dumps({"text": 42}),
        json.dumps({"text": "banjir", "channel": "fax"}),
        json.dumps({"text": "banjir", "lat": "south"}),
        json.dumps({"text": "banjir", "lat": 123.0, "lon": 0}),
        '{"text": "banjir", "lon": NaN}',
        json.dumps({"text": "banjir masuk rumah warga", "channel": "whatsapp"}),
    )
    assert status == 1
    assert len(out) == 9
    errors = out[:8]
    for number, row in enumerate(errors, start=1):
        assert set(row) == {"error"}, row
        assert isinstance(row["error"], str) and row["error"].startswith(f"line {number}: ")
    assert "invalid JSON" in str(errors[0]["error"])
    assert "expected a JSON object" in str(errors[1]["error"])
    assert "missing 'text'" in str(errors[2]["error"])
    assert "unknown channel 'fax'" in str(errors[4]["error"])
    check_assessment(out[8])
    assert out[8]["category"] == "disaster"


def test_it_exits_zero_when_every_line_is_read() -> None:
    out, status = run(json.dumps({"text": "halo"}), json.dumps({"text": "", "channel": None}))
    assert status == 0
    assert [row["category"] for row in out] == ["other", "other"]


def test_it_skips_blank_lines() -> None:
    out, status = run("", json.dumps({"text": "kebakaran"}), "   ", "")
    assert status == 0
    assert len(out) == 1


def test_it_gives_bad_texts_a_valid_p4_other() -> None:
    texts = ["", "🔥🔥🔥😂", "Привет 你好 мир テスト", "zq" * 2000, "p"]
    out, status = run(*(json.dumps({"text": t, "channel": "sms"}) for t in texts))
    assert status == 0
    for row in out:
        check_assessment(row)
        assert (row["category"], row["priority"], row["agencies"]) == ("other", "P4", [])


def test_it_writes_unescaped_utf8() -> None:
    stdout = StringIO()
    stdin = StringIO(json.dumps({"text": "x", "channel": "télépon"}, ensure_ascii=False) + "\n")
    with contextlib.suppress(CommandError):
        call_command("assess", stdin=stdin, stdout=stdout)
    assert "télépon" in stdout.getvalue()


def test_it_runs_as_a_program_with_exit_status() -> None:
    data = (
        json.dumps({"text": "kecelakaan motor, korban berdarah", "channel": "phone"}).encode()
        + b"\n"
        + b"\xff\xfe not utf-8\n"
        + json.dumps({"text": "sampah menumpuk"}).encode()
        + b"\n"
    )
    proc = subprocess.run(
        [sys.executable, str(MANAGE_PY), "assess"],
        input=data,
        capture_output=True,
        timeout=120,
        check=False,
    )
    lines = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    assert proc.returncode == 1, proc.stderr
    assert len(lines) == 3
    assert lines[0]["category"] == "traffic_accident" and lines[0]["fast_track"] is True
    assert lines[1] == {"error": "line 2: line is not valid UTF-8"}
    assert lines[2]["category"] == "environment"


def test_it_can_try_out_an_edited_rules_file(tmp_path: Path) -> None:
    edited = tmp_path / "rules.toml"
    original = (Path(__file__).resolve().parents[2] / "priority" / "rules.toml").read_text()
    edited.write_text(original.replace("phone = 4", "phone = 9"), encoding="utf-8")
    line = json.dumps({"text": "jalan berlubang di depan sekolah", "channel": "phone"}) + "\n"
    default_out, edited_out = StringIO(), StringIO()
    call_command("assess", stdin=StringIO(line), stdout=default_out)
    call_command("assess", "--rules", str(edited), stdin=StringIO(line), stdout=edited_out)
    default_score = json.loads(default_out.getvalue())["score"]
    assert json.loads(edited_out.getvalue())["score"] == default_score + 5

    broken = tmp_path / "broken.toml"
    broken.write_text('[[topic]]\ncategory = "fires"\nstrong = ["api"]\n', encoding="utf-8")
    try:
        call_command("assess", "--rules", str(broken), stdin=StringIO(line), stdout=StringIO())
    except CommandError as exc:
        assert exc.returncode == 2
        assert "unknown category 'fires'" in str(exc)
    else:
        raise AssertionError("a broken rules file must stop the command")
