"""GET /api/stats/: the statistics figures as JSON, for the desk."""

from __future__ import annotations

from typing import Any

import pytest

from tests.frontend.seeding import seed

pytestmark = pytest.mark.django_db


def test_it_answers_the_figures_of_the_period(client_for: Any, city_agencies: Any) -> None:
    seed(city_agencies)
    response = client_for("supervisor").get("/api/stats/?from=2026-03-10&to=2026-03-10")
    assert response.status_code == 200
    body = response.json()
    assert body["start"] == body["end"] == "2026-03-10"
    assert body["incidents"] == 10
    assert body["by_sector"][0] == {"code": "health", "label": "Health", "count": 5, "share": 50.0}
    assert body["median_claim_minutes"] == 6.0


@pytest.mark.parametrize("name", ["damkar", "citizen", "anonymous"])
def test_it_refuses_everyone_but_the_desk(client_for: Any, name: str) -> None:
    assert client_for(name).get("/api/stats/").status_code in (401, 403)


def test_it_answers_400_for_a_bad_date(client_for: Any) -> None:
    response = client_for("dispatcher").get("/api/stats/?from=yesterday")
    assert response.status_code == 400
    assert "from" in response.json()["errors"]
