"""Every units endpoint x every role, against a fire routed to Damkar only: the desk
acts on every unit, agency staff on their own, and on incidents routed to them."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import open_incident

ROLES = ["anonymous", "citizen", "damkar", "dinkes", "dispatcher", "supervisor"]
NOW = "{now}"

# (method, path template, body, expected status per role in ROLES order)
MATRIX: list[tuple[str, str, dict[str, Any], list[int]]] = [
    ("get", "/api/units/", {}, [403, 403, 200, 200, 200, 200]),
    ("get", "/api/incidents/{id}/recommendations/", {}, [403, 403, 200, 404, 200, 200]),
    ("get", "/api/incidents/{id}/units/", {}, [403, 403, 200, 404, 200, 200]),
    ("post", "/api/incidents/{id}/units/", {"unit_id": "{engine}"}, [403, 403, 201, 404, 201, 201]),
    (
        "post",
        "/api/incidents/{id}/units/",
        {"unit_id": "{ambulance}", "reason": "ada korban"},
        [403, 403, 403, 404, 201, 201],
    ),
    (
        "post",
        "/api/units/{engine}/status/",
        {"status": "out_of_service"},
        [403, 403, 200, 403, 200, 200],
    ),
    (
        "post",
        "/api/units/{engine}/positions/",
        {"positions": [{"lat": -5.4, "lon": 105.25, "at": NOW, "accuracy_m": 10}]},
        [403, 403, 202, 403, 202, 202],
    ),
]

CASES = [
    pytest.param(method, path, body, role, expected[i], id=f"{method} {path} {body} as {role}")
    for method, path, body, expected in MATRIX
    for i, role in enumerate(ROLES)
]


def fill(value: Any, names: dict[str, Any]) -> Any:
    if isinstance(value, list):
        return [fill(v, names) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, names) for k, v in value.items()}
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return names[value[1:-1]]
    return value


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "body", "role", "expected"), CASES)
def test_it_enforces_the_permission_matrix(
    client_for: Any, units: Any, method: str, path: str, body: dict, role: str, expected: int
) -> None:
    fire = open_incident(kinds=("damkar",), lat=-5.42, lon=105.26)
    names = {
        "id": fire.pk,
        "engine": units["engine_near"].pk,
        "ambulance": units["ambulance"].pk,
        "now": timezone.now().isoformat(),
    }
    url = path.format(**names)
    client = client_for(role)
    if method == "post":
        response = client.post(url, fill(body, names), format="json")
    else:
        response = client.get(url)
    assert response.status_code == expected, response.content
