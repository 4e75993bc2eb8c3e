"""GET /metrics: Prometheus gauges, for the desk, a scraper's token or allowed addresses."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from dispatch.models import Report


def signed_in(cast: Any, name: str) -> Client:
    client = Client()
    if cast[name] is not None:
        client.force_login(cast[name])
    return client


@pytest.mark.django_db
def test_it_counts_incidents_and_events(incident: Any, cast: Any) -> None:
    body = signed_in(cast, "dispatcher").get("/metrics").content.decode()
    assert 'dispatch_incidents{status="new"} 1' in body
    assert "dispatch_last_event_id" in body


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["anonymous", "citizen", "damkar"])
def test_it_is_not_public(cast: Any, name: str) -> None:
    # Issue 17: anyone could read the counts of reports and incidents.
    response = signed_in(cast, name).get("/metrics")
    assert response.status_code == 403
    assert b"dispatch_" not in response.content


@pytest.mark.django_db
def test_it_answers_a_scraper_with_the_token(settings: Any) -> None:
    settings.METRICS_TOKEN = "s3cret-scrape-token"
    ok = Client().get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-scrape-token")
    assert ok.status_code == 200 and b"dispatch_last_event_id" in ok.content
    for header in ("Bearer wrong", "Bearer ", "s3cret-scrape-token", "Bearer s3cret\x00"):
        assert Client().get("/metrics", HTTP_AUTHORIZATION=header).status_code == 403
    settings.METRICS_TOKEN = ""
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 403


@pytest.mark.django_db
def test_it_answers_an_allowed_address(settings: Any) -> None:
    settings.METRICS_ALLOWED_ADDRESSES = ["10.1.0.0/16", "192.0.2.7"]
    assert Client().get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert Client().get("/metrics", REMOTE_ADDR="192.0.2.7").status_code == 200
    assert Client().get("/metrics", REMOTE_ADDR="10.2.0.1").status_code == 403
    # Behind a proxy, the address is the one it saw (NUM_PROXIES), not its own.
    settings.NUM_PROXIES = 1
    behind = Client().get("/metrics", REMOTE_ADDR="10.1.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert behind.status_code == 403


def gauge(body: str, name: str) -> float:
    (line,) = [line for line in body.splitlines() if line.startswith(name + " ")]
    return float(line.split()[1])


@pytest.mark.django_db
def test_it_reports_the_age_of_the_last_good_backup(
    cast: Any, settings: Any, tmp_path: Any
) -> None:
    settings.BACKUP_DIR = tmp_path
    body = signed_in(cast, "dispatcher").get("/metrics").content.decode()
    # Never backed up: as old as can be, so the alert fires.
    assert "dispatch_backup_age_seconds +Inf" in body
    assert "dispatch_backup_last_run_ok 0" in body
    an_hour_ago = (timezone.now() - timedelta(hours=1)).isoformat()
    (tmp_path / "backups.jsonl").write_text(
        f'{{"at": "{an_hour_ago}", "file": "a.dump", "result": "ok", "size": 2048}}\n'
        f'{{"at": "{timezone.now().isoformat()}", "file": "b.dump", "result": "failed"}}\n'
    )
    body = signed_in(cast, "dispatcher").get("/metrics").content.decode()
    age = gauge(body, "dispatch_backup_age_seconds")
    assert 3590 <= age <= 3700
    assert "dispatch_backup_last_run_ok 0" in body
    assert "dispatch_backup_last_size_bytes 2048" in body
    assert "dispatch_backup_disk_free_bytes " in body


@pytest.mark.django_db
def test_it_reports_how_long_the_oldest_report_has_waited(cast: Any) -> None:
    Report.objects.create(text="Kebakaran", channel="phone")
    Report.objects.update(received_at=timezone.now() - timedelta(minutes=5))
    body = signed_in(cast, "dispatcher").get("/metrics").content.decode()
    waited = gauge(body, "dispatch_reports_oldest_pending_seconds")
    assert 290 <= waited <= 400
