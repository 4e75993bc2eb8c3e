"""The agency board's own units (issue 19): the fold above the cards lists the
agency's units, and no other agency's, with their status, live."""

from __future__ import annotations

from typing import Any

import pytest

from tests.frontend.test_browser_console import expect
from tests.frontend.test_browser_console_units import make_available
from tests.frontend.test_browser_field import Desk

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def desk(live_url: str) -> Desk:
    return Desk(live_url)


def test_it_lists_the_agencys_own_units_live(open_page: Any, desk: Desk) -> None:
    unit = make_available(desk, "DAMKAR-R1")
    board = open_page("damkar", phone=True)
    board.wait_live()
    fold = board.page.locator("#our-units")
    expect(fold.locator("summary")).to_contain_text("Unit kami")
    units = board.fetch_json("/api/units/")
    assert units and {u["agency"]["id"] for u in units} == {unit["agency"]["id"]}
    expect(fold.locator(".our-unit")).to_have_count(len(units))
    row = fold.locator(f'.our-unit[data-unit-id="{unit["id"]}"]')
    expect(row).to_have_attribute("data-status", "available")
    path = f"/api/units/{unit['id']}/status/"
    assert desk.call("POST", path, {"status": "out_of_service"})[0] == 200
    expect(row).to_have_attribute("data-status", "out_of_service")
    expect(row.locator(".unit-status")).to_have_text("Tidak beroperasi")
    assert desk.call("POST", path, {"status": "available"})[0] == 200
    expect(row).to_have_attribute("data-status", "available")
