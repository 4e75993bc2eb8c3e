"""`python manage.py assess`: urgency assessment over JSON Lines.

The contract of docs/ARCHITECTURE.md, "Command line".

stdin, one object per line:
    {"text": "...", "channel"?: "phone|sms|whatsapp|web|api|open311", "lat"?: f, "lon"?: f}
stdout, one line per input line, in order:
    {"category", "priority", "score", "fast_track", "agencies", "reasons"}
or, for a line that cannot be read, {"error": "line N: ..."}; the run goes on
and the exit status is 1 if any line failed, else 0.

Choices where the contract is silent:
- Blank (whitespace-only) lines are skipped: they are not reports and produce
  no output line, so a trailing empty line in a file changes nothing.
- `channel`, `lat` and `lon` may be null (= absent); unknown keys are ignored
  so that callers can carry their own ids through.
- lat/lon must be finite numbers in range when given; they are checked but do
  not change the assessment (locating is geo/'s job).
- `text` may be empty: that is a valid report (other/P4, flagged empty).
- Input must be UTF-8; a line that is not gives an error line.
"""

from __future__ import annotations

import io
import json
import math
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from priority.engine import assess
from priority.rules import CHANNELS, RulesError, Ruleset, default_rules, load_rules


class LineError(ValueError):
    """A line that cannot be read; the message goes into {"error": ...}."""


def _reject_constant(name: str) -> float:
    raise LineError(f"invalid JSON number {name}")


def parse_line(line: str) -> tuple[str, str | None]:
    """(text, channel) of one JSON line, or LineError."""
    try:
        data: Any = json.loads(line, parse_constant=_reject_constant)
    except LineError:
        raise
    except (json.JSONDecodeError, RecursionError) as exc:
        raise LineError(f"invalid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise LineError(f"expected a JSON object, got {type(data).__name__}")
    if "text" not in data:
        raise LineError("missing 'text'")
    text = data["text"]
    if not isinstance(text, str):
        raise LineError(f"'text' must be a string, got {type(text).__name__}")
    channel = data.get("channel")
    if channel is not None and channel not in CHANNELS:
        raise LineError(f"unknown channel {channel!r} (expected one of {', '.join(CHANNELS)})")
    for key, limit in (("lat", 90.0), ("lon", 180.0)):
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise LineError(f"'{key}' must be a number")
        if not math.isfinite(value) or abs(value) > limit:
            raise LineError(f"'{key}' out of range: {value}")
    return text, channel


def _lines(stream: TextIO | io.BufferedIOBase | Any) -> Iterator[str | None]:
    """Lines of the input; None for a line that is not valid UTF-8."""
    binary = getattr(stream, "buffer", None)
    if binary is not None:
        # Decode per line so that one bad byte costs one line, not the run.
        for raw in binary:
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                yield None
        return
    yield from stream


class Command(BaseCommand):
    help = "Assess reports read as JSON Lines on stdin; write one JSON line per report."

    # call_command(..., stdin=StringIO(...)) in tests and embedding code.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--rules",
            type=Path,
            default=None,
            help="rules file to use instead of priority/rules.toml (to try out edits)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        rules = self._rules(options.get("rules"))
        stream = options.get("stdin") or sys.stdin
        self._utf8_stdout()
        failed = total = 0
        for number, line in enumerate(_lines(stream), start=1):
            if line is not None and not line.strip():
                continue
            total += 1
            try:
                if line is None:
                    raise LineError("line is not valid UTF-8")
                text, channel = parse_line(line)
                payload: dict[str, object] = assess(text, channel, rules=rules).as_dict()
            except LineError as exc:
                failed += 1
                payload = {"error": f"line {number}: {exc}"}
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            self.stdout.flush()
        if failed:
            raise CommandError(f"{failed} of {total} lines could not be read", returncode=1)

    def _rules(self, path: Path | None) -> Ruleset:
        if path is None:
            return default_rules()
        try:
            return load_rules(path)
        except (OSError, RulesError, ValueError) as exc:
            raise CommandError(f"cannot load rules {path}: {exc}", returncode=2) from exc

    def _utf8_stdout(self) -> None:
        # ensure_ascii=False output must not die on a terminal or pipe whose
        # locale is not UTF-8.
        out = getattr(self.stdout, "_out", None)
        if out is sys.stdout and hasattr(out, "reconfigure"):
            encoding = (getattr(out, "encoding", "") or "").lower().replace("-", "")
            if encoding != "utf8":
                out.reconfigure(encoding="utf-8")
