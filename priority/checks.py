"""Small checks shared by the rules loaders (priority.rules, priority.phrases)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from priority.ruleset import RulesError


def require(condition: bool, where: str, message: str) -> None:
    if not condition:
        raise RulesError(f"{where}: {message}")


def integer(data: Mapping[str, Any], key: str, default: int, where: str) -> int:
    value = data.get(key, default)
    require(
        isinstance(value, int) and not isinstance(value, bool), where, f"{key} must be an integer"
    )
    return int(value)


def strings(data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    require(
        isinstance(value, list) and all(isinstance(v, str) for v in value),
        where,
        f"{key} must be a list of strings",
    )
    return tuple(value)
