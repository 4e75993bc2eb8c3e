"""The third-party `georeport` client (PyPI) against a live daphne serving the project."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from georeport import GeoReport

from dispatch.models import Category
from tests.conftest import database_url_of_tests, open_incident
from tests.servers import daphne, environment

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def root(tmp_path: Path) -> Iterator[str]:
    env = environment(DATABASE_URL=database_url_of_tests(), DEBUG="1")
    with daphne(env, tmp_path / "daphne.log") as port:
        yield f"http://127.0.0.1:{port}/open311/v2"


def test_it_lists_services_and_requests_with_the_georeport_client(
    root: str, cast: dict[str, Any]
) -> None:
    incident = open_incident(phone="+6281200000009")
    report = incident.reports.get()
    for output in ("json", "xml"):
        client = GeoReport(root, output_format=output)
        services = client.get_service_list()
        assert [s["service_code"] for s in services] == list(Category.values)
        definition = client.get_service_definition("fire")
        assert definition["service_code"] == "fire"
        requests = client.get_service_requests(status="open", service_code="fire")
        # xmltodict gives one element as a dict, several as a list.
        listed = requests if isinstance(requests, list) else [requests]
        assert [r["service_request_id"] for r in listed] == [str(report.pk)]
        one = client.get_service_request(str(report.pk))
        assert one["status"] == "open"
        assert one["description"] == "Kebakaran"
        assert "+6281200000009" not in str(one)


def test_it_answers_the_clients_date_filters(root: str, cast: dict[str, Any]) -> None:
    open_incident()
    client = GeoReport(root)
    # The client sends W3C dates; '+07:00' travels percent-encoded.
    found = client.get_service_requests(
        start_date="2000-01-01T00:00:00+07:00", end_date="2000-03-01T00:00:00+07:00"
    )
    assert found == []
