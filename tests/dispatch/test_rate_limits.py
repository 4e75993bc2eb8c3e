"""Anonymous intake is limited per address and per phone, across processes; staff are not."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from dispatch.models import Report
from tests.conftest import CommittingClient
from tests.servers import ROOT

pytestmark = pytest.mark.django_db


def post(client: Any, address: str, **body: Any) -> Any:
    return client.post(
        "/api/reports/", {"text": "Banjir", **body}, format="json", REMOTE_ADDR=address
    )


def test_it_answers_429_with_retry_after_past_the_address_limit(settings: Any) -> None:
    settings.PUBLIC_REPORT_RATE = "3/m"
    address = f"10.9.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    client = CommittingClient()
    codes = [post(client, address).status_code for _ in range(5)]
    assert codes == [201, 201, 201, 429, 429]
    response = post(client, address)
    assert 1 <= int(response["Retry-After"]) <= 61
    assert response.json()["detail"]
    assert Report.objects.count() == 3


def test_it_limits_one_phone_number_across_addresses(settings: Any) -> None:
    settings.PUBLIC_REPORT_PHONE_RATE = "2/h"
    phone = f"0812{uuid.uuid4().int % 10**8:08d}"
    client = CommittingClient()
    codes = [post(client, f"10.8.0.{i}", reporter_phone=phone).status_code for i in range(1, 5)]
    assert codes == [201, 201, 429, 429]


def test_it_does_not_limit_signed_in_staff(settings: Any, client_for: Any) -> None:
    settings.PUBLIC_REPORT_RATE = "1/m"
    client = client_for("dispatcher")
    codes = [post(client, "10.7.0.1", channel="phone").status_code for _ in range(5)]
    assert codes == [201] * 5


def test_it_lets_reports_through_when_the_limiter_store_is_down(
    settings: Any, monkeypatch: Any
) -> None:
    from django.core.cache import cache

    settings.PUBLIC_REPORT_RATE = "1/m"

    def broken(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "add", broken)
    client = CommittingClient()
    assert [post(client, "10.6.0.1").status_code for _ in range(3)] == [201, 201, 201]


WORKER = """
import os, sys
sys.path.insert(0, os.getcwd())
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from dispatch import ratelimit
limit = ratelimit.parse_rate(sys.argv[2])
accepted = sum(ratelimit.hit("ip", sys.argv[1], limit) is None for _ in range(int(sys.argv[3])))
print(accepted)
"""


@pytest.mark.redis
def test_it_never_accepts_more_than_the_limit_from_several_processes(
    tmp_path: Path, record_property: Any
) -> None:
    """1,000 submissions from one address, from 4 processes sharing Redis: at most 50 pass."""
    # Unique per run: the counters live an hour in a Redis that other runs share.
    address = f"2001:db8::{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}"
    script = tmp_path / "limit_worker.py"
    script.write_text(WORKER)
    processes = [
        subprocess.Popen(
            [sys.executable, str(script), address, "50/h", "250"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    accepted = sum(int(p.communicate(timeout=120)[0].strip().splitlines()[-1]) for p in processes)
    assert accepted == 50
    record_property("submissions", 1000)
    record_property("accepted", accepted)
