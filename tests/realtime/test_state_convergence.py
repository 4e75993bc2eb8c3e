"""Zulip's rule: for every event type, a stale state plus the events equals a fresh snapshot.

Checked for each audience: dispatch (everything), an agency (Damkar), the public;
for staff the state holds the units too (a snapshot's `units`, `unit.*` events).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from dispatch import services
from dispatch.models import Agency, EventType, Incident, IncidentEvent, Report
from dispatch.projections import apply_event
from interop import services as interop_services
from interop.models import DutyRoster
from realtime import sync
from realtime.sync import Audience
from tests.conftest import open_incident
from tests.units.conftest import make_unit
from units import services as unit_services
from units.models import Unit
from units.projections import apply_positions, apply_unit_event


def state_of(snapshot: dict[str, Any]) -> dict[str, dict[int, dict[str, Any]]]:
    return {
        "incidents": {i["id"]: i for i in snapshot["incidents"]},
        "units": {u["id"]: u for u in snapshot.get("units", [])},
    }


def unit(call_sign: str) -> Unit:
    return Unit.objects.get(call_sign=call_sign)


def audiences(city_agencies: Any) -> list[Audience]:
    return [
        Audience(kind="dispatch"),
        Audience(kind="agency", agency_id=city_agencies["damkar"].pk),
        Audience(kind="agency", agency_id=city_agencies["dinkes"].pk),
        Audience(kind="public"),
    ]


def claim(cast: Any, i: Incident, j: Incident, agencies: Any) -> None:
    services.incident_claim(incident=i, user=cast["damkar"])


def release(cast: Any, i: Incident, j: Incident, agencies: Any) -> None:
    services.incident_claim(incident=i, user=cast["damkar"])
    services.incident_release(incident=i, user=cast["damkar"])


def status_changes(cast: Any, i: Incident, j: Incident, agencies: Any) -> None:
    services.incident_claim(incident=i, user=cast["damkar"])
    for status in ["en_route", "on_scene", "resolved"]:
        services.incident_set_status(incident=i, user=cast["damkar"], status=status)


def closed(cast: Any, i: Incident, j: Incident, agencies: Any) -> None:
    status_changes(cast, i, j, agencies)
    services.incident_set_status(incident=i, user=cast["dispatcher"], status="closed")


def reopened(cast: Any, i: Incident, j: Incident, agencies: Any) -> None:
    closed(cast, i, j, agencies)
    services.incident_reopen(incident=i, user=cast["dispatcher"])


def assigned_away(cast: Any, i: Incident, j: Incident, agencies: Any) -> None:
    services.incident_assign(incident=i, user=cast["dispatcher"], agency=agencies["dinkes"])


def assigned_support(cast: Any, i: Incident, j: Incident, agencies: Any) -> None:
    services.incident_assign(
        incident=j, user=cast["dispatcher"], agency=agencies["damkar"], role="support"
    )


def protected_later(cast: Any, i: Incident, j: Incident, agencies: Any) -> None:
    # DP3A joins: the case could expose a victim, and public screens must drop it.
    dp3a = Agency.objects.create(kind="dp3a", name="DP3A Kota", jurisdiction=["18.71"])
    services.incident_assign(incident=i, user=cast["dispatcher"], agency=dp3a, role="support")


def merged(cast: Any, i: Incident, j: Incident, agencies: Any) -> None:
    services.incident_merge(incident=i, other=j, user=cast["dispatcher"])


def cancelled(cast: Any, i: Incident, j: Incident, agencies: Any) -> None:
    services.incident_cancel(incident=i, user=cast["dispatcher"], reason="prank")


def located(cast: Any, i: Incident, j: Incident, agencies: Any) -> None:
    services.incident_locate(incident=i, user=cast["dispatcher"], lat=-5.39, lon=105.27)


def escalated(cast: Any, i: Incident, j: Incident, agencies: Any) -> None:
    services.incident_escalate(incident=i, reason="claim_deadline_passed")


def opened(cast: Any, i: Incident, j: Incident, agencies: Any) -> None:
    open_incident(lat=-5.1, lon=105.1)


def attached(cast: Any, i: Incident, j: Incident, agencies: Any) -> None:
    for phone in ["+6281200000001", "+6281200000002", "+6281200000003"]:
        open_incident(lat=i.lat, lon=i.lon, phone=phone)


def split(cast: Any, i: Incident, j: Incident, agencies: Any) -> None:
    open_incident(lat=i.lat, lon=i.lon, phone="+6281200000009")
    moved = list(i.reports.order_by("pk").values_list("pk", flat=True))[1:]
    services.incident_split(incident=i, user=cast["dispatcher"], report_ids=moved)


def disposed(cast: Any, i: Incident, j: Incident, agencies: Any) -> None:
    from django.test import override_settings

    with override_settings(DISPOSITION_REQUIRED_FOR=["P4"]):
        held = open_incident(
            category="infrastructure", priority="P4", kinds=("pupr",), lat=-5.2, lon=105.2
        )
    services.incident_dispose(incident=held, user=cast["supervisor"])


def unit_assigned(cast: Any, i: Incident, j: Incident, agencies: Any) -> None:
    unit_services.unit_assign(
        unit=unit("DAMKAR-01"), incident=i, user=cast["dispatcher"], recommended_rank=1
    )


def unit_joins_its_agency(cast: Any, i: Incident, j: Incident, agencies: Any) -> None:
    # A Dinkes ambulance sent to the fire: Dinkes joins it and now sees it.
    unit_services.unit_assign(
        unit=unit("PSC119-01"), incident=i, user=cast["dispatcher"], reason="korban luka bakar"
    )


def unit_statuses(cast: Any, i: Incident, j: Incident, agencies: Any) -> None:
    services.incident_claim(incident=i, user=cast["damkar"])
    engine = unit("DAMKAR-01")
    unit_services.unit_assign(unit=engine, incident=i, user=cast["damkar"], recommended_rank=1)
    for status in ["en_route", "on_scene", "returning", "available", "out_of_service"]:
        unit_services.unit_set_status(unit=engine, user=cast["damkar"], status=status)


def unit_moved(cast: Any, i: Incident, j: Incident, agencies: Any) -> None:
    fixes = [{"lat": -5.40, "lon": 105.25, "at": timezone.now(), "accuracy_m": 8.0}]
    unit_services.unit_positions_record(
        unit=unit("PSC119-01"), user=cast["dinkes"], positions=fixes
    )


def unit_moved_then_status(cast: Any, i: Incident, j: Incident, agencies: Any) -> None:
    """The status event reads the position of its time; the frames' newer fix stays."""
    unit_services.unit_set_status(
        unit=unit("PSC119-01"), user=cast["dinkes"], status="out_of_service"
    )
    unit_moved(cast, i, j, agencies)


