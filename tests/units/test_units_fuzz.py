"""Hypothesis throws arbitrary JSON at every units endpoint, as every role: never a 5xx."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import open_incident

ROLES = ["anonymous", "damkar", "dinkes", "dispatcher"]
POSTS = ["/api/units/{unit}/status/", "/api/units/{unit}/positions/", "/api/incidents/{id}/units/"]
NASTY = ["\x00", "\u00b2", "9" * 21, "NaN", "Infinity", "0001-01-01T00:00:00+14:00", "9999-12-31"]
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(NASTY)
)
fixes = st.fixed_dictionaries(
    {},
    optional={"lat": scalars, "lon": scalars, "at": scalars, "accuracy_m": scalars},
)
bodies = st.one_of(
    st.fixed_dictionaries({"positions": st.lists(fixes, max_size=3)}),
    st.dictionaries(st.sampled_from(["status", "unit_id", "reason", "positions"]), scalars),
    scalars,
)
keys = st.none() | st.text(max_size=120).filter(lambda k: "\n" not in k and "\r" not in k)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_it_never_answers_5xx_to_arbitrary_bodies(client_for: Any, units: Any, role: str) -> None:
    incident = open_incident()
    names = {"id": incident.pk, "unit": units["engine_near"].pk}
    client = client_for(role)

    @settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
    @given(path=st.sampled_from(POSTS), body=bodies, key=keys)
    def post(path: str, body: Any, key: str | None) -> None:
        headers = {"Idempotency-Key": key} if key is not None else {}
        text = json.dumps(body, allow_nan=True)
        response = client.post(
            path.format(**names), text, content_type="application/json", headers=headers
        )
        assert response.status_code < 500, (path, body, key, response.content[:300])

    post()
    response = client.get("/api/units/", {"status": "\x00", "kind": "9" * 21})
    assert response.status_code < 500
