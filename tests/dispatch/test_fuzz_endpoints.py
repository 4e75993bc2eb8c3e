"""Hypothesis throws arbitrary JSON at every dispatch endpoint, as every role: never a 5xx."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import open_incident

ROLES = ["anonymous", "citizen", "damkar", "dispatcher"]
POSTS = [
    "/api/reports/",
    "/api/auth/token/",
    "/api/incidents/{id}/claim/",
    "/api/incidents/{id}/release/",
    "/api/incidents/{id}/status/",
    "/api/incidents/{id}/reopen/",
    "/api/incidents/{id}/assign/",
    "/api/incidents/{id}/merge/",
    "/api/incidents/{id}/split/",
    "/api/incidents/{id}/cancel/",
    "/api/incidents/{id}/locate/",
    "/api/incidents/{id}/dispose/",
    "/api/reports/{report}/retry/",
]
GETS = ["/api/incidents/", "/api/events/", "/api/track/{code}/", "/api/public/incidents/"]
FIELDS = [
    "text",
    "channel",
    "address",
    "lat",
    "lon",
    "reporter_name",
    "reporter_phone",
    "agency_id",
    "role",
    "status",
    "note",
    "reason",
    "other_id",
    "report_ids",
    "username",
    "password",
]

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=60)
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
bodies = st.one_of(
    st.dictionaries(st.sampled_from(FIELDS), values, max_size=6),
    values,
    st.text(max_size=80),  # not JSON at all
)
queries = st.dictionaries(
    st.sampled_from(
        ["after", "status", "category", "priority", "agency", "open", "limit", "offset"]
    ),
    st.text(max_size=20),
    max_size=4,
)


def _encode(body: Any) -> str:
    if isinstance(body, str):
        return body
    return json.dumps(body, allow_nan=True)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_it_never_answers_5xx_to_arbitrary_bodies(
    client_for: Any, city_agencies: Any, role: str
) -> None:
    incident = open_incident()
    report = incident.reports.first()
    names = {"id": incident.pk, "report": report.pk, "code": report.tracking_code}
    client = client_for(role)

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(path=st.sampled_from(POSTS), body=bodies)
    def post(path: str, body: Any) -> None:
        response = client.post(path.format(**names), _encode(body), content_type="application/json")
        assert response.status_code < 500, (path, body, response.content[:300])

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(path=st.sampled_from(GETS), query=queries)
    def get(path: str, query: dict[str, str]) -> None:
        response = client.get(path.format(**names), query)
        assert response.status_code < 500, (path, query, response.content[:300])

    post()
    get()