def alert_roster(agencies: Any) -> None:
    DutyRoster.objects.create(agency=agencies["damkar"], name="Andi", phone="+6281100000011")


def alert_sent(cast: Any, i: Incident, j: Incident, agencies: Any) -> None:
    alert_roster(agencies)
    interop_services.alerts_raise(incident_id=i.pk, now=timezone.now())


def alert_acknowledged(cast: Any, i: Incident, j: Incident, agencies: Any) -> None:
    alert_roster(agencies)
    [alert] = interop_services.alerts_raise(incident_id=i.pk, now=timezone.now())
    interop_services.alert_acknowledge(alert=alert, user=cast["damkar"], now=timezone.now())


def reporter_by_whatsapp(i: Incident) -> None:
    Report.objects.filter(incident=i).update(channel="whatsapp", reporter_phone="+6281100000099")


def reporter_notified(cast: Any, i: Incident, j: Incident, agencies: Any) -> None:
    reporter_by_whatsapp(i)
    services.incident_claim(incident=i, user=cast["damkar"])
    assert interop_services.reporters_notify(incident_id=i.pk, stage="claimed") == 1


def reporter_rated(cast: Any, i: Incident, j: Incident, agencies: Any) -> None:
    services.incident_claim(incident=i, user=cast["damkar"])
    services.incident_set_status(incident=i, user=cast["damkar"], status="resolved")
    services.report_rate(report=i.reports.get(), rating=4, via="web")


