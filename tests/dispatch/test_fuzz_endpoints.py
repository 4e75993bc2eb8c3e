"""Hypothesis throws arbitrary JSON at every dispatch endpoint, as every role: never a 5xx."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

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

# What PostgreSQL and int() choke on, mixed into every text (issue 17): NUL bytes,
# Unicode digits that pass str.isdigit(), numbers past 64 bits.
NASTY = ["\x00", "1\x00", "\u00b2", "\u0663", "\uff11", "9" * 21, "-" + "9" * 21, "\ud7ff"]
texts = st.text(max_size=60) | st.sampled_from(NASTY) | st.sampled_from(NASTY).map(lambda s: s * 3)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | texts
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
    st.text(max_size=20) | st.sampled_from(NASTY),
    max_size=4,
)
# Path segments of the public lookups, and the Open311 ids.
PATHS = ["/api/track/{}/", "/lacak/{}/", "/open311/v2/requests/{}.json"]
segments = st.text(min_size=1, max_size=20) | st.sampled_from(NASTY)
DEEP = ["[" * 5000 + "]" * 5000, '{"text": ' + "[" * 5000 + "]" * 5000 + "}", "{" * 3000]


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

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(path=st.sampled_from(PATHS), segment=segments, ids=segments)
    def lookup(path: str, segment: str, ids: str) -> None:
        response = client.get(path.format(quote(segment, safe="")))
        assert response.status_code < 500, (path, segment, response.content[:300])
        response = client.get("/open311/v2/requests.json", {"service_request_id": ids})
        assert response.status_code < 500, (ids, response.content[:300])

    post()
    get()
    lookup()
    for body in DEEP:
        response = client.post("/api/reports/", body, content_type="application/json")
        assert response.status_code == 400, response.content[:300]
