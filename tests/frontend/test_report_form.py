"""`/lapor/`: the public report form page."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_it_opens_for_anyone_with_a_csrf_cookie(page_client: Any) -> None:
    response = page_client("anonymous").get("/lapor/")
    assert response.status_code == 200
    assert "csrftoken" in response.cookies
    html = response.content.decode()
    for name in ("text", "address", "reporter_name", "reporter_phone", "consent"):
        assert f'name="{name}"' in html
    assert 'type="checkbox" id="r-consent"' in html
    assert "/static/frontend/report.js" in html


def test_it_says_to_call_112_in_an_emergency(page_client: Any) -> None:
    assert b"Emergency? Call 112." in page_client("anonymous").get("/lapor/").content
