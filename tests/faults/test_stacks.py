"""The fault tests run first on the stack the project runs by default."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from config.serving import default_server
from tests.faults.conftest import POOLS, SERVERS, STACKS


def test_the_first_variant_of_each_fault_test_is_the_default_stack(monkeypatch: Any) -> None:
    monkeypatch.delenv("ASGI_SERVER", raising=False)
    assert SERVERS[0].values[0] == STACKS[0].values[0].server == default_server()
    assert POOLS[0].values[0] == STACKS[0].values[0].pool == settings.CELERY_WORKER_POOL
