"""`manage.py geocode`: the JSON Lines contract of docs/ARCHITECTURE.md, "Command line"."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"lat", "lon", "confidence", "provider", "region"}
REGION_KEYS = {"code", "village", "district", "regency", "province"}


def run(monkeypatch: pytest.MonkeyPatch, stdin: str, *args: str) -> tuple[list[dict], int]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    out = io.StringIO()
    status = 0
    try:
        call_command("geocode", *args, stdout=out)
    except SystemExit as exit_:
        status = int(exit_.code or 0)
    return [json.loads(line) for line in out.getvalue().splitlines()], status


def test_it_geocodes_addresses_and_points(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = '{"address": "Kedaton, Bandar Lampung"}\n{"lat": -2.976, "lon": 104.754}\n'
    answers, status = run(monkeypatch, lines)
    assert status == 0
    assert len(answers) == 2
    for answer in answers:
        assert set(answer) == KEYS
        assert set(answer["region"]) == REGION_KEYS
        assert 0.0 <= answer["confidence"] <= 1.0
    assert answers[0]["region"]["code"] == "18.71.01.1003"
    assert answers[0]["region"]["regency"] == "Kota Bandar Lampung"
    assert answers[1]["region"]["code"].startswith("16.71.05")
    assert (answers[1]["lat"], answers[1]["lon"]) == (-2.976, 104.754)


def test_it_answers_not_found_as_a_result(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = '{"address": "zzzz qqqq"}\n{"lat": 91, "lon": 0}\n{"address": ""}\n'
    answers, status = run(monkeypatch, lines)
    assert status == 0
    expected = {"lat": None, "lon": None, "confidence": 0.0, "provider": "none", "region": None}
    assert answers == [expected, expected, expected]


def test_it_reports_bad_lines_and_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = "\n".join(
        [
            "not json",
            '{"address": "Kedaton, Bandar Lampung"}',
            "[1, 2]",
            '"just a string"',
            '{"lat": "abc", "lon": 1}',
            '{"lat": 1.0}',
            '{"foo": "bar"}',
            '{"address": 42}',
            '{"lat": -5.38, "lon": 105.26}',
        ]
    )
    answers, status = run(monkeypatch, lines + "\n")
    assert status == 1
    assert len(answers) == 9
    assert [set(a) == {"error"} for a in answers] == [
        True,
        False,
        True,
        True,
        True,
        True,
        True,
        True,
        False,
    ]
    assert answers[1]["region"]["code"] == "18.71.01.1003"
    assert answers[8]["region"]["code"] == "18.71.01.1003"


def test_it_skips_blank_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    answers, status = run(monkeypatch, '\n{"address": "Kedaton"}\n\n   \n')
    assert status == 0
    assert len(answers) == 1


def test_it_geocodes_one_address_given_as_argument(monkeypatch: pytest.MonkeyPatch) -> None:
    answers, status = run(monkeypatch, "", "Kedaton, Bandar Lampung")
    assert status == 0
    assert answers[0]["region"]["code"] == "18.71.01.1003"
    assert answers[0]["provider"] == "gazetteer"


def test_it_runs_as_a_real_command(tmp_path: Path) -> None:
    env = {**os.environ, "SQLITE_PATH": str(tmp_path / "cli.sqlite3"), "LOG_LEVEL": "ERROR"}
    lines = '{"address": "Kedaton, Bandar Lampung"}\n{oops\n{"lat": -5.38, "lon": 105.26}\n'
    done = subprocess.run(
        [sys.executable, "manage.py", "geocode"],
        input=lines,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 1, done.stderr
    assert answers[0]["region"]["code"] == "18.71.01.1003"
    assert "error" in answers[1]
    assert answers[2]["region"]["code"] == "18.71.01.1003"

    single = subprocess.run(
        [sys.executable, "manage.py", "geocode", "Kedaton, Bandar Lampung"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )
    assert single.returncode == 0, single.stderr
    assert json.loads(single.stdout)["region"]["code"] == "18.71.01.1003"
