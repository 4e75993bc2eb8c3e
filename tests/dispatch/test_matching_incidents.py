"""dispatch.selectors.matching_incidents: the one ranked list triage and the preview use."""

from __future__ import annotations

from typing import Any

import pytest

from dispatch import services
from dispatch.models import Incident, Report
from dispatch.selectors import matching_incidents

pytestmark = pytest.mark.django_db


def open_incident(
    *, text: str, lat: float | None = -5.42, lon: float | None = 105.26, category: str = "fire"
) -> Incident:
    """An open incident with one report, made directly: triage would merge close ones."""
    incident = Incident.objects.create(category=category, priority="P2", lat=lat, lon=lon)
    Report.objects.create(text=text, lat=lat, lon=lon, incident=incident, state="processed")
    return incident


def test_it_lists_open_compatible_incidents_nearby_best_first(cast: Any) -> None:
    closest = open_incident(text="kebakaran rumah", lat=-5.42000, lon=105.26000)
    further = open_incident(text="api di gudang", lat=-5.42250, lon=105.26000)  # ~280 m
    open_incident(text="pohon tumbang", category="infrastructure", lat=-5.4201)
    open_incident(text="kebakaran jauh", lat=-5.50, lon=105.30)
    found = matching_incidents(category="fire", lat=-5.42010, lon=105.26000, text="kebakaran rumah")
    assert [c.incident.pk for c in found] == [closest.pk, further.pk]
    assert found[0].distance_m == 11
    assert found[0].score > found[1].score
    assert found[0].likely is True


def test_it_leaves_out_closed_and_cancelled_incidents(cast: Any) -> None:
    incident = open_incident(text="kebakaran", lat=-5.42, lon=105.26)
    services.incident_cancel(incident=incident, user=cast["dispatcher"], reason="invalid")
    assert matching_incidents(category="fire", lat=-5.42, lon=105.26, text="kebakaran") == []


def test_it_compares_texts_when_the_report_has_no_location(cast: Any) -> None:
    same = open_incident(
        text="banjir besar di Kelurahan Kupang Kota", category="disaster", lat=None, lon=None
    )
    found = matching_incidents(
        category="disaster", lat=None, lon=None, text="banjir besar di Kelurahan Kupang Kota"
    )
    assert [c.incident.pk for c in found] == [same.pk]
    assert found[0].distance_m is None


def test_it_keeps_to_the_limit(cast: Any) -> None:
    for index in range(7):
        open_incident(text="kebakaran rumah", lat=-5.42 + index * 0.0001, lon=105.26)
    assert (
        len(matching_incidents(category="fire", lat=-5.42, lon=105.26, text="kebakaran rumah")) == 5
    )
