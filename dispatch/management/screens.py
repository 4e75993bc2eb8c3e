"""The screens `make run` lists, each with the demo login that opens it.

One list for the start banner (runstack) and the README's table of screens
(tests/dispatch/test_screens.py holds the two together and checks that every page
of frontend/urls.py is on it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dispatch.profiles import Profile


@dataclass(frozen=True)
class Screen:
    name: str
    path: str
    logins: str  # who signs in to it; "" for a public page


DESK = "dispatcher, supervisor"

SCREENS = (
    Screen("Dispatcher console", "/", DESK),
    Screen("Agency board", "/agency/", "AGENCIES"),
    Screen("Statistics", "/statistik/", DESK),
    Screen("Daily report", "/statistik/harian/", DESK),
    Screen("Sector report", "/statistik/tahunan/", DESK),
    Screen("Report deliveries", "/statistik/pengiriman/", DESK),
    Screen("Public live map", "/publik/", ""),
    Screen("Report form", "/lapor/", ""),
    Screen("Tracking a report", "/lacak/", ""),
    Screen("API documentation", "/api/docs/", ""),
    Screen("Django admin", "/admin/", "admin"),
)


def screens_of(profile: Profile, agency_kinds: Iterable[str]) -> list[Screen]:
    """The screens with this deployment's logins: one user per agency kind, named by
    it, and the profile's own users (a supervisor for dispositions, say)."""
    kinds = list(dict.fromkeys(agency_kinds))
    extra_desk = [name for name, role, _agency in profile.users if role != "agency"]
    extra_agency = [name for name, role, _agency in profile.users if role == "agency"]
    logins = {
        DESK: ", ".join([DESK, *extra_desk]),
        "AGENCIES": ", ".join([*kinds, *extra_agency]),
    }
    return [
        Screen(s.name, s.path, logins.get(s.logins, s.logins) if s.logins else "") for s in SCREENS
    ]


def screen_lines(base: str, screens: list[Screen], password: str) -> list[str]:
    """The banner's lines: name, URL and who signs in, then the demo password."""
    width = max(len(s.name) for s in screens)
    lines = []
    for screen in screens:
        who = f"sign in as {screen.logins}" if screen.logins else "no sign-in"
        lines.append(f"  {screen.name:<{width}}  {base}{screen.path:<20} {who}")
    lines.append(f"Demo password: {password} (DEMO_PASSWORD)")
    return lines
