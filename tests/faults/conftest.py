"""Fault tests: real processes (daphne, Celery, Redis, PostgreSQL) killed and restarted."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from typing import Any

from tests.conftest import database_url_of_tests
from tests.servers import environment


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
