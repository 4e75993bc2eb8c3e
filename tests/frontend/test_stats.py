"""`/statistik/`: the statistics page for supervisors and dispatchers."""

from __future__ import annotations

from typing import Any

import pytest

from tests.frontend.seeding import seed

pytestmark = pytest.mark.django_db

PERIOD = {"from": "2026-03-10", "to": "2026-03-10"}


@pytest.mark.parametrize("name", ["dispatcher", "supervisor"])
def test_it_opens_for_the_desk(page_client: Any, name: str) -> None:
    assert page_client(name).get("/statistik/").status_code == 200


def test_it_sends_anonymous_users_to_the_login_page(page_client: Any) -> None:
    response = page_client("anonymous").get("/statistik/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("name", ["damkar", "citizen"])
def test_it_refuses_agency_staff_and_the_public(page_client: Any, name: str) -> None:
    assert page_client(name).get("/statistik/").status_code == 403


def test_it_shows_the_figures_of_the_period(page_client: Any, city_agencies: Any) -> None:
    seed(city_agencies)
    response = page_client("supervisor").get("/statistik/", PERIOD)
    assert response.status_code == 200
    summary = response.context["summary"]
    assert summary["incidents"] == 10
    assert summary["prank_rate"] == 10.0
    html = response.content.decode()
    assert '<div class="v" id="kpi-incidents">10</div>' in html
    assert '<div class="v" id="kpi-prank">10.0%</div>' in html
    assert '<div class="v" id="kpi-claim">6.0 min</div>' in html
    assert '<div class="v" id="kpi-resolve">120.0 min</div>' in html
    # Charts are SVG drawn here: the health sector has the longest bar.
    assert 'width="100"' in html and "Health" in html and "5 (50.0%)" in html


def test_it_draws_numbers_in_svg_with_a_dot_in_indonesian(
    page_client: Any, city_agencies: Any, settings: Any
) -> None:
    settings.LANGUAGE_CODE = "id"
    seed(city_agencies)
    client = page_client("supervisor")
    html = client.get("/statistik/", PERIOD, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Statistik" in html
    assert 'width="60"' in html  # social: 3 of 5 -> 60 %, never "60,0"
    assert "10,0%" in html  # figures for reading are in the Indonesian style


def test_it_refuses_a_bad_period(page_client: Any) -> None:
    client = page_client("supervisor")
    assert client.get("/statistik/", {"from": "2026-13-01"}).status_code == 400
    response = client.get("/statistik/", {"from": "2026-03-10", "to": "2026-03-01"})
    assert response.status_code == 400
    assert b"The first day must not be after the last day." in response.content