E = EventType
# name -> (what happens, the event types it must produce).
SCENARIOS: dict[str, tuple[Callable[..., None], set[str]]] = {
    "split": (split, {E.SPLIT, E.OPENED, E.REPORT_ATTACHED}),
    "disposed": (disposed, {E.DISPOSED}),
    "opened": (opened, {E.OPENED, E.ASSIGNED}),
    "attached+reprioritized": (attached, {E.REPORT_ATTACHED, E.REPRIORITIZED}),
    "claimed": (claim, {E.CLAIMED}),
    "released": (release, {E.RELEASED}),
    "status_changed": (status_changes, {E.STATUS_CHANGED}),
    "status_changed(closed)": (closed, {E.STATUS_CHANGED}),
    "reopened": (reopened, {E.REOPENED}),
    "assigned(away)": (assigned_away, {E.ASSIGNED}),
    "assigned(support)": (assigned_support, {E.ASSIGNED}),
    "assigned(victim protected)": (protected_later, {E.ASSIGNED}),
    "merged+cancelled": (merged, {E.MERGED, E.CANCELLED}),
    "cancelled": (cancelled, {E.CANCELLED}),
    "located": (located, {E.LOCATED}),
    "escalated": (escalated, {E.ESCALATED}),
    "unit.assigned": (unit_assigned, {E.UNIT_ASSIGNED}),
    "unit.assigned(agency joins)": (unit_joins_its_agency, {E.UNIT_ASSIGNED, E.ASSIGNED}),
    "unit.status_changed": (unit_statuses, {E.UNIT_STATUS_CHANGED, E.STATUS_CHANGED}),
    # Positions are not events: the resume's `positions` carry them (apply_positions).
    "positions": (unit_moved, set()),
    "positions(after a status)": (unit_moved_then_status, {E.UNIT_STATUS_CHANGED}),
    "alert.sent": (alert_sent, {E.ALERT_SENT}),
    "alert.acknowledged": (alert_acknowledged, {E.ALERT_SENT, E.ALERT_ACKNOWLEDGED}),
    "reporter.notified": (reporter_notified, {E.REPORTER_NOTIFIED}),
    "reporter.rated": (reporter_rated, {E.REPORTER_RATED}),
}


# Event types no longer appended, kept so that older logs read (dispatch/models.py).
RETIRED = {E.UNIT_POSITION}


def test_it_has_a_scenario_for_every_event_type() -> None:
    covered = set().union(*(types for _, types in SCENARIOS.values()))
    assert covered == set(EventType.values) - RETIRED, set(EventType.values) - covered


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_it_converges_to_a_fresh_snapshot(name: str, cast: Any, city_agencies: Any) -> None:
    fire = open_incident(kinds=("damkar",), priority="P2", lat=-5.40, lon=105.25)
    medical = open_incident(
        kinds=("dinkes",), category="medical", priority="P2", lat=-5.30, lon=105.30
    )
    make_unit(city_agencies["damkar"], "DAMKAR-01", "fire_engine", -5.41, 105.26)
    make_unit(city_agencies["dinkes"], "PSC119-01", "ambulance", -5.42, 105.26)
    stale = {a: sync.snapshot(a) for a in audiences(city_agencies)}
    scenario, types = SCENARIOS[name]
    scenario(cast, fire, medical, city_agencies)
    made = IncidentEvent.objects.filter(pk__gt=stale[Audience(kind="dispatch")]["last_event_id"])
    assert types <= set(made.values_list("type", flat=True)), name
    for audience, before in stale.items():
        state = copy.deepcopy(state_of(before))
        result = sync.resume(audience, before["last_event_id"])
        assert result.snapshot is None
        events = result.events
        if audience.kind == "public":
            events = [e for e in events if e["incident"]]
        for message in events:
            apply_event(state["incidents"], message, audience.agency_id)
            apply_unit_event(state["units"], message, audience.agency_id)
        apply_positions(state["units"], result.positions)
        fresh = sync.snapshot(audience)
        assert state == state_of(fresh), (name, audience)
        assert result.last_event_id == fresh["last_event_id"]


@pytest.mark.django_db
def test_it_sends_a_snapshot_to_a_client_too_far_behind(cast: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(sync, "MAX_REPLAY", 3)
    for n in range(3):
        open_incident(lat=-5.0 - n, lon=105.0)
    result = sync.resume(Audience(kind="dispatch"), 0)
    assert result.snapshot is not None
    assert len(result.snapshot["incidents"]) == 3


@pytest.mark.django_db
def test_it_sends_a_snapshot_to_a_client_ahead_of_the_log(cast: Any) -> None:
    open_incident()
    result = sync.resume(Audience(kind="dispatch"), 10_000_000)
    assert result.snapshot is not None
