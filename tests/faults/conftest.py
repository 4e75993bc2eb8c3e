"""Fault tests: real processes (web server, Celery, Redis, PostgreSQL) killed and restarted.

Each runs first on the default stack, as `make run` and docker-compose start it
(uvicorn, config/serving.py; the Celery threads pool of the settings), then on the
supported alternatives (daphne, prefork) as parametrized variants.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

import pytest

from tests.conftest import database_url_of_tests
from tests.servers import environment

SERVERS = [pytest.param("uvicorn", id="uvicorn"), pytest.param("daphne", id="daphne")]
POOLS = [pytest.param("threads", id="threads"), pytest.param("prefork", id="prefork")]


def worker(pool: str, *args: str) -> tuple[str, ...]:
    """`celery worker` arguments; concurrency and the rest from the settings."""
    return ("worker", "--pool", pool, *args)


@dataclass(frozen=True)
class Stack:
    server: str  # the ASGI server (config/serving.py)
    pool: str  # the Celery worker's pool


# Tests with both a web server and a worker: the default, then both alternatives at once.
STACKS = [
    pytest.param(Stack("uvicorn", "threads"), id="uvicorn-threads"),
    pytest.param(Stack("daphne", "prefork"), id="daphne-prefork"),
]


def stack_env(**overrides: str) -> dict[str, str]:
    """Environment of server processes sharing the test database; the other
    settings keep their defaults unless a test says otherwise."""
    base = {
        "DATABASE_URL": database_url_of_tests(),
        "DEBUG": "1",
        "PUBLIC_REPORT_RATE": "",
        "PUBLIC_REPORT_PHONE_RATE": "",
    }
    return environment(**{**base, **overrides})


def post_report(port: int, body: dict[str, Any], timeout: float = 30) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/reports/",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_for(predicate: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return False
