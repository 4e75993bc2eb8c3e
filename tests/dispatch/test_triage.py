"""Triage: duplicate calls, caller-count escalation, routing by jurisdiction, prank flags."""

from __future__ import annotations

from typing import Any

import pytest

from dispatch import services
from dispatch.models import Agency, Incident, IncidentEvent, Report
from tests.conftest import CommittingClient


def report(text: str, lat: float | None = None, lon: float | None = None, **extra: Any) -> Report:
    body = {"text": text, **extra}
    if lat is not None:
        body.update(lat=lat, lon=lon)
    response = CommittingClient().post("/api/reports/", body, format="json")
    assert response.status_code == 201, response.json()
    return Report.objects.get(pk=response.json()["id"])


@pytest.mark.django_db
def test_it_fast_tracks_a_fire_with_victims_to_damkar(cast: Any) -> None:
    incident = report("Kebakaran rumah, ada korban terjebak", -5.4186, 105.2701).incident
    assert incident.priority == "P1"
    assert incident.lead_agency.kind == "damkar"
    assert incident.region_code.startswith("18.71")
    types = list(IncidentEvent.objects.filter(incident=incident).values_list("type", flat=True))
    assert types == ["incident.opened", "incident.assigned"]


@pytest.mark.django_db
def test_it_makes_five_calls_about_one_fire_one_incident(cast: Any) -> None:
    phones = [f"+62812000000{i}" for i in range(5)]
    reports = [
        report("Kebakaran gudang, api besar", -5.4186 + i * 0.0005, 105.2701, reporter_phone=p)
        for i, p in enumerate(phones)
    ]
    incidents = {r.incident_id for r in reports}
    assert len(incidents) == 1
    incident = Incident.objects.get(pk=incidents.pop())
    assert incident.report_count == 5
    attached = IncidentEvent.objects.filter(incident=incident, type="incident.report_attached")
    assert attached.count() == 4
    assert all(e.data["reason"] for e in attached)


@pytest.mark.django_db
def test_it_raises_the_priority_at_three_independent_callers(cast: Any) -> None:
    text = "Pohon tumbang menutup jalan"
    first = report(text, -5.40, 105.25, reporter_phone="+6281211110001").incident
    before = first.priority
    report(text, -5.40, 105.25, reporter_phone="+6281211110001")  # the same caller again
    first.refresh_from_db()
    assert first.priority == before
    report(text, -5.40, 105.25, reporter_phone="+6281211110002")
    report(text, -5.40, 105.25, reporter_phone="+6281211110003")
    first.refresh_from_db()
    assert first.priority < before  # "P2" < "P3": one level up
    event = IncidentEvent.objects.get(incident=first, type="incident.reprioritized")
    assert "3 independent callers" in event.data["reason"]


@pytest.mark.django_db
def test_it_keeps_far_apart_fires_apart(cast: Any) -> None:
    a = report("Kebakaran rumah", -5.40, 105.25).incident_id
    b = report("Kebakaran rumah", -5.45, 105.30).incident_id
    assert a != b


@pytest.mark.django_db
def test_it_routes_to_the_most_specific_jurisdiction(cast: Any) -> None:
    city = Agency.objects.get(kind="damkar")
    province = Agency.objects.create(kind="damkar", name="Damkar Provinsi", jurisdiction=["18"])
    in_city = report("Kebakaran rumah ada korban", -5.4186, 105.2701).incident
    assert in_city.lead_agency == city
    # Metro (18.72) is outside the city's jurisdiction: the province answers.
    in_metro = report("Kebakaran rumah ada korban", -5.1131, 105.3067).incident
    assert in_metro.region_code.startswith("18.72")
    assert in_metro.lead_agency == province


@pytest.mark.django_db
def test_it_flags_a_repeat_prank_caller_but_keeps_the_report(cast: Any) -> None:
    phone = "+6281299990000"
    for i in range(2):
        incident = report("halo halo test", -5.0 - i, 105.0, reporter_phone=phone).incident
        services.incident_cancel(incident=incident, user=cast["dispatcher"], reason="prank")
    incident = report("Kebakaran rumah", -5.4186, 105.2701, reporter_phone=phone).incident
    assert "repeat_prank_caller" in incident.flags
    assert incident.priority in ("P1", "P2")


@pytest.mark.django_db
def test_it_marks_an_empty_call_p4(cast: Any) -> None:
    incident = report("halo").incident
    assert incident.priority == "P4"
    assert "prank_suspect" in incident.flags or "empty" in incident.flags


@pytest.mark.django_db
def test_it_flags_a_report_it_could_not_place(cast: Any) -> None:
    incident = report("Ada masalah, tolong dibantu").incident
    assert "low_confidence_location" in incident.flags


@pytest.mark.django_db
def test_it_processes_a_redelivered_task_once(cast: Any) -> None:
    from dispatch.tasks import report_triage_task

    first = report("Kebakaran rumah", -5.4186, 105.2701)
    report_triage_task.apply(args=[first.pk])  # the broker delivers it again
    assert Incident.objects.count() == 1
    assert IncidentEvent.objects.filter(type="incident.opened").count() == 1


@pytest.mark.django_db
def test_it_requeues_reports_whose_triage_never_ran(cast: Any, settings: Any) -> None:
    settings.REPORT_REQUEUE_AFTER_S = 0
    stuck = Report.objects.create(text="Kebakaran rumah", lat=-5.4186, lon=105.2701)
    assert stuck.state == "pending"
    assert services.report_requeue_stuck(older_than_s=0, max_attempts=5) == [stuck.pk]
    stuck.refresh_from_db()
    assert stuck.state == "processed"


@pytest.mark.django_db
def test_it_routes_outside_every_jurisdiction_to_the_home_agency(cast: Any) -> None:
    # Lampung Selatan (18.01) has no fire brigade in this deployment: the city's goes.
    incident = report("Kebakaran rumah ada korban", -5.7282, 105.5936).incident
    assert incident.region_code.startswith("18.01")
    assert incident.lead_agency.kind == "damkar"


@pytest.mark.django_db
def test_it_attaches_a_caller_who_says_nothing_of_where_to_the_only_one_of_its_kind(
    cast: Any,
) -> None:
    text = "Ular sanca besar masuk dapur rumah warga di Gedong Air, anak-anak ketakutan"
    snake = report(text, -5.4005, 105.2405).incident
    nowhere = report("tolong pak ada ular gede banget masuk rumah, anak2 takut, cepet")
    assert nowhere.incident_id == snake.pk
    attached = IncidentEvent.objects.get(incident=snake, type="incident.report_attached")
    assert attached.data["reason"].endswith("confirm the place with the caller")
