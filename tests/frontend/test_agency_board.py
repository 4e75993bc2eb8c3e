"""`/agency/`: the agency board page (server side)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.frontend.test_console import page_data

pytestmark = pytest.mark.django_db


def test_it_opens_for_agency_staff_with_their_agency(page_client: Any, city_agencies: Any) -> None:
    response = page_client("damkar").get("/agency/")
    assert response.status_code == 200
    data = page_data(response)
    assert data["agency"] == {
        "id": city_agencies["damkar"].pk,
        "kind": "damkar",
        "name": "DAMKAR Kota",
    }
    assert data["strings"]["claim"] == "Claim"
    assert "csrftoken" in response.cookies


def test_it_is_small_and_needs_no_map(page_client: Any) -> None:
    html = page_client("dinkes").get("/agency/").content.decode()
    assert "leaflet" not in html.lower()
    assert len(html) < 20_000


def test_it_sends_anonymous_users_to_the_login_page(page_client: Any) -> None:
    response = page_client("anonymous").get("/agency/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/agency/"


@pytest.mark.parametrize("name", ["dispatcher", "supervisor", "citizen"])
def test_it_refuses_everyone_else(page_client: Any, name: str) -> None:
    assert page_client(name).get("/agency/").status_code == 403
