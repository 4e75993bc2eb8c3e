"""`/publik/`: the anonymized live map and the counts by category."""

from __future__ import annotations

from typing import Any

import pytest

from dispatch import services
from tests.conftest import open_incident
from tests.frontend.test_console import page_data

pytestmark = pytest.mark.django_db


def test_it_opens_for_anyone_with_counts_of_active_incidents(page_client: Any, cast: Any) -> None:
    open_incident(category="fire", text="Kebakaran di rumah Pak Budi 0812", phone="+6281200001111")
    open_incident(category="fire", lat=-5.3)
    open_incident(category="medical", kinds=("dinkes",), lat=-5.2)
    cancelled = open_incident(category="crime", kinds=("polri",), lat=-5.1)
    services.incident_cancel(incident=cancelled, user=cast["dispatcher"], reason="prank")
    response = page_client("anonymous").get("/publik/")
    assert response.status_code == 200
    counts = {row["code"]: row["count"] for row in response.context["counts"]}
    assert counts == {"fire": 2, "medical": 1}
    assert response.context["total"] == 3
    html = response.content.decode()
    assert "Pak Budi" not in html and "6281200001111" not in html


def test_it_ships_the_map_config_but_no_incident_data(page_client: Any, cast: Any) -> None:
    open_incident(text="Rahasia sekali")
    data = page_data(page_client("anonymous").get("/publik/"))
    assert set(data) == {"map", "labels", "strings"}
    assert "Rahasia" not in str(data)
