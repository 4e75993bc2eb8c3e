"""docker-compose.yml: parsed (no Docker engine here), and every command it runs exists."""

from __future__ import annotations

import importlib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_it_has_the_services_with_health_checks() -> None:
    services = compose()["services"]
    assert {"db", "redis", "web", "worker", "beat"} <= set(services)
    for name in ["db", "redis", "web"]:
        assert "healthcheck" in services[name], name
    for name in ["web", "worker", "beat"]:
        environment = services[name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["REDIS_URL"].startswith("redis://")


def _modules_named(command: str) -> list[str]:
    words = command.split()
    modules = []
    for flag in ("-A", "-m"):
        modules += [words[i + 1] for i, w in enumerate(words[:-1]) if w == flag]
    modules += [w.split(":")[0] for w in words if ":" in w and w.endswith("application")]
    return modules


def test_it_names_only_modules_that_exist() -> None:
    seen = 0
    for service in compose()["services"].values():
        command = service.get("command")
        if not command:
            continue
        command = command if isinstance(command, str) else " ".join(command)
        for module in _modules_named(command):
            importlib.import_module(module)
            seen += 1
        if "manage.py" in command:
            assert (ROOT / "manage.py").exists()
    assert seen >= 3
