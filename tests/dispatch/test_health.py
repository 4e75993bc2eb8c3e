"""GET /health/: 200 when the database (and Redis, when configured) answer."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from dispatch import views


@pytest.mark.django_db
def test_it_is_healthy() -> None:
    response = Client().get("/health/")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.django_db
def test_it_answers_503_when_the_database_is_down(monkeypatch: Any) -> None:
    monkeypatch.setattr(views, "_database_ok", lambda: False)
    response = Client().get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] is False


@pytest.mark.django_db
def test_it_answers_503_when_redis_is_unreachable(settings: Any) -> None:
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = Client().get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"] is False
