"""`make run` names every screen with its demo login, and the README lists the same."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import reverse

from dispatch.management.screens import SCREENS, screen_lines, screens_of
from dispatch.profiles import PROFILES

ROOT = Path(__file__).resolve().parents[2]
# The pages of frontend/urls.py a person opens (not the APIs, files or a CSV).
PAGES = ["console", "agency", "public", "report", "track-lookup", "stats", "daily", "period"]


def test_it_lists_every_page_of_the_frontend() -> None:
    paths = {screen.path for screen in SCREENS}
    for name in PAGES:
        assert reverse(f"frontend:{name}") in paths, name


def test_it_names_the_logins_of_the_deployment() -> None:
    screens = screens_of(PROFILES["bandar-lampung"], ["damkar", "dinkes", "damkar"])
    lines = screen_lines("http://127.0.0.1:8000", screens, "rahasia")
    text = "\n".join(lines)
    board = next(line for line in lines if "/agency/" in line)
    assert board.endswith("sign in as damkar, dinkes")
    console = lines[0]
    assert "http://127.0.0.1:8000/ " in console
    assert "dispatcher, supervisor, organisasi" in console  # the profile's own supervisor
    assert "http://127.0.0.1:8000/publik/" in text and "no sign-in" in text
    assert lines[-1] == "Demo password: rahasia (DEMO_PASSWORD)"
    bitung = screens_of(PROFILES["bitung"], ["damkar"])
    assert "sekda" in bitung[0].logins


def test_it_is_the_list_of_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Screens")
    table = readme[start : readme.index("\n## ", start + 1)]
    listed = re.findall(r"^\| [^|]+ \| `([^`]+)` \|", table, flags=re.MULTILINE)
    assert listed == [screen.path for screen in SCREENS]
    assert "![" in table and (ROOT / "docs" / "console.png").is_file()
