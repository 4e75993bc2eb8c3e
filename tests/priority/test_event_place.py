"""priority.event_place: whether two reports are of one place."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from priority.event_place import place_tie
from priority.same_event import same_event
from tests.priority.test_same_event import sight

BETUNG = "village:16.07.05.1017"
SCHOOL = (-2.82192, 104.22939)  # a device's point inside Betung
CENTRE = (-2.82400, 104.23150)  # Betung's centre, ~330 m away


def test_it_ties_a_complaint_placed_at_its_village_centre_to_a_point_in_it() -> None:
    # The form's "Kel. Betung" puts the second at the village's centre: that says
    # nothing of where in Betung the pothole is.
    first = sight(
        "Jalan berlubang besar dekat simpang Pasar Betung, mohon ditambal",
        "infrastructure",
        "roads",
        SCHOOL,
        place=BETUNG,
    )
    again = sight(
        "Kami laporkan lagi lubang jalan dekat simpang Pasar Betung, belum ada perbaikan",
        "infrastructure",
        "roads",
        CENTRE,
        place=BETUNG,
        centroid=True,
    )
    decision = same_event(first, again, timedelta(days=3))
    assert decision.same
    assert any(reason.startswith("the same place") for reason in decision.reasons)


def test_it_keeps_two_device_points_too_far_apart_in_one_village_apart() -> None:
    first = sight("Jalan berlubang di Betung", "infrastructure", "roads", SCHOOL, place=BETUNG)
    other = sight("Jalan berlubang di Betung", "infrastructure", "roads", CENTRE, place=BETUNG)
    decision = same_event(first, other, timedelta(days=3))
    assert not decision.same
    assert decision.reasons[-1].startswith("too far")


def test_it_wants_more_than_a_village_centre_for_one_persons_emergency() -> None:
    # Two patients in one village of hundreds of houses are two emergencies.
    cut = sight(
        "petani kena parang di kebun Betung, darah banyak",
        "medical",
        "medical emergency",
        CENTRE,
        place=BETUNG,
        centroid=True,
    )
    bitten = sight(
        "anak digigit ular di kebun Betung", "medical", "medical emergency", SCHOOL, place=BETUNG
    )
    assert not same_event(bitten, cut, timedelta(minutes=50)).same


def test_it_merges_the_caller_of_a_moment_ago_though_neither_says_where() -> None:
    first = sight(
        "PL melaporkan ada anak tenggelam saat berenang, lokasi belum sempat disebut",
        "rescue",
        "drowning",
        None,
        region="",
    )
    again = sight(
        "ini yg barusan telpon, anak laki2 umur 12 thn tenggelam, teman2nya masih cari",
        "rescue",
        "drowning",
        None,
        region="",
    )
    assert same_event(first, again, timedelta(minutes=3)).same


def test_it_only_shows_an_unplaced_drowning_from_another_caller() -> None:
    # A second child in the water somewhere must not vanish into the first's incident.
    first = sight("ada anak tenggelam, tolong", "rescue", "drowning", None, region="")
    other = sight("tolong ada anak tenggelam di sungai", "rescue", "drowning", None, region="")
    decision = same_event(first, other, timedelta(minutes=3))
    assert not decision.same
    assert decision.reasons[-1] == "shown, not merged: the place is not known"


def test_it_ties_the_victims_family_calling_from_the_hospital_by_the_place_named() -> None:
    crash = sight(
        "Tabrak lari di jalan lintas Tanjung Agung! Ibu2 naik motor ditabrak pick up hitam",
        "traffic_accident",
        "road accident",
        SCHOOL,
    )
    family = sight(
        "Saya anak ibu yang ditabrak di Tanjung Agung tadi. Sekarang kami di IGD RSUD Banyuasin",
        "traffic_accident",
        "road accident",
        (-2.9600, 104.5300),  # the hospital, tens of kilometres away
    )
    decision = same_event(crash, family, timedelta(minutes=50))
    assert decision.same
    assert decision.reasons[1].startswith("called back from elsewhere; the same place named")


def test_it_ties_a_caller_at_the_hospital_naming_the_village_the_scene_is_in() -> None:
    # The stabbing's first caller named no place; their phone put it in Betung. The
    # one who drove the victim to hospital says "from Betung".
    stabbing = sight(
        "ada orang ditusuk di depan toko, darah banyak, pelaku lari",
        "crime",
        "violence",
        SCHOOL,
        village="village:Betung",
    )
    driver = sight(
        "Kami di RSUD, tadi antar korban tusuk dari Betung pake mobil warga",
        "crime",
        "violence",
        (-2.9600, 104.5300),  # the hospital, tens of kilometres away
        named_places=frozenset({"village:Betung"}),
    )
    decision = same_event(stabbing, driver, timedelta(minutes=40))
    assert decision.same
    assert decision.reasons[1] == "called back from elsewhere; the same place named: Betung"
    # A first call from the hospital's area names another village: no tie.
    elsewhere = replace(driver, village="", named_places=frozenset({"village:Sukajadi"}))
    assert not same_event(stabbing, elsewhere, timedelta(minutes=40)).same


MARKET = (-5.4170, 105.2580)  # Bandar Lampung
STATION = (-5.4105, 105.2560)  # ~750 m away


def test_it_follows_a_caller_on_the_thiefs_heels_across_the_city() -> None:
    theft = sight(
        "copet! hp ibu saya diambil di bambu kuning, orangnya lari pake kaos merah",
        "crime",
        "theft or robbery",
        MARKET,
        region="18.71.01.1003",
    )
    chase = sight(
        "saya masih ngikutin copetnya, sekarang dia masuk gang samping stasiun, kaos merah",
        "crime",
        "theft or robbery",
        STATION,
        region="18.71.02.1001",
    )
    decision = same_event(theft, chase, timedelta(minutes=6))
    assert decision.same
    assert decision.reasons[1] == "in pursuit: the caller follows the culprit elsewhere in the area"
    # An hour on, a theft by the station is another theft.
    assert not same_event(theft, chase, timedelta(minutes=60)).same


def test_it_hears_the_victims_family_at_the_hospital_as_one_persons_emergency() -> None:
    crash = sight(
        "Tabrakan motor vs pick up di Jl. Cik Ditiro, bapak2 kepalanya berdarah",
        "traffic_accident",
        "road accident",
        MARKET,
    )
    family = sight(
        "Saya anaknya korban yang ditabrak di Cik Ditiro tadi. Bapak sudah di IGD RS Bintang Amin",
        "traffic_accident",
        "road accident",
        STATION,
    )
    assert same_event(crash, family, timedelta(minutes=50)).same


def test_it_keeps_a_search_at_sea_open_while_its_callers_say_it_goes_on() -> None:
    missing = sight(
        "Om Alex (54 th) tidak kembali melaut sejak semalam, perahu pelang warna biru",
        "rescue",
        "drowning",
        SCHOOL,
    )
    waiting = sight(
        "So dua hari Om Alex pe keluarga tunggu di pante, tim SAR masih cari ka? Perahu biru"
        " nyanda ketemu",
        "rescue",
        "drowning",
        SCHOOL,
    )
    assert same_event(missing, waiting, timedelta(hours=25)).same


def test_it_ties_a_quake_felt_to_a_report_of_it_the_rules_gave_no_topic() -> None:
    asked = sight(
        "gempa barusan kuat skali, ada tsunami ka nda?", "information", "earthquake", None
    )
    felt = sight(
        "Gempa barusan rasa kuat di Maesa, lampu bagoyang, nyanda ada yang rusak",
        "information",
        "",
        (1.46704, 125.18515),
    )
    assert place_tie(asked, felt) == (0.6, "felt across the whole area")
    # Of another topic, it is no quake's.
    fire = replace(felt, topic="building or vehicle fire")
    assert place_tie(asked, fire)[0] == 0.0


def test_it_ties_a_land_fire_to_a_caller_who_sees_it_from_fourteen_kilometres() -> None:
    hill = sight(
        "kebakaran lahan di lereng gunung, api menjalar ke kebun",
        "fire",
        "land or forest fire",
        (1.4960, 125.1570),
        region="71.72.03.1001",
    )
    seen = sight(
        "dari pulau kelihatan api besar di gunung belakang kota",
        "fire",
        "building or vehicle fire",
        (1.4450, 125.2700),  # ~13.7 km away
        region="71.72.01.1004",
    )
    decision = same_event(hill, seen, timedelta(minutes=20))
    assert decision.same
    assert decision.reasons[1].startswith("seen from far")
    # "arah" is where a thief ran as much as where smoke is: not that far.
    toward = replace(seen, text="rumah kebakaran di pinggir jalan arah pelabuhan")
    assert not same_event(hill, toward, timedelta(minutes=20)).same


def test_it_ties_a_street_light_outage_along_several_poles_reported_again() -> None:
    lights = sight(
        "lampu jalan mati 4 tiang sepanjang jalan masuk kampung, gelap total",
        "infrastructure",
        "street lights and traffic signals",
        MARKET,
    )
    again = sight(
        "lampu jalan di jalan masuk kampung masih padam, sudah lapor minggu lalu",
        "infrastructure",
        "street lights and traffic signals",
        (-5.4135, 105.2580),  # ~390 m along the street
    )
    assert same_event(lights, again, timedelta(days=7)).same
    # Not said to be the same: 390 m is another stretch of the street.
    other = replace(again, text="lampu jalan mati, gelap, rawan begal")
    assert not same_event(lights, other, timedelta(hours=3)).same


def test_it_ties_a_robbed_rider_and_the_witness_who_finds_them_down_the_road() -> None:
    victim = sight(
        "Pak saya barusan dibegal, motor saya diambil dua orang bawa golok",
        "crime",
        "theft or robbery",
        MARKET,
    )
    witness = sight(
        "ada org dirampok di jalan, korbannya duduk di warung kami, tangannya berdarah",
        "crime",
        "theft or robbery",
        (-5.4130, 105.2580),  # ~445 m on
    )
    decision = same_event(victim, witness, timedelta(minutes=6))
    assert decision.same
    assert decision.reasons[1] == "445 m apart (of 600 m)"
    # A motorbike gone from a parking lot that far is another theft.
    parked = replace(witness, text="motor saya hilang di parkiran, baru aja")
    assert not same_event(victim, parked, timedelta(minutes=6)).same


def test_it_hears_a_caller_at_the_hospital_naming_no_place_as_saying_nothing_of_where() -> None:
    stabbing = sight(
        "suami saya ditusuk orang di pasar, darahnya banyak, pelakunya lari",
        "crime",
        "violence",
        MARKET,
    )
    wife = sight(
        "sy istri korban penusukan td, skrg sdh di IGD RSUD, polisi blm dtg",
        "crime",
        "violence",
        (-5.4100, 105.2580),  # the hospital, ~780 m away
    )
    decision = same_event(stabbing, wife, timedelta(minutes=25))
    # Only the place is unknown: shown, and merged when it is the only one open.
    assert not decision.same
    assert decision.lone
    assert "one of them says nothing of where, minutes apart, of the same kind" in decision.reasons


def test_it_ties_one_patients_complaint_told_alike_a_street_away() -> None:
    bitten = sight(
        "Petani digigit ular di sawah, kaki bengkak, sekarang lemas",
        "medical",
        "medical emergency",
        MARKET,
    )
    javanese = sight(
        "Tulung, Pak Darmo dicokot ulo nang sawah, sikile abuh, ora iso ngadeg",
        "medical",
        "medical emergency",
        (-5.4150, 105.2580),  # ~220 m away
    )
    decision = same_event(bitten, javanese, timedelta(minutes=4))
    assert decision.same
    assert decision.reasons[1] == "222 m apart (of 300 m)"
    # Another complaint that far is another patient.
    fell = replace(javanese, text="ada bapak jatuh dari pohon, kakinya patah")
    assert not same_event(bitten, fell, timedelta(minutes=4)).same


def test_it_ties_a_village_centre_to_a_landmark_in_that_village() -> None:
    # The form's Kel. Betung puts the first at the village's centre; the second is
    # placed at a landmark of Betung, 330 m away: the same village, not a far point.
    first = sight(
        "Pohon tumbang melintang, kabel listrik menjuntai ke jalan",
        "infrastructure",
        "electricity",
        CENTRE,
        place=BETUNG,
        region="16.07.05.1017",
        village="village:Betung",
        centroid=True,
    )
    second = sight(
        "phn tumbang dkt pasar betung, kbl pln putus",
        "infrastructure",
        "electricity",
        SCHOOL,
        place="landmark:Pasar Betung",
        region="16.07.05.1017",
        village="village:Betung",
    )
    assert place_tie(first, second) == (0.6, "in the village named, Betung")
    # A namesake village elsewhere is no tie.
    elsewhere = replace(second, region="18.01.13.2001")
    assert place_tie(first, elsewhere)[0] == 0.0


def test_it_ties_nothing_by_a_river_each_names_with_another_place_on_it() -> None:
    first = sight(
        "speedboat menabrak tongkang di Sungai Musi depan Sungai Gerong, penumpang tercebur",
        "rescue",
        "drowning",
        None,
        region="",
    )
    far = sight(
        "ada speedboat terbalik di Sungai Musi dekat Sungsang, penumpang pegangan di body",
        "rescue",
        "drowning",
        None,
        region="",
    )
    assert place_tie(first, far) == (0.0, "no place in common")
    # Said with the same place along it, or alone, the river ties them.
    near = replace(far, text="speedboat terbalik di sungai musi dpn sungai gerong")
    assert place_tie(first, near)[0] > 0.0
    alone = replace(far, text="speedboat terbalik di sungai musi, tolong")
    assert place_tie(first, alone)[0] > 0.0
    # Where a caller heads to, or a shop along the road, is no other place.
    shop = replace(far, text="speedboat terbalik di sungai musi, saya di warung arah sungsang")
    assert place_tie(first, shop)[0] > 0.0


def test_it_ties_nothing_by_a_road_named_for_two_towns_with_other_places_on_it() -> None:
    first = sight(
        "kendaraan terbakar di ruas tol Manado-Bitung dekat Gerbang Tol Danowudu",
        "fire",
        "building or vehicle fire",
        None,
        region="",
    )
    far = sight(
        "tol manado bitung arah manado dkt kauditan ada mobil kluar api di bahu jln",
        "fire",
        "building or vehicle fire",
        None,
        region="",
    )
    assert place_tie(first, far) == (0.0, "no place in common")
    # The same street said again, with a word stuck to its name ("suratmin blm").
    lights = sight("PJU di Jl. Endro Suratmin depan Korpri mati", "infrastructure", "", None)
    again = replace(lights, text="lampu jalan endro suratmin blm jg dibenerin")
    assert place_tie(lights, again)[0] > 0.0


def test_it_ties_two_reports_at_one_kecamatan_centre_as_a_kecamatan_only() -> None:
    # Both placed by words at Gisting's centre: one point, because one centre.
    first = sight("orang ngamuk lempar batu di jalan raya gisting", "social_welfare", "", CENTRE)
    second = sight("anak ketabrak motor di jalan raya gisting", "traffic_accident", "", CENTRE)
    gisting = {"place": "district:18.06.20", "approximate": True}
    tie = place_tie(replace(first, **gisting), replace(second, **gisting))
    assert tie == (0.3, "the same place, 18.06.20")


def test_it_reads_the_road_as_a_thing_or_a_verb_as_no_place_named() -> None:
    # "jln ketutup" is the road blocked and "udah jalan belum?" the ambulance on its
    # way: neither names where, so the call is tied to the only open one of its kind.
    line = sight(
        "Pohon tumbang menimpa kabel listrik di Jl. Raya Way Kandis, kabel menjuntai",
        "infrastructure",
        "electricity",
        SCHOOL,
    )
    again = sight(
        "phn tumbang kbl putus, jln ketutup, tlg cpt", "infrastructure", "electricity", None
    )
    decision = same_event(line, again, timedelta(minutes=10))
    assert decision.same
    assert decision.reasons[1].startswith("one of them says nothing of where")
    # A road named is a place said: not tied by the kind alone.
    named = replace(again, text="phn tumbang kbl putus di jln Pramuka, tlg cpt")
    assert not same_event(line, named, timedelta(minutes=10)).same
