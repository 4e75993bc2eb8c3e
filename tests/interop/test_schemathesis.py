"""schemathesis against /api/schema/: generated requests to every operation, no 5xx.

The app runs in-process (Django's WSGI handler) inside the test's transaction,
with incidents, agencies, staff and an integration account, so that ids and
actions hit real rows. Bounded: per operation, 20 valid and 10 invalid examples
as a dispatcher, 5 valid ones as the public. Each failure names the request.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from dispatch import services
from interop import services as interop_services
from tests.conftest import open_incident, through_tls_proxy

# Hypothesis caches Unicode tables in its home folder: keep it out of the work tree.
set_hypothesis_home_dir(str(Path(tempfile.gettempdir()) / "hypothesis-dispatch112"))

SETTINGS = {
    "deadline": None,
    "database": None,  # no .hypothesis folder in the work tree
    "suppress_health_check": list(HealthCheck),
    "derandomize": True,  # the same examples on every run: a failure is reproducible
}


@pytest.fixture
def wsgi_app() -> Iterator[WSGIHandler]:
    """Django's WSGI handler, keeping the test's connection (and transaction) open.

    At the end of each request the handler closes the database connection; on
    PostgreSQL that would end the test's transaction. Django's own test client
    turns this off the same way.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield through_tls_proxy(WSGIHandler())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(cast: dict[str, Any], wsgi_app: WSGIHandler) -> Any:
    for offset in range(3):
        open_incident(lat=-5.42 + offset / 10, phone=f"+62812000000{offset}")
    interop_services.integration_create(name="fuzz")
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)


def fuzz(schema: Any, *, mode: GenerationMode, examples: int, headers: dict[str, str]) -> None:
    failures = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 25
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=examples, **SETTINGS)
        def run(case: Any) -> None:
            response = case.call(headers=headers)
            case.validate_response(response, checks=[not_a_server_error])

        try:
            run()
        except Unsatisfiable:
            continue  # no invalid request exists for it (an operation without inputs)
        except Exception as exc:  # collect all operations' failures, not just the first
            failures.append(f"{operation.label}:\n{exc}")
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize(
    ("mode", "examples"), [(GenerationMode.POSITIVE, 20), (GenerationMode.NEGATIVE, 10)]
)
def test_it_answers_a_dispatchers_generated_requests_without_a_5xx(
    api_schema: Any, cast: dict[str, Any], mode: GenerationMode, examples: int
) -> None:
    token, _expiry = services.token_issue(user=cast["dispatcher"])
    headers = {"Authorization": f"Token {token}"}
    fuzz(api_schema, mode=mode, examples=examples, headers=headers)


def test_it_answers_the_publics_generated_requests_without_a_5xx(api_schema: Any) -> None:
    fuzz(api_schema, mode=GenerationMode.POSITIVE, examples=5, headers={})


def test_it_answers_a_huge_agency_id_without_a_5xx(client_for: Any) -> None:
    response = client_for("dispatcher").get("/api/incidents/?agency=9223372036854775808")
    assert response.status_code < 500
