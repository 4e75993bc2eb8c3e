"""deploy/prometheus/alerts.yml: every rule watches a metric /metrics emits, and
docs/OPERATIONS.md has a runbook for every alert."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from asgiref.sync import async_to_sync
from django.conf import settings
from django.test import Client

from dispatch.backups import LOG_NAME
from realtime import presence

ROOT = Path(__file__).resolve().parents[2]
# Made by Prometheus itself for every scrape, not by /metrics.
SYNTHESIZED = {"up"}
METRIC = re.compile(r"\b(dispatch_[a-z_]+|up)\b(?!\s*\()")


def rules() -> list[dict[str, Any]]:
    document = yaml.safe_load((ROOT / "deploy/prometheus/alerts.yml").read_text())
    return [rule for group in document["groups"] for rule in group["rules"]]


@pytest.fixture
def hub_beating() -> Iterator[None]:
    """One hub's entry as a server process writes it at each heartbeat."""
    process = "test-alert-rules"
    async_to_sync(presence.publish_and_collect)(process, {}, position=1, repaired=0)
    yield
    if settings.REDIS_URL:
        import redis

        client = redis.Redis.from_url(settings.REDIS_URL)
        client.hdel(presence.KEY, process)
        client.close()


def emitted(cast: Any, backup_dir: Path) -> set[str]:
    (backup_dir / LOG_NAME).write_text(
        f'{{"at": "{datetime.now(UTC).isoformat()}", "file": "dispatch-x.dump", '
        '"result": "ok", "size": 1000, "duration_s": 0.5}\n'
    )
    client = Client()
    client.force_login(cast["dispatcher"])
    body = client.get("/metrics").content.decode()
    return {
        re.split(r"[{ ]", line, maxsplit=1)[0]
        for line in body.splitlines()
        if line and not line.startswith("#")
    }


def test_it_names_every_alert_once_with_a_severity_and_a_runbook() -> None:
    names = [rule["alert"] for rule in rules()]
    assert len(names) == len(set(names)) >= 8
    for rule in rules():
        assert rule["labels"]["severity"] in {"critical", "warning"}, rule["alert"]
        assert rule["annotations"]["runbook"].endswith("#" + rule["alert"].lower())


@pytest.mark.redis
@pytest.mark.django_db
def test_it_watches_only_metrics_that_metrics_emits(
    incident: Any, cast: Any, settings: Any, tmp_path: Path, hub_beating: None
) -> None:
    settings.BACKUP_DIR = tmp_path
    available = emitted(cast, tmp_path) | SYNTHESIZED
    used = set()
    for rule in rules():
        names = set(METRIC.findall(rule["expr"]))
        assert names, f"{rule['alert']} watches no metric"
        assert names <= available, f"{rule['alert']}: {names - available} not in /metrics"
        used |= names
    # Each concern of the issue has a rule.
    for metric in (
        "dispatch_reports_oldest_pending_seconds",
        "dispatch_reports",
        "dispatch_hub_position",
        "dispatch_hub_events_repaired_total",
        "dispatch_backup_disk_free_bytes",
        "dispatch_backup_age_seconds",
    ):
        assert metric in used, metric


def runbook_sections() -> dict[str, str]:
    text = (ROOT / "docs/OPERATIONS.md").read_text()
    parts = re.split(r"^### ", text, flags=re.MULTILINE)[1:]
    return {part.split("\n", 1)[0].strip(): part for part in parts}


def test_it_has_a_runbook_for_every_alert() -> None:
    sections = runbook_sections()
    for rule in rules():
        section = sections.get(rule["alert"])
        assert section is not None, f"docs/OPERATIONS.md has no ### {rule['alert']}"
        for part in ("What it means", "What to check", "How to recover"):
            assert f"**{part}**" in section, f"{rule['alert']}: no {part}"
