"""Every endpoint x every role, against an incident routed to Damkar only."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import open_incident

ROLES = ["anonymous", "citizen", "damkar", "dinkes", "dispatcher", "supervisor"]

# (method, path template, body, expected status per role in ROLES order)
MATRIX: list[tuple[str, str, dict[str, Any], list[int]]] = [
    ("post", "/api/reports/", {"text": "Banjir di Kedaton"}, [201, 201, 201, 201, 201, 201]),
    ("get", "/api/track/{code}/", {}, [200, 200, 200, 200, 200, 200]),
    ("get", "/api/incidents/", {}, [403, 403, 200, 200, 200, 200]),
    ("get", "/api/incidents/{id}/", {}, [403, 403, 200, 404, 200, 200]),
    ("post", "/api/incidents/{id}/claim/", {}, [403, 403, 200, 404, 400, 400]),
    (
        "post",
        "/api/incidents/{id}/claim/",
        {"agency_id": "{damkar}"},
        [403, 403, 200, 404, 200, 200],
    ),
    ("post", "/api/incidents/{id}/release/", {}, [403, 403, 409, 404, 409, 409]),
    ("post", "/api/incidents/{id}/status/", {"status": "en_route"}, [403, 403, 409, 404, 409, 409]),
    ("post", "/api/incidents/{id}/reopen/", {}, [403, 403, 409, 404, 409, 409]),
    (
        "post",
        "/api/incidents/{id}/assign/",
        {"agency_id": "{dinkes}"},
        [403, 403, 403, 403, 200, 200],
    ),
    ("post", "/api/incidents/{id}/merge/", {"other_id": "{other}"}, [403, 403, 403, 403, 200, 200]),
    ("post", "/api/incidents/{id}/cancel/", {"reason": "prank"}, [403, 403, 403, 403, 200, 200]),
    (
        "post",
        "/api/incidents/{id}/locate/",
        {"lat": -5.4, "lon": 105.27},
        [403, 403, 403, 403, 200, 200],
    ),
    (
        "post",
        "/api/incidents/{id}/split/",
        {"report_ids": ["{report}"]},
        [403, 403, 403, 403, 400, 400],
    ),
    ("post", "/api/incidents/{id}/dispose/", {}, [403, 403, 403, 403, 403, 409]),
    ("get", "/api/events/?after=0", {}, [403, 403, 200, 200, 200, 200]),
    ("get", "/api/reports/failed/", {}, [403, 403, 403, 403, 200, 200]),
    ("get", "/api/reports/waiting/", {}, [403, 403, 403, 403, 200, 200]),
    ("post", "/api/reports/{report}/retry/", {}, [403, 403, 403, 403, 409, 409]),
    ("get", "/api/public/incidents/", {}, [200, 200, 200, 200, 200, 200]),
    ("get", "/health/", {}, [200, 200, 200, 200, 200, 200]),
]

CASES = [
    pytest.param(method, path, body, role, expected[i], id=f"{method} {path} {body} as {role}")
    for method, path, body, expected in MATRIX
    for i, role in enumerate(ROLES)
]


def fill(value: Any, names: dict[str, Any]) -> Any:
    if isinstance(value, list):
        return [fill(v, names) for v in value]
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return names[value[1:-1]]
    return value


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "body", "role", "expected"), CASES)
def test_it_enforces_the_permission_matrix(
    client_for: Any,
    city_agencies: Any,
    method: str,
    path: str,
    body: dict,
    role: str,
    expected: int,
) -> None:
    incident = open_incident(kinds=("damkar",), lat=-5.40, lon=105.20)
    other = open_incident(kinds=("damkar",), lat=-5.30, lon=105.30, category="medical")
    report = incident.reports.first()
    names = {
        "id": incident.pk,
        "other": other.pk,
        "code": report.tracking_code,
        "report": report.pk,
        "damkar": city_agencies["damkar"].pk,
        "dinkes": city_agencies["dinkes"].pk,
    }
    url = path.format(**names)
    payload = {k: fill(v, names) for k, v in body.items()}
    client = client_for(role)
    response = (
        getattr(client, method)(url, payload, format="json")
        if method == "post"
        else client.get(url)
    )
    assert response.status_code == expected, response.content
