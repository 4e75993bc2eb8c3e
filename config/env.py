"""Reading the environment, for config/settings.py (the only reader): each helper
turns a variable into its type, or the default when it is unset or empty."""

from __future__ import annotations

import json
import os
from typing import Any


def env_str(name: str, default: str) -> str:
    """The variable as set, even empty (an empty rate turns the limit off)."""
    return os.environ.get(name, default)


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, "") or default)


def env_float(name: str, default: float) -> float:
    return float(os.environ.get(name, "") or default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "")
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    items = [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]
    return items or default


def env_json(name: str, default: Any) -> Any:
    value = os.environ.get(name, "")
    return json.loads(value) if value else default
