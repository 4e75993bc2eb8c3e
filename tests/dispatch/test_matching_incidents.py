"""dispatch.selectors.matching_incidents: the one ranked list triage and the preview use."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from dispatch import services
from dispatch.matching import matching_incidents
from dispatch.models import Incident, Report
from priority.same_event import Sighting
from priority.scan import categories_named

pytestmark = pytest.mark.django_db


def open_incident(
    *, text: str, lat: float | None = -5.42, lon: float | None = 105.26, category: str = "fire"
) -> Incident:
    """An open incident with one report, made directly: triage would merge close ones."""
    state = "unknown" if lat is None else "known"
    incident = Incident.objects.create(
        category=category, priority="P2", lat=lat, lon=lon, location_state=state
    )
    Report.objects.create(text=text, lat=lat, lon=lon, incident=incident, state="processed")
    return incident


def candidates(**report: object) -> list:  # type: ignore[type-arg]
    kinds = categories_named(str(report.get("text", "")))
    return matching_incidents(report=Sighting(kinds=kinds, **report))  # type: ignore[arg-type]


def test_it_lists_open_compatible_incidents_nearby_best_first(cast: Any) -> None:
    closest = open_incident(text="kebakaran rumah", lat=-5.42000, lon=105.26000)
    further = open_incident(text="api di gudang", lat=-5.42250, lon=105.26000)  # ~280 m
    open_incident(text="pohon tumbang", category="infrastructure", lat=-5.4201)
    open_incident(text="kebakaran jauh", lat=-5.50, lon=105.30)
    found = candidates(category="fire", lat=-5.42010, lon=105.26000, text="kebakaran rumah")
    assert [c.incident.pk for c in found] == [closest.pk, further.pk]
    assert found[0].distance_m == 11
    assert found[0].score > found[1].score
    assert found[0].likely is True


def test_it_leaves_out_closed_and_cancelled_incidents(cast: Any) -> None:
    incident = open_incident(text="kebakaran", lat=-5.42, lon=105.26)
    services.incident_cancel(incident=incident, user=cast["dispatcher"], reason="invalid")
    assert candidates(category="fire", lat=-5.42, lon=105.26, text="kebakaran") == []


def test_it_matches_by_the_named_place_when_a_report_has_no_point(cast: Any) -> None:
    same = open_incident(
        text="banjir besar di Kupang Kota", category="disaster", lat=None, lon=None
    )
    Incident.objects.filter(pk=same.pk).update(location_detail={"place": "village:18.71.04.1002"})
    found = candidates(category="disaster", place="village:18.71.04.1002", text="banjir")
    assert [c.incident.pk for c in found] == [same.pk]
    assert found[0].distance_m is None
    assert "the same place" in found[0].reason
    # Words alone, with no place in common, never attach a report.
    assert candidates(category="disaster", text="banjir besar di Kemiling") == []


def test_it_matches_two_reports_without_points_that_name_the_same_place(cast: Any) -> None:
    same = open_incident(
        text="Kabel listrik putus di Jl. Sultan Agung dekat Transmart, berpercik",
        category="infrastructure",
        lat=None,
        lon=None,
    )
    found = candidates(
        category="infrastructure", text="kabel pln putus di sultan agung dkt transmart"
    )
    assert [c.incident.pk for c in found] == [same.pk]
    assert "the same place named: sultanagung, transmart" in found[0].reason


def test_it_matches_a_report_with_a_point_to_an_unplaced_incident_naming_its_place(
    cast: Any,
) -> None:
    # The first caller sent an SMS with no position, the second shares GPS: the words
    # of both name one street and shop. Only the SQL filter stood between them.
    unplaced = open_incident(
        text="Kabel listrik putus di Jl. Sultan Agung dekat Transmart, berpercik",
        category="infrastructure",
        lat=None,
        lon=None,
    )
    found = candidates(
        category="infrastructure",
        text="kabel pln putus di sultan agung dkt transmart",
        lat=-5.3770,
        lon=105.2630,
    )
    assert [c.incident.pk for c in found] == [unplaced.pk]
    assert found[0].likely and found[0].distance_m is None


def test_it_judges_the_incident_next_door_before_a_night_of_unplaced_ones(
    cast: Any,
) -> None:
    from dispatch.matching import SCANNED

    for n in range(SCANNED):
        open_incident(text=f"kebakaran, lokasi belum jelas {n}", lat=None, lon=None)
    next_door = open_incident(text="kebakaran rumah", lat=-5.42000, lon=105.26000)
    found = candidates(category="fire", text="rumah terbakar", lat=-5.42010, lon=105.26000)
    assert found and found[0].incident.pk == next_door.pk


def test_it_keeps_to_the_limit(cast: Any) -> None:
    for index in range(7):
        open_incident(text="kebakaran rumah", lat=-5.42 + index * 0.0001, lon=105.26)
    assert len(candidates(category="fire", lat=-5.42, lon=105.26, text="kebakaran rumah")) == 5


def test_it_finds_a_fire_seen_from_kilometres_away(cast: Any) -> None:
    fire = open_incident(text="Kebakaran gudang di pasar, api besar", lat=-5.4200, lon=105.26)
    Incident.objects.filter(pk=fire.pk).update(region_code="18.71.01.1003")
    far = {"lat": -5.4470, "lon": 105.26, "region": "18.71.02.1001"}  # 3 km
    seen = candidates(category="fire", text="asap hitam tebal keliatan dari arah pasar", **far)
    assert [c.incident.pk for c in seen] == [fire.pk]
    assert seen[0].likely is True
    assert "seen from far" in seen[0].reason
    # Not said to be seen from far: a fire of its own.
    other = candidates(category="fire", text="rumah terbakar, api besar", **far)
    assert [c.likely for c in other] in ([], [False])


def test_it_finds_an_earthquake_wherever_its_callers_are(cast: Any) -> None:
    quake = open_incident(text="gempa kuat, rumah bergoyang", category="disaster")
    Report.objects.filter(incident=quake).update(assessment={"topic": "earthquake"})
    found = candidates(
        category="information", topic="earthquake", text="gempa barusan, ada tsunami?"
    )
    assert [c.incident.pk for c in found] == [quake.pk]
    assert found[0].likely is True


def test_it_compares_no_rules_topic_of_an_incident_filed_under_another_kind(cast: Any) -> None:
    # The rules read "diare setelah banjir" as a flood; the second reader filed it as
    # a health service request. A tidal flood nearby a day and a half later is not its event.
    text = "anak-anak diare dan gatal setelah banjir, mohon fogging"
    health = open_incident(text=text, category="health_service")
    earlier = timezone.now() - timedelta(hours=36)
    Incident.objects.filter(pk=health.pk).update(created_at=earlier)
    assessment = {"topic": "flood", "category": "health_service", "rules_category": "disaster"}
    Report.objects.filter(incident=health).update(assessment=assessment)
    flood = {"lat": -5.42, "lon": 105.26, "text": "banjir rob, air masuk rumah"}
    assert candidates(category="disaster", topic="flood", **flood) == []
    # Read by the rules alone, it would have been the flood's.
    Report.objects.filter(incident=health).update(assessment={**assessment, "rules_category": ""})
    Incident.objects.filter(pk=health.pk).update(category="disaster")
    assert [c.incident.pk for c in candidates(category="disaster", topic="flood", **flood)] == [
        health.pk
    ]


def test_it_compares_the_rules_topic_when_it_is_one_of_the_readers_category(
    cast: Any,
) -> None:
    # "Air PDAM mati, mohon informasi": the rules read a question, the second reader
    # a water outage. The same outage reported again two days on is its event.
    text = "Air PDAM di Tanah Mas sudah mati tiga hari, mohon informasi kapan normal"
    outage = open_incident(text=text, category="infrastructure")
    Incident.objects.filter(pk=outage.pk).update(created_at=timezone.now() - timedelta(days=2))
    assessment = {
        "topic": "water supply",
        "category": "infrastructure",
        "rules_category": "information",
    }
    Report.objects.filter(incident=outage).update(assessment=assessment)
    again = {"lat": -5.42, "lon": 105.26, "text": "air pdam di tanah mas masih mati, 5 hari"}
    found = candidates(category="infrastructure", topic="water supply", **again)
    assert [c.incident.pk for c in found] == [outage.pk]
    assert found[0].reason.startswith("same kind: water supply")
    # A fallen tree the reader filed as infrastructure is no power outage's event.
    tree = {"topic": "fallen tree", "category": "infrastructure", "rules_category": "disaster"}
    Report.objects.filter(incident=outage).update(assessment=tree)
    found = candidates(category="infrastructure", topic="water supply", **again)
    assert found == []


def test_it_finds_the_incident_of_an_earlier_caller_calling_again_from_far(cast: Any) -> None:
    bus = open_incident(
        text="penumpang bus pingsan, bus lagi jalan di Bakauheni",
        category="medical",
        lat=-5.8731,
        lon=105.7428,
    )
    Incident.objects.filter(pk=bus.pk).update(region_code="18.01.21.2004")
    rest_area = {"lat": -5.673, "lon": 105.576, "region": "18.01.06.1028"}  # 28 km on
    text = "PL yang sama menghubungi kembali, bus berhenti di rest area, penumpang belum sadar"
    found = candidates(category="medical", topic="medical emergency", text=text, **rest_area)
    assert [c.incident.pk for c in found] == [bus.pk]
    assert found[0].likely is True
    assert "the earlier caller, calling again from elsewhere in the area" in found[0].reason
    # Not said to be the earlier caller: a passenger of its own, 28 km away.
    other = "penumpang bus pingsan di rest area, belum sadar"
    assert candidates(category="medical", topic="medical emergency", text=other, **rest_area) == []


def test_it_compares_as_the_rules_read_an_incident_the_reader_filed_otherwise(cast: Any) -> None:
    text = "jalan tergenang tinggi, motor pada mogok di tengah"
    street = open_incident(text=text, category="traffic_accident")
    assessment = {"category": "traffic_accident", "rules_category": "disaster"}
    Report.objects.filter(incident=street).update(assessment=assessment)
    flood = {"lat": -5.4203, "lon": 105.26, "text": "banjir di depan kampus, air selutut"}
    found = candidates(category="disaster", topic="flood", **flood)
    assert [c.incident.pk for c in found] == [street.pk]
    assert "as the rules read them" in found[0].reason
    # A dispatcher who filed it as a crash is not second-guessed.
    Report.objects.filter(incident=street).update(assessment={**assessment, "category": "other"})
    assert [c.likely for c in candidates(category="disaster", topic="flood", **flood)] in (
        [],
        [False],
    )


def test_it_reads_an_incident_placed_at_its_village_centre_as_such(cast: Any) -> None:
    # Placed by the form's "Kel. Betung": the village's centre, ~330 m from the
    # device of the caller who complains again of the pothole there.
    centre = open_incident(
        text="Jalan berlubang besar dekat simpang Pasar Betung, mohon ditambal",
        category="infrastructure",
        lat=-2.82400,
        lon=104.23150,
    )
    detail = {"level": "village", "place": "village:16.07.05.1017", "reasons": []}
    Incident.objects.filter(pk=centre.pk).update(location_detail=detail)
    report = {
        "category": "infrastructure",
        "topic": "roads",
        "place": "village:16.07.05.1017",
        "text": "lapor lagi lubang jalan dekat simpang Pasar Betung, belum ada perbaikan",
        "lat": -2.82192,
        "lon": 104.22939,
    }
    found = candidates(**report)
    assert [c.incident.pk for c in found] == [centre.pk]
    assert found[0].likely and "the same place" in found[0].reason
    # Placed by a device in Betung, it is a point like the caller's: too far.
    detail["reasons"] = [{"code": "device", "place": "Betung"}]
    Incident.objects.filter(pk=centre.pk).update(location_detail=detail)
    assert not any(c.likely for c in candidates(**report))


def test_it_finds_the_theft_a_caller_in_pursuit_calls_about_from_afar(cast: Any) -> None:
    theft = open_incident(
        text="copet! hp ibu saya diambil di bambu kuning, orangnya lari pake kaos merah",
        category="crime",
        lat=-5.4170,
        lon=105.2580,
    )
    Incident.objects.filter(pk=theft.pk).update(region_code="18.71.01.1003")
    found = candidates(
        category="crime",
        topic="theft or robbery",
        text="saya masih ngejar copetnya, sekarang dia masuk gang dekat stasiun, kaos merah",
        lat=-5.4000,
        lon=105.2500,  # ~2 km away: beyond any search radius of a theft
        region="18.71.02.1001",
    )
    assert [c.incident.pk for c in found] == [theft.pk]
    assert found[0].likely and "in pursuit" in found[0].reason


def test_it_attaches_a_caller_who_says_nothing_of_where_to_the_only_fire_open(
    cast: Any,
) -> None:
    fire = {"topic": "building or vehicle fire", "category": "fire"}
    warehouse = open_incident(text="Gudang di belakang Stasiun Tanjung Karang kebakaran")
    Report.objects.filter(incident=warehouse).update(assessment=fire)
    Incident.objects.filter(pk=warehouse.pk).update(region_code="18.71.01.1003")
    text = "pak cepat pak ada gudang kebakaran gede, apinya udah keluar dari atap!!"
    found = candidates(text=text, **fire)
    assert [c.incident.pk for c in found] == [warehouse.pk]
    assert found[0].likely is True
    assert found[0].reason.endswith("confirm the place with the caller")
    # A second fire open: nothing tells which, so the call-taker is shown both.
    house = open_incident(text="kebakaran rumah di Way Halim", lat=-5.38, lon=105.28)
    Report.objects.filter(incident=house).update(assessment=fire)
    found = candidates(text=text, **fire)
    assert {c.incident.pk for c in found} == {warehouse.pk, house.pk}
    assert not any(c.likely for c in found)
    assert all(c.reason.endswith("shown, not merged: the place is not known") for c in found)


def test_it_finds_the_stabbing_in_the_village_a_caller_at_the_hospital_names(cast: Any) -> None:
    stabbing = open_incident(
        text="ada orang ditikam di depan toko, darah banyak",
        category="crime",
        lat=1.46019,
        lon=125.18478,
    )
    Incident.objects.filter(pk=stabbing.pk).update(region_code="71.72.07.1004")
    hospital = {"lat": 1.43851, "lon": 125.10824, "region": "71.72.05.1003"}  # 9 km away
    text = "Kita di RSUD, tadi antar korban tikam dari Bitung Tengah, pelaku masih bakeliling"
    named = frozenset({"village:Bitung Tengah"})
    found = candidates(
        category="crime", topic="violence", text=text, named_places=named, **hospital
    )
    assert [c.incident.pk for c in found] == [stabbing.pk]
    assert found[0].likely is True
    assert "called back from elsewhere; the same place named: Bitung Tengah" in found[0].reason


def test_it_finds_a_land_fire_a_caller_sees_from_across_the_strait(cast: Any) -> None:
    hill = open_incident(
        text="kebakaran lahan di lereng Gunung Duasudara, api menjalar",
        lat=1.4960,
        lon=125.1570,
    )
    Incident.objects.filter(pk=hill.pk).update(region_code="71.72.03.1001")
    Report.objects.filter(incident=hill).update(assessment={"topic": "land or forest fire"})
    lembeh = {"lat": 1.4450, "lon": 125.3150, "region": "71.72.01.1004"}  # ~18 km away
    text = "dari Lembeh kelihatan api besar di gunung belakang kota, asap tebal"
    found = candidates(category="fire", topic="building or vehicle fire", text=text, **lembeh)
    assert [c.incident.pk for c in found] == [hill.pk]
    assert found[0].likely is True
