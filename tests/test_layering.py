"""The layers of docs/ARCHITECTURE.md, held: which package may import which.

Every import in the project's own modules is read (lazy ones inside functions
too), so a shortcut across layers fails here before it settles in.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = (
    "config",
    "dispatch",
    "geo",
    "priority",
    "units",
    "calls",
    "realtime",
    "frontend",
    "interop",
    "leaders",
)


def modules(package: str) -> Iterator[Path]:
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def imported(path: Path) -> set[str]:
    """The project modules a file imports, as dotted names."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from a.b import c`: c is a module or a name in a.b; a.b.c covers both.
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in names if name.split(".")[0] in APPS}


def offenders(package: str, allowed: tuple[str, ...]) -> list[str]:
    """Imports from `package` into other apps that are not under an allowed prefix."""
    found = []
    for path in modules(package):
        for name in imported(path):
            if name.split(".")[0] == package:
                continue
            if not any(name == a or name.startswith(a + ".") for a in allowed):
                found.append(f"{path.relative_to(ROOT)} imports {name}")
    return sorted(found)


# package -> what it may import of the other apps.
ALLOWED: dict[str, tuple[str, ...]] = {
    # Pure libraries: no app at all.
    "geo": (),
    "priority": (),
    # dispatch uses geo and priority; realtime only through the publish port,
    # `realtime.publish_on_commit` (checked below to one module); `make run`'s
    # command (runstack) starts the web server with config.serving's command line.
    "dispatch": ("geo", "priority", "realtime", "config.serving"),
    # units build on dispatch: its models, its event log (through its services, so the
    # publish port stays one module) and its roles; never on realtime directly.
    "units": ("dispatch", "geo", "priority"),
    # realtime relays what dispatch and units hand it: their read side, never writes
    # (and it adds its hubs' gauges to /metrics through dispatch.signals).
    "realtime": (
        "dispatch.projections",
        "dispatch.selectors",
        "dispatch.models",
        "dispatch.roles",
        "dispatch.signals",
        "units.projections",
    ),
    # calls (the phone system's events, handset locations) build on dispatch as units
    # do: its models, roles, services and selectors; never on realtime.
    "calls": ("dispatch", "geo", "priority"),
    "frontend": ("dispatch", "geo", "priority", "units", "calls"),
    "interop": ("dispatch", "geo", "priority", "units", "calls"),
    # The leaders' reports are delivered by email and through interop's outbox: the
    # one app above both screens (the report builder) and messaging.
    "leaders": ("dispatch", "geo", "priority", "units", "calls", "frontend", "interop"),
}


@pytest.mark.parametrize("package", list(ALLOWED))
def test_it_keeps_each_package_to_its_layer(package: str) -> None:
    assert offenders(package, ALLOWED[package]) == []


def test_it_publishes_from_one_module_of_dispatch_only() -> None:
    users = [
        str(path.relative_to(ROOT))
        for path in modules("dispatch")
        if any(name.split(".")[0] == "realtime" for name in imported(path))
    ]
    assert users == ["dispatch/services/events.py"]
    # `import realtime` and a call of realtime.publish_on_commit: the port, nothing deeper.
    port = [n for n in imported(ROOT / "dispatch/services/events.py") if n.startswith("realtime")]
    assert port == ["realtime"]


def test_it_keeps_settings_free_of_apps_but_the_profiles() -> None:
    # Settings load before any app: they may read the profiles, which are plain data
    # (and config.env, their reader of the environment, which imports nothing of ours;
    # config.beat and config.storages, parts of the settings that read only config.env).
    parts = ("config.env.", "config.beat.", "config.storages.")
    imports = imported(ROOT / "config/settings.py")
    assert {i for i in imports if not i.startswith(parts)} == {"dispatch.profiles.PROFILES"}
    assert imported(ROOT / "config/env.py") == set()
    for part in ("beat", "storages"):
        assert {i for i in imported(ROOT / f"config/{part}.py") if not i.startswith(parts)} == set()
    profiles = ast.parse((ROOT / "dispatch/profiles.py").read_text(encoding="utf-8"))
    modules_used = {
        node.module for node in ast.walk(profiles) if isinstance(node, ast.ImportFrom)
    } | {a.name for node in ast.walk(profiles) if isinstance(node, ast.Import) for a in node.names}
    assert modules_used <= {"__future__", "dataclasses"}
