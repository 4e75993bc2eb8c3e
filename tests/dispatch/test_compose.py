"""docker-compose.yml: valid against the compose-spec schema (vendored by
check-jsonschema), every command it runs exists, and the production shape holds:
restarts, limits, health checks, the TLS proxy, volumes, an unprivileged image
(docs/OPERATIONS.md)."""

from __future__ import annotations

import importlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
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


# One-shot services exit when done: a restart policy would run them again.
ONE_SHOT = {"migrate"}


def test_it_restarts_every_long_running_service() -> None:
    services = compose()["services"]
    for name, service in services.items():
        if name in ONE_SHOT:
            assert service.get("restart", "no") == "no", name
        else:
            assert service.get("restart") in {"always", "unless-stopped"}, name


def test_it_limits_the_resources_of_every_long_running_service() -> None:
    for name, service in compose()["services"].items():
        if name in ONE_SHOT:
            continue
        limits = service.get("deploy", {}).get("resources", {}).get("limits", {})
        assert limits.get("memory") and limits.get("cpus"), name


def test_it_checks_the_health_of_every_long_running_process() -> None:
    services = compose()["services"]
    for name in ["proxy", "db", "redis", "web", "worker", "beat"]:
        assert services[name]["healthcheck"]["test"], name
    ping = services["worker"]["healthcheck"]["test"]
    assert "inspect ping" in " ".join(ping)
    for name in ["web", "beat"]:
        test = services[name]["healthcheck"]["test"]
        assert test[1:3] == ["python", "deploy/healthcheck.py"], name
        assert f'"{test[3]}": ' in (ROOT / "deploy/healthcheck.py").read_text(), name


def test_it_reaches_web_only_through_the_tls_proxy() -> None:
    services = compose()["services"]
    assert "ports" not in services["web"]
    published = [p for s in services.values() for p in s.get("ports", [])]
    assert all(p.startswith(("80:", "443:")) for p in published), published
    assert services["web"]["environment"]["NUM_PROXIES"].startswith("${NUM_PROXIES:-1}")
    caddyfile = (ROOT / "deploy/Caddyfile").read_text()
    mounted = [v for v in services["proxy"]["volumes"] if v.endswith(":/etc/caddy/Caddyfile:ro")]
    assert mounted == ["./deploy/Caddyfile:/etc/caddy/Caddyfile:ro"]
    assert "reverse_proxy" in caddyfile and "name web" in caddyfile and "port 8000" in caddyfile
    # A self-signed certificate unless told otherwise (a domain's e-mail or a cert path).
    assert "tls {$TLS:internal}" in caddyfile


def test_it_keeps_data_and_backups_on_volumes() -> None:
    document = compose()
    services = document["services"]
    assert "pgdata:/var/lib/postgresql/data" in services["db"]["volumes"]
    assert "--appendonly yes" in services["redis"]["command"]
    assert "redisdata:/data" in services["redis"]["volumes"]
    assert "backups:/backups" in services["backup"]["volumes"]
    assert services["backup"]["environment"]["BACKUP_DIR"] == "/backups"
    assert services["backup"]["command"].startswith("python manage.py backup --every")
    assert {"pgdata", "redisdata", "backups"} <= set(document["volumes"])


def test_it_runs_one_web_command_line_as_an_unprivileged_user() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text().splitlines()
    users = [line.split()[1] for line in dockerfile if line.startswith("USER ")]
    assert users and users[-1] not in {"root", "0"}
    (cmd,) = [line for line in dockerfile if line.startswith("CMD ")]
    command = " ".join(json.loads(cmd.removeprefix("CMD ")))
    assert compose()["services"]["web"]["command"] == command


def compose_spec_validator() -> Any:
    """The compose-spec JSON schema, as check-jsonschema vendors it (with its licence)."""
    schema_file = resources.files("check_jsonschema.builtin_schemas.vendor") / "compose-spec.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


def test_it_is_valid_against_the_compose_spec_schema() -> None:
    validator = compose_spec_validator()
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(compose())]
    assert errors == []


def test_it_would_see_a_file_the_compose_spec_refuses() -> None:
    broken = compose()
    broken["services"]["web"]["restart"] = "sometimes"
    broken["services"]["worker"]["healthcheck"]["interval"] = ["10s"]
    assert len(list(compose_spec_validator().iter_errors(broken))) == 2
