"""priority.same_event: one event or two, on kind, place and time, each with its reason."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from priority.rules import default_rules
from priority.same_event import (
    Sighting,
    lone_candidate,
    merged_alone,
    same_event,
    search_radius_m,
)
from priority.scan import categories_named

# Two points in Kota Bandar Lampung (18.71), 1.3 km apart along one street.
MARKET = (-5.4170, 105.2580)
ROAD = (-5.4053, 105.2580)
NEARBY = (-5.4175, 105.2583)  # ~65 m from MARKET


def sight(
    text: str, category: str, topic: str, at: tuple[float, float] | None, **extra: Any
) -> Sighting:
    lat, lon = at if at else (None, None)
    return Sighting(
        category=category,
        topic=topic,
        lat=lat,
        lon=lon,
        text=text,
        kinds=categories_named(text) | {category},
        region=extra.pop("region", "18.71.01.1003"),
        **extra,
    )


FIRE = sight("Kebakaran kios di Pasar Tugu, api besar", "fire", "building or vehicle fire", MARKET)


def test_it_merges_two_calls_about_one_fire_nearby() -> None:
    other = sight("ada api di pasar tugu, asap hitam", "fire", "building or vehicle fire", NEARBY)
    decision = same_event(FIRE, other, timedelta(minutes=5))
    assert decision.same
    assert "same kind: building or vehicle fire" in decision.reasons


def test_it_keeps_a_far_fire_apart_when_nobody_says_it_is_seen_from_far() -> None:
    other = sight("rumah terbakar, api besar", "fire", "building or vehicle fire", ROAD)
    decision = same_event(FIRE, other, timedelta(minutes=10))
    assert not decision.same
    assert decision.reasons[-1].startswith("too far")


def test_it_merges_smoke_seen_from_far_in_the_same_area() -> None:
    text = "asap hitam tebal keliatan dari jalan raya, dari arah pasar"
    other = sight(text, "fire", "building or vehicle fire", ROAD, region="18.71.02.1001")
    decision = same_event(FIRE, other, timedelta(minutes=10))
    assert decision.same
    assert any(reason.startswith("seen from far") for reason in decision.reasons)


def test_it_merges_a_big_fire_seen_from_eleven_kilometres() -> None:
    # A factory fire's smoke column, seen across the flat land of one regency.
    text = "dari way hui keliatan asap hitam ke arah tanjung bintang"
    eleven_km = (MARKET[0] - 0.1, MARKET[1])
    other = sight(text, "fire", "building or vehicle fire", eleven_km, region="18.71.02.1001")
    assert same_event(FIRE, other, timedelta(minutes=10)).same
    fourteen_km = (MARKET[0] - 0.13, MARKET[1])
    farther = replace(other, lat=fourteen_km[0], lon=fourteen_km[1])
    assert not same_event(FIRE, farther, timedelta(minutes=10)).same
    # Only a caller who says they see it from afar ("keliatan") stands that far.
    plain = replace(other, text="ada kebakaran gudang besar")
    assert not same_event(FIRE, plain, timedelta(minutes=10)).same
    # A visitor says it in English.
    english = replace(other, text="there is a huge black smoke column to the east, 8 km away")
    assert same_event(FIRE, english, timedelta(minutes=10)).same


def test_it_does_not_stretch_smoke_seen_from_far_into_another_regency() -> None:
    text = "asap hitam tebal keliatan dari jalan raya, dari arah pasar"
    other = sight(text, "fire", "building or vehicle fire", ROAD, region="18.01.02.2001")
    assert not same_event(FIRE, other, timedelta(minutes=10)).same


def test_it_ties_a_jam_to_the_crash_ahead_of_it() -> None:
    crash = sight(
        "Truk terguling di Jl. Soekarno-Hatta", "traffic_accident", "road accident", MARKET
    )
    jam = sight("macet total, katanya ada truk guling di depan", "infrastructure", "roads", ROAD)
    decision = same_event(crash, jam, timedelta(minutes=15))
    assert decision.same
    assert "traffic_accident ~ infrastructure, named in both" in decision.reasons


def test_it_keeps_two_people_at_one_landmark_apart() -> None:
    fainted = sight("bapak pingsan di depan tugu", "medical", "medical emergency", MARKET)
    pickpocket = sight("hp saya dicopet di keramaian", "crime", "theft or robbery", NEARBY)
    decision = same_event(fainted, pickpocket, timedelta(minutes=20))
    assert not decision.same
    assert "neither named in the other" in decision.reasons[0]


def test_it_keeps_a_shortlived_event_to_its_own_window() -> None:
    first = sight("anak tenggelam di pantai", "rescue", "drowning", MARKET)
    second = sight("ada anak tenggelam di pantai", "rescue", "drowning", NEARBY)
    decision = same_event(first, second, timedelta(hours=20))
    assert not decision.same
    assert decision.reasons[0].startswith("too long after")


def test_it_lets_an_update_speak_of_an_earlier_event() -> None:
    first = sight("nelayan jatuh dari perahu dan hilang", "rescue", "drowning", MARKET)
    text = "jenazah nelayan yang hilang kemarin sudah ditemukan"
    second = sight(text, "rescue", "drowning", ROAD)
    assert same_event(first, second, timedelta(hours=20)).same


def test_it_ties_a_village_centre_by_the_village_not_by_metres() -> None:
    first = replace(FIRE, place="village:18.71.01.1003")
    text = "kebakaran di tanjung agung"
    second = sight(text, "fire", "building or vehicle fire", ROAD, approximate=True)
    second = replace(second, place="village:18.71.01.1003")
    decision = same_event(first, second, timedelta(minutes=10))
    assert decision.same
    assert "the same place, 18.71.01.1003" in decision.reasons


def test_it_takes_an_earthquake_as_felt_across_the_area() -> None:
    felt = sight("gempa kuat barusan, rumah bergoyang", "disaster", "earthquake", MARKET)
    question = sight("gempa barusan, ada tsunami?", "information", "earthquake", None)
    decision = same_event(felt, question, timedelta(minutes=5))
    assert decision.same
    assert "felt across the whole area" in decision.reasons


def test_it_never_merges_different_kinds() -> None:
    flood = sight("banjir selutut di jalan", "disaster", "flood", MARKET)
    tree = sight("pohon tumbang menutup jalan", "disaster", "fallen tree", NEARBY)
    decision = same_event(flood, tree, timedelta(minutes=5))
    assert not decision.same
    assert decision.reasons == ("different kinds: flood and fallen tree",)


def test_it_lists_every_category_a_text_names() -> None:
    named = categories_named("macet total, ada truk terguling di depan")
    assert {"traffic_accident", "infrastructure"} <= named
    # Remembered per text under the default rules: the same answer as a fresh scan.
    assert categories_named("macet total, ada truk terguling di depan") is named
    assert named == categories_named("macet total, ada truk terguling di depan", default_rules())


def test_it_believes_a_caller_who_says_it_is_another_event() -> None:
    first = sight("Sampah menumpuk di Bitung Barat", "environment", "waste", MARKET)
    text = "ini kejadian lain, ada sampah dibuang di selokan"
    second = sight(text, "environment", "waste", NEARBY)
    decision = same_event(first, second, timedelta(minutes=30))
    assert not decision.same
    assert decision.reasons == ("the caller says it is another event",)


def test_it_keeps_apart_what_an_earlier_caller_reports_now_of_another_kind() -> None:
    first = sight("Sampah menumpuk di Bitung Barat", "environment", "waste", MARKET)
    text = "kita yang tadi lapor sampah, skarang ada orang bakupukul di depan rumah"
    second = sight(text, "environment", "waste", NEARBY)
    decision = same_event(first, second, timedelta(minutes=30))
    assert not decision.same
    assert decision.reasons == ("the caller reported before and now names something else",)


def test_it_hears_an_earlier_caller_in_lampung_words() -> None:
    lights = sight("lampu merah di perempatan mati dari pagi", "infrastructure", "", MARKET)
    text = "Tabik pun, nyak sai tadi lapor lampu merah mati. Kini ada motor tabrakan di perempatan"
    crash = sight(text, "traffic_accident", "road accident", NEARBY)
    decision = same_event(lights, crash, timedelta(hours=2))
    assert decision.reasons == ("the caller reported before and now names something else",)


def test_it_keeps_an_earlier_callers_update_with_the_event() -> None:
    first = sight(
        "Rumah kebanjiran setinggi pinggang, ada nenek di dalam", "disaster", "flood", MARKET
    )
    text = "saya yang tadi lapor banjir, sekarang sudah mengungsi ke masjid, air makin naik"
    second = sight(text, "disaster", "flood", NEARBY)
    assert same_event(first, second, timedelta(minutes=20)).same


def test_it_reads_where_an_earlier_caller_waits_now_as_no_other_event() -> None:
    fire = sight(
        "Gudang pupuk terbakar di Komering Agung", "fire", "building or vehicle fire", MARKET
    )
    text = "saya yang tadi lapor gudang kebakaran, sekarang nunggu di pinggir jalan lintas"
    again = sight(text, "fire", "building or vehicle fire", NEARBY)
    assert "traffic_accident" in again.kinds  # "jalan lintas", a road named in passing
    assert same_event(fire, again, timedelta(minutes=10)).same


def test_it_keeps_apart_an_earlier_caller_now_of_another_persons_emergency() -> None:
    theft = sight("motor saya hilang di parkiran depan rumah", "crime", "theft or robbery", MARKET)
    text = "saya yang tadi lapor motor hilang. sekarang bapak saya sesak napas, bibirnya biru"
    again = sight(text, "medical", "medical emergency", NEARBY)
    decision = same_event(theft, again, timedelta(minutes=90))
    assert not decision.same
    assert decision.reasons == ("the caller reported before and now names something else",)


def test_it_keeps_the_wound_of_a_robbery_s_victim_with_the_robbery() -> None:
    robbery = sight(
        "sy dibegal di jalan kebun, motor diambil, pelaku bawa golok", "crime", "", MARKET
    )
    text = "saya yang tadi lapor begal, sekarang di polsek, tangan saya luka kena golok"
    wounded = sight(text, "crime", "theft or robbery", NEARBY)
    assert "medical" in categories_named(text)
    assert same_event(robbery, wounded, timedelta(minutes=30)).same


def test_it_follows_an_earlier_caller_to_where_the_bus_stopped() -> None:
    bus = sight(
        "penumpang bus pingsan, bus lagi jalan di Bakauheni", "medical", "medical emergency", MARKET
    )
    rest_area = (-5.2930, 105.2580)  # 14 km on, in the same kabupaten
    text = "saya yang tadi lapor penumpang pingsan, bus sudah berhenti di rest area tol"
    again = sight(text, "medical", "medical emergency", rest_area)
    decision = same_event(bus, again, timedelta(minutes=15))
    assert decision.same
    assert "the earlier caller, calling again from elsewhere in the area" in decision.reasons
    elsewhere = replace(again, region="18.01.06.1028")  # another kabupaten
    assert not same_event(bus, elsewhere, timedelta(minutes=15)).same


def test_it_hears_an_earlier_caller_who_says_it_the_other_way_round() -> None:
    text = "tlg sy br dijambret 2 org naik motor matic hitam dkt pasar, hp & dompet diambil"
    snatch = sight(text, "crime", "theft or robbery", MARKET)
    text = "Ini tadi yang lapor dijambret. Saya naik ojek kejar sampai depan kantor walikota"
    chase = sight(text, "crime", "theft or robbery", ROAD)
    decision = same_event(snatch, chase, timedelta(minutes=12))
    assert decision.same
    assert "the earlier caller, calling again from elsewhere in the area" in decision.reasons


def test_it_keeps_apart_one_persons_emergency_and_another_kind_that_names_it_not() -> None:
    child = sight(
        "Anak saya hilang di Lapangan Saburai, baju merah", "rescue", "missing person", MARKET
    )
    tree = sight(
        "Pohon tumbang di Lapangan Saburai menimpa pagar", "disaster", "fallen tree", NEARBY
    )
    decision = same_event(child, tree, timedelta(minutes=18))
    assert not decision.same
    assert decision.reasons[0].endswith("neither named in the other")
    fallen = sight("penumpang jatuh ke laut di dermaga", "rescue", "drowning", MARKET)
    cabin = sight(
        "kabin truk keluar asap dan api di parkir", "fire", "building or vehicle fire", NEARBY
    )
    assert not same_event(fallen, cabin, timedelta(minutes=25)).same


def test_it_keeps_a_child_swept_away_by_the_flood_apart() -> None:
    # The flood's incident is BPBD's; a child in the water is a search of its own, a
    # P1 that must not be hidden inside it.
    flood = sight("Kuala meluap, air masuk permukiman 80 cm", "disaster", "flood", MARKET)
    text = "air makin naik, ada anak kecil hanyut dekat jembatan"
    swept = sight(text, "rescue", "drowning", NEARBY)
    decision = same_event(flood, swept, timedelta(minutes=40))
    assert not decision.same
    assert decision.reasons[-1].startswith("a collapse or a victim")
    # Rain over the area reported as a blocked drain: the same.
    drain = sight("hujan deras, got meluap, jalan tergenang", "infrastructure", "drainage", MARKET)
    assert not same_event(drain, swept, timedelta(minutes=40)).same
    # The flood's callers spoke of the child already: news of the same search.
    told = replace(flood, text=flood.text + ", ada anak hanyut")
    assert same_event(told, swept, timedelta(minutes=40)).same


def test_it_keeps_a_victim_of_the_wind_apart_from_a_storm_reported_as_fallen_trees() -> None:
    storm = sight("angin kencang, banyak pohon tumbang", "disaster", "fallen tree", MARKET)
    text = "pohon tumbang nimpa mobil, sopirnya kejepit"
    trapped = sight(text, "rescue", "trapped people", NEARBY)
    assert not same_event(storm, trapped, timedelta(minutes=20)).same
    # A fire fanned by the wind: a house it brings down is the fire's own news.
    fire = sight(
        "rumah terbakar, angin kencang, api merembet", "fire", "building or vehicle fire", MARKET
    )
    fell = sight(
        "rumah yang terbakar roboh, api makin besar", "fire", "building or vehicle fire", NEARBY
    )
    assert same_event(fire, fell, timedelta(minutes=20)).same


def test_it_merges_a_short_circuit_that_smokes_with_the_fire_next_to_it() -> None:
    line = sight(
        "tiang listrik korslet, kabelnya mercik, asap ke atap rumah sebelah",
        "infrastructure",
        "electricity",
        MARKET,
    )
    decision = same_event(FIRE, line, timedelta(minutes=7))
    assert decision.same
    assert decision.reasons[0].endswith("a short circuit that smokes")
    sparks = replace(line, text="kabel putus jatuh ke jalan, keluar api percik2")
    assert same_event(FIRE, sparks, timedelta(minutes=7)).same
    pops = replace(line, text="kabel di tiang meletup2 terus keluar api ke atap")
    assert same_event(FIRE, pops, timedelta(minutes=7)).same
    # The power cut after the fire is PLN's own job.
    cut = sight("listrik padam satu kampung", "infrastructure", "electricity", NEARBY)
    assert not same_event(FIRE, cut, timedelta(minutes=7)).same


def test_it_keeps_two_emergencies_of_other_kinds_apart_unless_one_names_the_other() -> None:
    boat = sight("kapal motor terbakar di dermaga", "fire", "building or vehicle fire", MARKET)
    fallen = sight("orang jatuh dari tangga di dermaga, kepala bocor", "medical", "", NEARBY)
    decision = same_event(boat, fallen, timedelta(minutes=30))
    assert not decision.same
    assert decision.reasons == ("different kinds: fire and medical, neither named in the other",)
    burnt = sight("korban kebakaran kapal di dermaga, luka bakar", "medical", "", NEARBY)
    assert same_event(boat, burnt, timedelta(minutes=30)).same


def test_it_keeps_a_question_about_another_place_apart_from_an_event_nearby() -> None:
    flood = sight("Banjir di Girian Bawah, air masuk rumah", "disaster", "flood", MARKET)
    text = "itu benar ada tsunami di Ternate? di facebook orang bilang air laut naik"
    rumour = sight(text, "information", "", NEARBY)
    decision = same_event(flood, rumour, timedelta(minutes=60))
    assert not decision.same
    assert "a question about another place" in decision.reasons
    # Asked of the flood's own place, the question is about it.
    local = sight("itu benar banjir di girian bawah sudah sepinggang?", "information", "", NEARBY)
    assert same_event(flood, local, timedelta(minutes=60)).same


def test_it_judges_again_as_the_rules_read_a_report_the_reader_filed_otherwise() -> None:
    flood = sight("Banjir di depan kampus, air selutut", "disaster", "flood", MARKET)
    text = "jalan tergenang tinggi, angkot mogok di tengah, air masuk toko"
    street = sight(text, "traffic_accident", "", NEARBY, rules_category="disaster")
    decision = same_event(flood, street, timedelta(minutes=20))
    assert decision.same
    assert "as the rules read them" in "; ".join(decision.reasons)
    # Read by the rules as a crash too, it stays another kind.
    crash = replace(street, rules_category="")
    assert not same_event(flood, crash, timedelta(minutes=20)).same


def test_it_merges_calls_minutes_apart_near_the_edge_of_the_reach() -> None:
    # Two callers of one rollover on the toll road, 420 m and four minutes apart: a
    # moving car's GPS, and a crash reported as a rescue.
    crash = sight("Laka tunggal minibus terguling di ruas tol", "traffic_accident", "", MARKET)
    text = "Emergency! mobil rollover dekat exit tol, satu orang kejepit"
    trapped = sight(text, "rescue", "trapped people", (-5.4132, 105.2580))
    assert same_event(crash, trapped, timedelta(minutes=4)).same
    # An hour later the edge of the reach is the edge: another crash.
    assert not same_event(crash, trapped, timedelta(minutes=60)).same


def test_it_keeps_an_outage_apart_from_what_caused_it() -> None:
    tree = sight("pohon tumbang menimpa kabel listrik", "disaster", "fallen tree", MARKET)
    outage = sight("listrik padam dari tadi", "infrastructure", "electricity", NEARBY)
    decision = same_event(tree, outage, timedelta(minutes=40))
    assert not decision.same
    assert decision.reasons[0].startswith("different kinds")


def test_it_counts_one_more_person_as_another_emergency() -> None:
    first = sight(
        "remaja overdosis obat di kos, tidak sadar", "medical", "medical emergency", MARKET
    )
    text = "ado lagi budak pingsan di kos, minum obat jugo"
    second = sight(text, "medical", "medical emergency", NEARBY)
    assert not same_event(first, second, timedelta(minutes=10)).same


def test_it_does_not_place_a_rumour_where_its_caller_stands() -> None:
    asked = sight(
        "Apakah benar ada kebakaran besar di Bakauheni? ramai di facebook",
        "fire",
        "building or vehicle fire",
        NEARBY,
        elsewhere=True,
    )
    decision = same_event(FIRE, asked, timedelta(minutes=30))
    assert not decision.same
    assert "a question about another place" in decision.reasons


def test_it_calls_two_kinds_a_day_apart_an_event_and_its_aftermath() -> None:
    flood = sight("banjir masuk rumah setengah meter", "disaster", "flood", MARKET)
    road = sight("jalan berlubang besar kena banjir", "infrastructure", "roads", NEARBY)
    assert same_event(flood, road, timedelta(minutes=30)).same
    decision = same_event(flood, road, timedelta(hours=20))
    assert not decision.same
    assert decision.reasons[0].startswith("too long after")


def test_it_merges_reports_without_points_that_name_the_same_street_and_shop() -> None:
    first = sight(
        "Kabel listrik putus di Jl. Sultan Agung dekat Transmart",
        "infrastructure",
        "electricity",
        None,
    )
    second = sight(
        "kabel pln putus di sultan agung dkt transmart", "infrastructure", "electricity", None
    )
    decision = same_event(first, second, timedelta(minutes=6))
    assert decision.same
    assert "the same place named: sultanagung, transmart" in decision.reasons


def test_it_keeps_apart_reports_without_points_that_share_only_a_name_part() -> None:
    first = sight("banjir di Korpri Jaya", "disaster", "flood", None)
    second = sight("banjir di Way Halim Permai Jaya", "disaster", "flood", None)
    decision = same_event(first, second, timedelta(minutes=6))
    assert not decision.same
    assert "no place in common" in decision.reasons


def test_it_merges_the_explosion_and_the_fire_of_one_kiosk() -> None:
    first = sight(
        "Kebakaran kios di Pasar Tugu, api besar", "fire", "building or vehicle fire", MARKET
    )
    second = sight("ada ledakan di pasar tugu", "fire", "explosion", NEARBY)
    assert same_event(first, second, timedelta(minutes=4)).same


def test_it_merges_a_person_electrocuted_with_the_line_that_fell() -> None:
    line = sight(
        "Kabel listrik putus jatuh ke genangan depan pasar", "infrastructure", "electricity", MARKET
    )
    person = sight(
        "ada orang kesetrum di genangan depan pasar", "medical", "medical emergency", NEARBY
    )
    decision = same_event(line, person, timedelta(minutes=5))
    assert decision.same
    assert any("electrocuted by the line" in reason for reason in decision.reasons)


def test_it_keeps_a_seizure_at_home_apart_from_a_crash_nearby_that_has_injured() -> None:
    crash = sight("Tabrakan motor di jalan, satu luka", "traffic_accident", "road accident", MARKET)
    seizure = sight("Anak kejang di rumah", "medical", "medical emergency", NEARBY)
    decision = same_event(crash, seizure, timedelta(minutes=15))
    assert not decision.same
    assert "neither named in the other" in decision.reasons[0]


def test_it_merges_a_victim_calling_back_from_the_police_post_by_the_place_named() -> None:
    robbery = sight(
        "Ado begal di jalan Pangkalan Benteng, korban cewek dipukul",
        "crime",
        "theft or robbery",
        MARKET,
    )
    police_post = (-5.3800, 105.2580)  # 4 km away
    victim = sight(
        "saya korban begal di pangkalan benteng tadi, saya skrg di Polsek",
        "crime",
        "theft or robbery",
        police_post,
    )
    decision = same_event(robbery, victim, timedelta(minutes=30))
    assert decision.same
    assert any(reason.startswith("called back from elsewhere") for reason in decision.reasons)


def test_it_merges_news_of_the_victims_from_the_hospital_by_the_place_named() -> None:
    crash = sight(
        "Tabrakan bus dan truk di Way Halim, banyak penumpang luka",
        "traffic_accident",
        "road accident",
        MARKET,
    )
    hospital = (-5.3800, 105.2580)  # 4 km away
    news = sight(
        "PL petugas IGD: korban tabrakan bus di Way Halim sudah dibawa ke sini, 9 orang",
        "traffic_accident",
        "road accident",
        hospital,
    )
    decision = same_event(crash, news, timedelta(minutes=50))
    assert decision.same
    assert any(reason.startswith("called back from elsewhere") for reason in decision.reasons)


def test_it_merges_smoke_a_passer_by_sees_on_one_side() -> None:
    text = "lagi di jalan, kelihatan asap hitam gede di sebelah timur, kayaknya gudang"
    other = sight(text, "fire", "building or vehicle fire", ROAD, region="18.71.02.1001")
    assert same_event(FIRE, other, timedelta(minutes=10)).same


def test_it_merges_the_one_who_phoned_earlier_calling_from_the_police_post() -> None:
    crash = sight(
        "Tabrakan truk sama mobil di Way Halim, sopir kejepit",
        "traffic_accident",
        "road accident",
        MARKET,
    )
    police_post = (-5.3800, 105.2580)  # 4 km away
    again = sight(
        "Pak, yang tadi telpon soal tabrakan di Way Halim, sekarang udah di pos polisi",
        "traffic_accident",
        "road accident",
        police_post,
    )
    decision = same_event(crash, again, timedelta(minutes=25))
    assert decision.same
    assert any(reason.startswith("called back from elsewhere") for reason in decision.reasons)


def test_it_keeps_a_far_caller_apart_when_no_place_name_is_shared() -> None:
    robbery = sight("Ado begal di jalan Pangkalan Benteng", "crime", "theft or robbery", MARKET)
    victim = sight("saya korban begal tadi di Kemiling", "crime", "theft or robbery", ROAD)
    assert not same_event(robbery, victim, timedelta(minutes=30)).same


def test_it_keeps_news_of_a_search_with_its_event_for_days() -> None:
    missing = sight(
        "Nelayan hilang di laut sejak kemarin, perahu tidak kembali ke Kuala Stabas",
        "rescue",
        "missing person",
        MARKET,
    )
    found = sight(
        "nelayan yg hilang dr kuala stabas sdh ketemu selamat",
        "rescue",
        "missing person",
        NEARBY,
    )
    assert same_event(missing, found, timedelta(days=2)).same


def test_it_merges_a_complaint_made_again_in_other_words() -> None:
    first = sight("Bau busuk dari TPA Talang Buluh makin parah", "environment", "pollution", MARKET)
    again = sight(
        "warga Talang Buluh kembali mengeluhkan sampah TPA, keluhan sama",
        "environment",
        "waste",
        NEARBY,
    )
    decision = same_event(first, again, timedelta(days=3))
    assert decision.same
    assert any("a complaint made again" in reason for reason in decision.reasons)


def test_it_merges_a_flood_and_the_flooded_street_some_blocks_away() -> None:
    flood = sight("banjir di depan stadion, air so sampe lutut", "disaster", "flood", MARKET)
    blocks_away = (-5.4170, 105.2652)  # ~800 m
    street = sight(
        "Genangan air 50 cm di jalan, saluran tersumbat",
        "infrastructure",
        "drainage",
        blocks_away,
    )
    assert same_event(flood, street, timedelta(minutes=30)).same


def test_it_hears_the_one_it_happened_to_calling_back() -> None:
    bitten = sight(
        "Ada orang digigit anjing gila di Lembasung, anjingnya masih berkeliaran",
        "medical",
        "medical emergency",
        MARKET,
    )
    from_the_road = (-5.4187, 105.2580)  # ~190 m
    again = sight(
        "sy yg digigit anjing tadi di lembasung, skrg mau ke puskesmas",
        "medical",
        "medical emergency",
        from_the_road,
    )
    assert same_event(bitten, again, timedelta(minutes=15)).same


def test_it_lets_callers_of_a_land_fire_stand_far_apart() -> None:
    fire = sight(
        "Kebakaran lahan di Muara Padang dekat kanal", "fire", "land or forest fire", MARKET
    )
    other_side = (-5.4170, 105.2652)  # ~800 m
    again = sight(
        "lahan terbakar di desa muara padang, api makin luas",
        "fire",
        "land or forest fire",
        other_side,
    )
    assert same_event(fire, again, timedelta(minutes=20)).same


def test_it_merges_a_begal_told_as_a_crash_and_as_a_crime_when_each_names_the_other() -> None:
    crash = sight(
        "Begal di jalan lintas, korban pengendara motor dibacok",
        "traffic_accident",
        "road accident",
        MARKET,
    )
    crime = sight(
        "saya korban begal tadi di jalan lintas, motor saya dirampas, tangan luka",
        "crime",
        "theft or robbery",
        NEARBY,
    )
    assert same_event(crash, crime, timedelta(minutes=20)).same


def test_it_keeps_a_lost_phone_apart_from_a_crash_outside() -> None:
    phone = sight("Hp saya hilang di angkot di Bitung Tengah", "crime", "theft or robbery", MARKET)
    crash = sight(
        "Ini saya lagi, ada tabrakan di depan saya, ada yang luka",
        "traffic_accident",
        "road accident",
        NEARBY,
    )
    decision = same_event(phone, crash, timedelta(minutes=60))
    assert not decision.same
    assert "not named in both" in decision.reasons[0]


def test_it_keeps_the_family_of_a_fisherman_lost_at_sea_with_the_search() -> None:
    missing = sight("nelayan melaut subuh tadi belum kembali", "rescue", "drowning", MARKET)
    family = sight("ini keluarga dari om frangky yang ilang di laut", "rescue", "drowning", NEARBY)
    assert same_event(missing, family, timedelta(hours=6)).same


def test_it_merges_smoke_a_visitor_sees_from_up_on_a_hill() -> None:
    text = "I'm up at Menara Siger and there is thick black smoke over the harbour"
    other = sight(text, "fire", "building or vehicle fire", ROAD, region="18.71.02.1001")
    decision = same_event(FIRE, other, timedelta(minutes=10))
    assert decision.same
    assert any(reason.startswith("seen from far") for reason in decision.reasons)


def test_it_keeps_two_patients_apart_when_the_callers_describe_different_people() -> None:
    woman = sight(
        "penumpang perempuan hamil pecah ketuban di terminal",
        "medical",
        "medical emergency",
        MARKET,
    )
    man = sight(
        "ada bapak tua pingsan di terminal dekat loket", "medical", "medical emergency", NEARBY
    )
    decision = same_event(woman, man, timedelta(minutes=10))
    assert not decision.same
    assert decision.reasons[-1] == "another person: the callers describe different people"
    same_woman = sight(
        "ada ibu hamil kesakitan di ruang tunggu terminal", "medical", "medical emergency", NEARBY
    )
    assert same_event(woman, same_woman, timedelta(minutes=10)).same
    # Whole words: "pria" in "Apriani" says nothing of who she is.
    named = sight("bu Apriani pecah ketuban di terminal", "medical", "medical emergency", NEARBY)
    assert same_event(woman, named, timedelta(minutes=10)).same
    # "bapak2" and "ibu2", as texted.
    texted = sight("bapak2 sesak napas pegang dada di terminal", "medical", "", NEARBY)
    assert not same_event(woman, texted, timedelta(minutes=10)).same


def test_it_shows_a_call_about_someone_at_sea_that_names_no_place_unmerged() -> None:
    boat = sight(
        "kapal nelayan bocor di tengah Teluk Lampung, tiga ABK", "rescue", "drowning", MARKET
    )
    family = sight("suami saya nelayan, kapal bocor di laut, 3 org", "rescue", "drowning", None)
    decision = same_event(boat, family, timedelta(minutes=15))
    # Shown to the call-taker and the desk with its reasons, never merged by triage:
    # an emergency whose place is not known may be a second one.
    assert not decision.same and decision.score >= 0.5
    assert "one of them says nothing of where: one search" in decision.reasons
    assert decision.reasons[-1] == "shown, not merged: the place is not known"
    # A caller who names another place is not "nowhere".
    other = replace(family, text="ada kapal bocor di selat sunda, 3 org")
    assert same_event(boat, other, timedelta(minutes=15)).score == 0.0
    # Nor does it tie other kinds of event an hour apart: two fallen trees, one unplaced.
    tree = sight("pohon tumbang di Jl. Pramuka", "disaster", "fallen tree", MARKET)
    nowhere = sight("ada pohon tumbang tutup jalan", "disaster", "fallen tree", None)
    assert not same_event(tree, nowhere, timedelta(minutes=60)).same


def test_it_keeps_a_house_the_flood_brought_down_on_someone_apart() -> None:
    flood = sight(
        "Banjir rob di Sungsang, air masuk rumah sampai lutut", "disaster", "flood", MARKET
    )
    text = "rumah panggung roboh kena banjir di Sungsang, nenek tertimpa papan"
    collapse = sight(text, "disaster", "flood", NEARBY)
    decision = same_event(flood, collapse, timedelta(minutes=35))
    assert not decision.same
    why = "a collapse or a victim its callers never spoke of: a rescue of its own"
    assert decision.reasons[-1] == why
    # Its callers spoke of the collapse already: the same event told again.
    told = replace(flood, text=flood.text + "; satu rumah ambruk")
    assert same_event(told, collapse, timedelta(minutes=35)).same
    # Rising water with no one struck is the flood's own news.
    rising = sight("air makin naik, sudah sepinggang di Sungsang", "disaster", "flood", NEARBY)
    assert same_event(flood, rising, timedelta(minutes=35)).same


def test_it_ties_a_call_that_names_no_place_minutes_after_in_alike_words() -> None:
    leak = sight(
        "kebocoran tabung gas di rumah makan padang sebelah lapangan", "fire", "gas leak", MARKET
    )
    text = "bau gas keras bgt dr rumah makan padang, org2 udh pd keluar"
    nowhere = sight(text, "fire", "gas leak", None)
    decision = same_event(leak, nowhere, timedelta(minutes=6))
    # An emergency: shown as a likely candidate's score, not merged.
    assert not decision.same and decision.score >= 0.5
    why = "one of them says nothing of where, minutes apart, in alike words"
    assert why in decision.reasons
    # An hour on, or naming a street of its own: no tie.
    assert same_event(leak, nowhere, timedelta(minutes=60)).score == 0.0
    # In other words, of the same kind: merged only into the only leak open.
    other_words = replace(nowhere, text="ada bau gas, tolong")
    kind_only = same_event(leak, other_words, timedelta(minutes=6))
    assert not kind_only.same and kind_only.lone
    street = replace(nowhere, text=text + " di jalan tanjung api api")
    assert same_event(leak, street, timedelta(minutes=6)).score == 0.0
    # A complaint made again with no place is merged: nothing is hidden by it.
    dark = sight("lampu jalan mati di Jl. Pramuka", "infrastructure", "street lights", MARKET)
    again = sight("lampu mati lagi, gelap", "infrastructure", "street lights", None)
    assert same_event(dark, again, timedelta(minutes=20)).same


def test_it_ties_a_driver_stuck_far_behind_a_crash_however_late() -> None:
    crash = sight(
        "Truk batu bara terguling di jalinsum, sopir kejepit di kabin",
        "traffic_accident",
        "road accident",
        MARKET,
    )
    # Nearly 3 km back in the queue, 35 minutes on, in words that share nothing.
    queue = (MARKET[0] + 0.026, MARKET[1])
    jam = sight("macet panjang arah kota, sejam nggak bisa lewat", "infrastructure", "roads", queue)
    decision = same_event(crash, jam, timedelta(minutes=35))
    assert decision.same
    assert any(reason.startswith("seen from far") for reason in decision.reasons)


def test_it_ties_people_cleared_away_to_the_emergency_they_cannot_see() -> None:
    leak = sight("Gas elpiji bocor di rumah makan, bau menyengat", "fire", "gas leak", MARKET)
    text = "Kok banyak orang dikeluarin dari rumah makan ya, ada petugas, jalannya ditutup"
    cleared = sight(text, "information", "", NEARBY)
    decision = same_event(leak, cleared, timedelta(minutes=4))
    assert decision.same
    assert "fire ~ information, named in both" in decision.reasons
    asking = replace(cleared, text="Kok banyak orang di rumah makan ya, ada apa")
    assert not same_event(leak, asking, timedelta(minutes=4)).same


def test_it_keeps_someone_in_the_water_apart_from_a_fire_on_the_same_jetty() -> None:
    fallen = sight(
        "buruh jatuh ke laut di dermaga pelabuhan, belum muncul", "rescue", "drowning", MARKET
    )
    engine = sight(
        "ada asap dari kamar mesin kapal yang sandar, so ada api",
        "fire",
        "building or vehicle fire",
        NEARBY,
    )
    decision = same_event(fallen, engine, timedelta(minutes=20))
    assert not decision.same
    assert decision.reasons[0].endswith("neither named in the other")
    # The fire's caller speaks of the man in the water: one event.
    jumped = sight(
        "kapal terbakar di dermaga, ada orang tenggelam lompat ke laut",
        "fire",
        "building or vehicle fire",
        NEARBY,
    )
    assert same_event(fallen, jumped, timedelta(minutes=20)).same


def test_it_keeps_apart_what_an_event_left_behind() -> None:
    flood = sight("banjir bandang di Kuripan, warga mengungsi", "disaster", "flood", MARKET)
    text = "akibat banjir semalam jembatan kecil penghubung RT 03 ambrol, warga tdk bisa lewat"
    bridge = sight(text, "disaster", "flood", NEARBY)
    decision = same_event(flood, bridge, timedelta(hours=15))
    assert not decision.same
    assert decision.reasons == ("what the event left behind, of another kind: a job of its own",)
    # The water in a house "because of the flood" is the flood itself.
    house = sight("rumah kami terendam akibat banjir, air sepinggang", "disaster", "flood", NEARBY)
    assert same_event(flood, house, timedelta(hours=1)).same


def test_it_keeps_apart_two_people_stranded_in_one_flood() -> None:
    text = "rob naik, nenek saya sendirian di rumah panggung, air sedada, dia nggak bisa jalan"
    grandmother = sight(text, "disaster", "flood", MARKET)
    text = "kluarga 5 org naik ke atap rmh, air rob trs naik, ada bayi, tlg perahu"
    family = sight(text, "disaster", "flood", NEARBY)
    decision = same_event(grandmother, family, timedelta(minutes=8))
    assert not decision.same
    assert decision.reasons[-1] == "another person: the callers describe different people"
    # Two callers about the same grandmother are one rescue.
    text = "tolong nenek di rumah panggung gak bisa keluar, air udah sedada"
    assert same_event(
        grandmother, sight(text, "disaster", "flood", NEARBY), timedelta(minutes=8)
    ).same


def test_it_ties_reports_that_name_one_village_without_being_placed() -> None:
    village = frozenset({"village:Sindang Sari"})
    text = "tlg sy dipukuli suami, dia bw pisau, sindang sari rt 03"
    victim = sight(text, "crime", "violence", None, named_places=village)
    text = "tetangga ribut, perempuannya jerit minta tolong, lakinya mabok. Sindang Sari"
    neighbour = sight(text, "crime", "violence", None, named_places=village)
    decision = same_event(victim, neighbour, timedelta(minutes=6))
    assert decision.same
    assert "the same place named: Sindang Sari" in decision.reasons
    elsewhere = replace(neighbour, named_places=frozenset({"village:Sukabumi"}))
    assert not same_event(victim, elsewhere, timedelta(minutes=6)).same


def test_it_keeps_apart_a_feverish_baby_and_a_mother_in_labour_next_door() -> None:
    baby = sight(
        "Bayi saya panas tinggi, lemas tidak mau minum", "medical", "medical emergency", MARKET
    )
    text = "istri sy hamil 9 bln pecah ketuban di rmh, tlg ambulans"
    labour = sight(text, "medical", "medical emergency", NEARBY)
    decision = same_event(baby, labour, timedelta(minutes=20))
    assert not decision.same
    assert decision.reasons[-1] == "another person: the callers describe different people"
    # The mother in labour and her baby not yet born are one patient.
    text = "tolong istri saya mau melahirkan, ketuban pecah, bayinya belum keluar"
    again = sight(text, "medical", "medical emergency", NEARBY)
    assert same_event(labour, again, timedelta(minutes=5)).same


def test_it_tells_people_apart_by_the_age_the_callers_give() -> None:
    text = "Bapak saya tiba-tiba bicaranya pelo, tangan kanan lemes, umur 68"
    father = sight(text, "medical", "medical emergency", MARKET)
    text = "anak sy 2 th kejang2 demam tinggi, cepet"
    child = sight(text, "medical", "medical emergency", NEARBY)
    decision = same_event(father, child, timedelta(minutes=30))
    assert not decision.same
    assert decision.reasons[-1] == "another person: the callers describe different people"
    # Eight months pregnant is no baby of eight months.
    text = "istri sy hamil 8 bulan perdarahan, hamil tua, tlg ambulans"
    mother = sight(text, "medical", "medical emergency", MARKET)
    text = "ibu hamil 8 bln pendarahan banyak di rumah"
    assert same_event(
        mother, sight(text, "medical", "medical emergency", NEARBY), timedelta(minutes=5)
    ).same


def test_it_hears_whose_child_or_father_a_caller_speaks_of() -> None:
    text = "tolong anak saya kejang di rumah, Gg. Melati"
    child = sight(text, "medical", "medical emergency", MARKET)
    text = "ayah saya sesak napas berat di rumah"
    father = sight(text, "medical", "medical emergency", NEARBY)
    assert not same_event(child, father, timedelta(minutes=30)).same


def test_it_keeps_a_birth_and_its_baby_together() -> None:
    text = "istri saya mau melahirkan di speedboat, ketubannya sudah pecah"
    labour = sight(text, "medical", "medical emergency", MARKET)
    text = "bayi sudah lahir di perahu, ibunya pendarahan, siapkan bidan di dermaga"
    born = sight(text, "medical", "medical emergency", NEARBY)
    assert same_event(labour, born, timedelta(minutes=15)).same


def test_it_ties_an_earlier_caller_who_says_nothing_of_where() -> None:
    text = "ada ular sanca gede masuk kandang ayam di rumah saya, Sumber Agung Kemiling"
    snake = sight(text, "rescue", "dangerous animal", MARKET)
    text = "Pak ularnya skrg naik ke plafon dapur, tolong cpt ya, sy istrinya yg td nelpon."
    again = sight(text, "rescue", "dangerous animal", None, region="")
    decision = same_event(snake, again, timedelta(minutes=16))
    assert decision.same
    assert "the earlier caller, calling again from elsewhere in the area" in decision.reasons


def test_it_hears_a_caller_still_waiting_for_the_help_sent() -> None:
    text = "Ibu saya pingsan di kamar mandi, Desa Limau, tolong ambulans"
    fainted = sight(text, "medical", "medical emergency", MARKET)
    text = "sdh 25 mnt ambulan blm sampe, ibu skrg ga sadar, napasnya ngorok"
    waiting = sight(text, "medical", "medical emergency", NEARBY)
    decision = same_event(fainted, waiting, timedelta(minutes=25))
    assert decision.same


def test_it_hears_smoke_seen_as_a_column_from_afar() -> None:
    text = "2 rumah panggung kayu terbakar di Desa Hurun, api merembet ke rumah ketiga"
    fire = sight(text, "fire", "building or vehicle fire", MARKET, region="18.09.01.2001")
    text = "There is a big column of black smoke behind the hill to the west"
    smoke = sight(text, "fire", "building or vehicle fire", ROAD, region="18.09.01.2002")
    decision = same_event(fire, smoke, timedelta(minutes=11))
    assert decision.same
    assert any(r.startswith("seen from far") for r in decision.reasons)


def test_it_ties_a_caller_calling_back_from_elsewhere_by_the_village_both_name() -> None:
    village = frozenset({"village:Air Batu"})
    text = "tabrakan motor lawan pikap di jalan lintas Air Batu, satu korban patah kaki"
    crash = sight(text, "traffic_accident", "road accident", MARKET, named_places=village)
    text = "sy yg tadi lapor laka di Air Batu, korban sdh dibawa warga ke puskesmas, minta ambulans"
    back = sight(text, "traffic_accident", "road accident", ROAD, named_places=village)
    decision = same_event(crash, back, timedelta(minutes=40))
    assert decision.same
    assert "called back from elsewhere; the same place named: Air Batu" in decision.reasons


def test_it_reads_orang_tua_as_parents_not_an_old_person() -> None:
    text = "banjir, di rumah kami ada nenek lumpuh nggak bisa keluar, air sepinggang"
    grandmother = sight(text, "disaster", "flood", MARKET)
    text = "3 anak kecil terjebak di loteng rumah kayu, orang tua tidak ada di rumah"
    children = sight(text, "rescue", "trapped people", NEARBY)
    decision = same_event(grandmother, children, timedelta(minutes=10))
    assert not decision.same
    assert decision.reasons[-1] == "another person: the callers describe different people"


def test_it_tells_two_crashes_apart_by_what_crashed() -> None:
    bike = sight(
        "Motor nabrak pejalan kaki di depan pasar, korbannya ibu-ibu, kepalanya berdarah",
        "traffic_accident",
        "road accident",
        MARKET,
    )
    cars = sight(
        "tabrakan beruntun 3 mobil dekat pasar, gak ada yg luka cuma macet panjang",
        "traffic_accident",
        "road accident",
        NEARBY,
    )
    decision = same_event(bike, cars, timedelta(minutes=12))
    assert not decision.same
    assert decision.reasons[-1] == "another crash: the callers describe different vehicles"
    # The same crash in other words: a motorbike on both sides ("R2").
    other_words = sight(
        "PL melaporkan laka R2 vs pejalan kaki depan pasar, korban 1 org luka kepala",
        "traffic_accident",
        "road accident",
        NEARBY,
    )
    assert same_event(bike, other_words, timedelta(minutes=12)).same
    # A driver stuck in the jam behind the crash names their own car.
    jam = sight(
        "macet total dekat pasar, mobil kami gak gerak 20 menit, ada apa di depan?",
        "traffic_accident",
        "road accident",
        NEARBY,
    )
    assert same_event(bike, jam, timedelta(minutes=12)).same


def test_it_merges_a_caller_who_says_nothing_of_where_into_the_only_fire_open() -> None:
    warehouse = sight(
        "Gudang di belakang Stasiun Tanjung Karang kebakaran, asapnya masuk ke rel",
        "fire",
        "building or vehicle fire",
        MARKET,
    )
    panicked = sight(
        "pak cepat pak ada gudang kebakaran gede, apinya udah keluar dari atap!!",
        "fire",
        "building or vehicle fire",
        None,
    )
    decision = same_event(warehouse, panicked, timedelta(minutes=3))
    assert not decision.same and decision.lone
    assert "one of them says nothing of where, minutes apart, of the same kind" in decision.reasons
    # The only fire open: merged, and the reason asks for the place.
    assert lone_candidate(panicked, [(warehouse, decision)]) == 0
    merged = merged_alone(decision)
    assert merged.same
    assert merged.reasons[-1] == (
        "merged: the only open incident of its kind, confirm the place with the caller"
    )
    assert "shown, not merged: the place is not known" not in merged.reasons
    # Two fires open: nothing tells which, so neither.
    house = replace(warehouse, text="kebakaran rumah di Way Halim", lat=-5.38, lon=105.28)
    other = same_event(house, panicked, timedelta(minutes=8))
    assert lone_candidate(panicked, [(warehouse, decision), (house, other)]) is None
    # An hour later the fire is no longer "minutes apart".
    assert not same_event(warehouse, panicked, timedelta(minutes=60)).lone


def test_it_keeps_a_rumour_of_a_fire_elsewhere_apart_from_the_fire_open() -> None:
    house = sight(
        "Kebakaran rumah di Girian Indah, api so besar", "fire", "building or vehicle fire", MARKET
    )
    rumour = sight(
        "apa benar ada kebakaran besar di pasar? sodara sy jualan di sana",
        "fire",
        "building or vehicle fire",
        None,
    )
    decision = same_event(house, rumour, timedelta(minutes=10))
    assert not decision.same and not decision.lone
    elsewhere = replace(rumour, text="ada kebakaran besar di pasar", elsewhere=True)
    assert not same_event(house, elsewhere, timedelta(minutes=10)).lone
    # Of another topic, an unplaced caller is no rival and no candidate.
    land = sight("ilalang terbakar di pinggir jalan", "fire", "land or forest fire", None)
    assert not same_event(house, land, timedelta(minutes=10)).lone


def test_it_merges_an_unplaced_patient_into_the_only_one_open_only_when_one_person() -> None:
    birth = sight(
        "PL bidan desa Pintukota: ibu hamil 8 bulan perdarahan, butuh rujukan segera",
        "medical",
        "medical emergency",
        MARKET,
    )
    husband = sight("tlg ambulans laut, istri sy berdarah bnyk, hamil tua", "medical", "", None)
    husband = replace(husband, topic="medical emergency")
    assert same_event(birth, husband, timedelta(minutes=10)).lone
    # A man fainted at the roadside is another patient, even with one open.
    fainted = replace(husband, text="Ada orang pingsan di pinggir jalan, tidak sadar, tolong")
    assert not same_event(birth, fainted, timedelta(minutes=10)).lone
    # The husband asking after the ambulance speaks of the patient already reported.
    waiting = replace(husband, text="Pak ambulansnya mana?? istri saya makin lemes, tolong cepat")
    assert same_event(birth, waiting, timedelta(minutes=10)).lone
    # A call that opens on someone already spoken of.
    again = replace(husband, text="dia udah ga sadar, mulutnya berbusa, tolongg")
    assert same_event(birth, again, timedelta(minutes=10)).lone
    # A man raging with a machete, told by his wife's neighbour and another caller.
    rage = sight(
        "ada laki-laki mengamuk membawa parang di rumah tetangganya, ancam istrinya",
        "crime",
        "violence",
        MARKET,
    )
    fled = sight("pak tlg org ngamuk bw parang ancam bini nya, cpt dtg", "crime", "violence", None)
    assert same_event(rage, fled, timedelta(minutes=3)).lone
    robbed = replace(fled, text="tolong hp saya dijambret orang, cepat")
    assert not same_event(rage, robbed, timedelta(minutes=3)).lone


def test_it_merges_an_unplaced_crash_of_the_same_road_users_into_the_only_one_open() -> None:
    crash = sight(
        "tabrakan truk kontainer sama motor di jalan masuk pelabuhan, pengendara tergeletak",
        "traffic_accident",
        "road accident",
        MARKET,
    )
    hit = sight("ada org ditabrak truk kontainer, tlg ambulans", "traffic_accident", "", None)
    hit = replace(hit, topic="road accident")
    assert same_event(crash, hit, timedelta(minutes=5)).lone
    # A bus in a ditch is another crash, even with one open.
    bus = replace(hit, text="bus masuk parit, penumpang luka, tolong")
    assert not same_event(crash, bus, timedelta(minutes=5)).lone


def test_it_keeps_a_caller_calling_again_about_a_neighbour_apart() -> None:
    snake = sight(
        "Ada ulo gede mlebu pawon rumah saya di Kumeresot, anak-anak takut, tolong damkar",
        "rescue",
        "dangerous animal",
        MARKET,
    )
    text = (
        "Pak saya yang tadi soal ular, ularnya udah ditangkap, tapi sekarang anak tetangga"
        " kejang-kejang panas tinggi, tolong ambulans"
    )
    neighbour = sight(text, "medical", "medical emergency", NEARBY)
    decision = same_event(snake, neighbour, timedelta(minutes=90))
    assert decision.reasons == ("the caller reported before and now names something else",)
    # Someone the event hurt is the event's: the smoke of the fire reported.
    fire = sight(
        "kebakaran rumah di Kumeresot, api besar", "fire", "building or vehicle fire", MARKET
    )
    smoke = sight(
        "saya yang tadi lapor kebakaran, sekarang tetangga saya pingsan kena asap",
        "fire",
        "building or vehicle fire",
        NEARBY,
    )
    assert same_event(fire, smoke, timedelta(minutes=15)).same
    # Someone the caller comes upon where they went since: another patient.
    crash = sight(
        "tabrakan motor vs bentor di jalan Diponegoro, korban luka ringan",
        "traffic_accident",
        "road accident",
        MARKET,
    )
    text = "saya yang tadi lapor tabrakan, sekarang saya di pasar, ada ibu-ibu kejang di jalan"
    upon = sight(text, "traffic_accident", "road accident", NEARBY)
    decision = same_event(crash, upon, timedelta(minutes=50))
    assert decision.reasons == ("the caller reported before and now names something else",)


def test_it_keeps_a_landslide_that_happened_again_hours_later_apart() -> None:
    first = sight(
        "Tanah longsor di belakang rumah warga dekat Masjid Al-Fajar Tandurusa, tidak ada korban",
        "disaster",
        "landslide",
        MARKET,
    )
    again = sight(
        "Longsor lagi di Tandurusa dekat masjid Al-Fajar! satu rumah tatimbun",
        "disaster",
        "landslide",
        NEARBY,
    )
    decision = same_event(first, again, timedelta(hours=9))
    assert decision.reasons == (
        "same kind: landslide",
        "it happened again, hours later: a new event",
    )
    # Minutes later it is the same slide going on; "lagi naik" is the water rising now.
    assert same_event(first, again, timedelta(minutes=20)).same
    flood = sight("banjir di Tandurusa, air masuk rumah", "disaster", "flood", MARKET)
    rising = sight(
        "air banjir lagi naik di Tandurusa, sudah sepinggang", "disaster", "flood", NEARBY
    )
    assert same_event(flood, rising, timedelta(hours=4)).same
    # It went down and came back: another flood.
    back = sight("tadi pagi sdh surut, skrg air naik lg di Tandurusa", "disaster", "flood", NEARBY)
    assert same_event(flood, back, timedelta(hours=10)).reasons[-1] == (
        "it happened again, hours later: a new event"
    )


def test_it_reaches_further_for_a_caller_waiting_to_show_the_crew_the_way() -> None:
    fire = sight(
        "tulung omah tonggoku kobong, gang Mangga Langkapura",
        "fire",
        "building or vehicle fire",
        MARKET,
    )
    # About 700 m away, on the main road: beyond a fire's reach but for the wait.
    road = (MARKET[0] - 0.0050, MARKET[1] + 0.0040)
    waiting = sight(
        "Aku wis metu nang dalan gede, nunggu damkar ning ngarep Indomaret",
        "fire",
        "building or vehicle fire",
        road,
    )
    assert same_event(fire, waiting, timedelta(minutes=8)).same
    standing = replace(waiting, text="Aku ning dalan gede, ngarep Indomaret, ana geni")
    assert not same_event(fire, standing, timedelta(minutes=8)).same


def test_it_ties_one_birth_whose_mother_is_brought_across_the_area() -> None:
    labour = sight(
        "Istri saya mau melahirkan, ketuban pecah, kami naik perahu ke puskesmas",
        "medical",
        "medical emergency",
        MARKET,
    )
    arrived = sight(
        "kami sudah sampai dekat puskesmas, kepala bayi sudah kelihatan, tolong jemput",
        "medical",
        "medical emergency",
        (MARKET[0] - 0.08, MARKET[1]),  # ~9 km on
    )
    decision = same_event(labour, arrived, timedelta(minutes=20))
    assert decision.same
    assert decision.reasons[1] == "one birth, on its way to care: the mother is being brought"
    # Two mothers at home, each in her village, are two births.
    home = replace(arrived, text="istri saya hamil 9 bulan pendarahan di rumah, minta ambulans")
    at_home = replace(labour, text="PL melaporkan istrinya mau melahirkan di rumah")
    assert not same_event(at_home, home, timedelta(minutes=20)).same


def test_it_reads_a_follow_up_filed_as_a_question_as_the_rules_read_it() -> None:
    snake = sight(
        "ada ular kobra gede masuk kamar anak saya, ngumpet di bawah lemari",
        "rescue",
        "dangerous animal",
        None,
        region="",
    )
    text = "ularnya skrg pindah ke bawah kasur pak, kapan damkar dateng?"
    asked = sight(text, "information", "", None, region="", rules_category="rescue")
    decision = same_event(snake, asked, timedelta(minutes=15))
    # Shown with the snake's incident, merged when it is the only one open.
    assert decision.lone
    assert "same kind: dangerous animal; as the rules read them" in decision.reasons


def test_it_hears_the_brawl_of_before_as_the_incidents() -> None:
    brawl = sight(
        "perkelahian kelompok pemuda bawa celurit di Jl. Hayam Wuruk dekat Pasar Tugu",
        "crime",
        "violence",
        MARKET,
    )
    text = "pak tolong cepet, yg tawuran tadi masih lanjut, skrg ada yg bawa parang"
    again = sight(text, "crime", "violence", None, region="")
    assert same_event(brawl, again, timedelta(minutes=9)).lone
    # A fight with nothing that points back to the first is another one, maybe.
    other = sight("ada tawuran pemuda, rame", "crime", "violence", None, region="")
    assert not same_event(brawl, other, timedelta(minutes=9)).lone


def test_it_opens_a_patient_of_their_own_for_a_responder_hurt_at_the_scene() -> None:
    text = "Danru damkar di lokasi kebakaran minta ambulans: satu anggota jatuh dari atap gudang"
    hurt = sight(text, "fire", "building or vehicle fire", NEARBY)
    decision = same_event(FIRE, hurt, timedelta(minutes=50))
    assert not decision.same
    assert decision.reasons == (
        "a responder hurt at the scene: a patient of their own, linked to the incident",
    )
    # The crew at work is no patient.
    working = sight(
        "petugas damkar sudah di lokasi pasar tugu, api mulai padam",
        "fire",
        "building or vehicle fire",
        NEARBY,
    )
    assert same_event(FIRE, working, timedelta(minutes=20)).same


def test_it_hears_someone_else_stranded_there_too_as_another_rescue() -> None:
    flood = sight(
        "rumah kami di desa Purwodadi kebanjiran, mbah lumpuh ora iso metu",
        "disaster",
        "flood",
        None,
    )
    text = "di Purwodadi juga, keluarga pak Darmo 5 org kejebak di loteng, air sdh sedada"
    also = sight(text, "disaster", "flood", None)
    decision = same_event(
        flood, replace(also, place="village:16.07.01.2001"), timedelta(minutes=15)
    )
    assert decision.reasons[-1] == "another person: the caller says there is one more"


def test_it_keeps_apart_thefts_of_different_things() -> None:
    house = sight(
        "Rumah kami dibobol maling, TV dan laptop hilang", "crime", "theft or robbery", MARKET
    )
    yard = sight("motor sy ilang di depan rumah, baru aja", "crime", "theft or robbery", NEARBY)
    decision = same_event(house, yard, timedelta(minutes=60))
    assert decision.reasons[-1] == "another theft: the callers say different things were taken"
    # The bag the victim names, and the witness ("tasnya ditarik"), are one.
    bag = sight("HP deng dompet ilang, tas dirampas", "crime", "theft or robbery", MARKET)
    seen = sight("ibu-ibu ditarik tasnya, pelaku naik motor", "crime", "theft or robbery", NEARBY)
    assert same_event(bag, seen, timedelta(minutes=3)).same


def test_it_meets_points_a_little_beyond_the_reach_minutes_apart() -> None:
    # ~530 m apart along one street: beyond a fire's 500 m, within a quarter more.
    beyond = (-5.4122, 105.2580)
    other = sight("rumah terbakar, asap tebal", "fire", "building or vehicle fire", beyond)
    decision = same_event(FIRE, other, timedelta(minutes=5))
    assert decision.same
    assert any("just beyond 500 m" in reason for reason in decision.reasons)
    # An hour later, or further still, they do not.
    assert not same_event(FIRE, other, timedelta(minutes=60)).same
    farther = replace(other, lat=-5.4090)
    assert not same_event(FIRE, farther, timedelta(minutes=5)).same


def test_it_hears_one_deed_told_in_other_words_by_a_caller_saying_nowhere() -> None:
    brawl = sight(
        "ada tawuran anak sma bawa celurit, tlg polisi", "crime", "violence", None, region=""
    )
    text = "PL melaporkan pelajar saling bacok pakai sajam, pelapor tdk sebut lokasi"
    blade = sight(text, "crime", "violence", None, region="")
    assert same_event(brawl, blade, timedelta(minutes=3)).lone
    fists = sight("PL melaporkan pelajar berkelahi", "crime", "violence", None, region="")
    assert not same_event(brawl, fists, timedelta(minutes=3)).lone


def test_it_hears_a_stab_wound_as_the_fights_patient() -> None:
    fight = sight(
        "anak2 SMA tawuran di jl sultan agung dkt transmart, bawa celurit",
        "crime",
        "violence",
        MARKET,
    )
    text = "PL minta ambulans, ada pelajar luka bacok di lengan, terkapar di trotoar"
    wounded = sight(text, "medical", "medical emergency", NEARBY)
    decision = same_event(fight, wounded, timedelta(minutes=10))
    assert decision.same
    assert decision.reasons[0] == "crime ~ medical"
    fainted = replace(wounded, text="PL minta ambulans, ada pelajar pingsan di trotoar")
    assert not same_event(fight, fainted, timedelta(minutes=10)).same
    # A drunken scuffle is public order, its stabbed patient still its victim.
    scuffle = replace(fight, category="public_order", topic="public order")
    assert same_event(scuffle, wounded, timedelta(minutes=10)).same


def test_it_reaches_downstream_for_news_of_someone_carried_off() -> None:
    swept = sight(
        "anak sy hanyut di way sekampung dkt jembatan rejomulyo, baju merah",
        "rescue",
        "drowning",
        MARKET,
    )
    # ~6.7 km down the river, the father who reported it.
    downstream = (MARKET[0] - 0.060, MARKET[1])
    text = (
        "Saya bapaknya yang tadi lapor anak hanyut. Sekarang saya nyisir sungai sampai Buana Sakti"
    )
    news = sight(text, "rescue", "drowning", downstream)
    assert same_event(swept, news, timedelta(minutes=50)).same
    assert search_radius_m(news) >= 6700


def test_it_ties_a_call_that_names_no_place_telling_the_same_complaint() -> None:
    # A man fainted at the mosque after Friday prayer, then a caller who names no
    # mosque: both say he is unconscious, and no other patient is open.
    text = "PL melaporkan pria lansia tidak sadarkan diri di Masjid Agung usai salat Jumat"
    mosque = sight(text, "medical", "medical emergency", MARKET)
    text = "tolong ambulan, bapak-bapak pingsan habis jumatan, ga bangun2"
    fainted = sight(text, "medical", "medical emergency", None)
    decision = same_event(mosque, fainted, timedelta(minutes=3))
    assert decision.lone and not decision.same
    assert "one of them says nothing of where, minutes apart, of the same kind" in decision.reasons
    # Another complaint is another patient, maybe.
    text = "tolong ambulan, bapak-bapak sesak napas habis jumatan"
    breathless = sight(text, "medical", "medical emergency", None)
    assert not same_event(mosque, breathless, timedelta(minutes=3)).lone


def test_it_keeps_apart_a_patient_of_the_caller_s_own_stuck_in_the_jam() -> None:
    crash = sight("bus terguling di jalan lintas, macet total", "traffic_accident", "", MARKET)
    text = "kami kejebak macet di jalan lintas, bapak saya tiba-tiba nyeri dada"
    father = sight(text, "medical", "medical emergency", NEARBY)
    decision = same_event(crash, father, timedelta(minutes=20))
    assert not decision.same
    assert (
        decision.reasons[-1] == "a patient of the caller's own, stuck in the jam behind the crash"
    )
    # A driver in the jam telling of the crash's victim is the crash's caller.
    text = "kami kejebak macet di jalan lintas, ada korban bus tergeletak pingsan"
    victim = sight(text, "medical", "medical emergency", NEARBY)
    assert same_event(crash, victim, timedelta(minutes=20)).same


def test_it_tells_two_missing_children_apart_by_who_they_are() -> None:
    text = "anak saya hilang di pasar, laki-laki umur 10 tahun, seragam SD"
    boy = sight(text, "rescue", "missing person", MARKET)
    text = "ada anak kecil lost di pasar, perempuan sekitar 4 tahun baju pink"
    girl = sight(text, "rescue", "missing person", NEARBY)
    decision = same_event(boy, girl, timedelta(minutes=30))
    assert not decision.same
    assert decision.reasons[-1] == "another person: the callers describe different people"
    # The parent's news of the one found, with whom they were found, is the same.
    text = "saya yang tadi lapor anak hilang, sudah ketemu di rumah neneknya"
    found = sight(text, "rescue", "missing person", NEARBY)
    assert same_event(boy, found, timedelta(hours=2)).same


def test_it_ties_a_brawl_reported_as_a_disturbance_to_the_violence_it_came_to() -> None:
    text = "ada keributan anak2 muda di taman, saling dorong, rame bgt"
    brawl = sight(text, "public_order", "", MARKET)
    text = "tawuran pelajar di taman, satu anak kena bacok"
    stabbed = sight(text, "crime", "violence", NEARBY)
    assert same_event(brawl, stabbed, timedelta(minutes=15)).same
    # Music too loud is no fight.
    noise = sight("musik organ tunggal keras banget di taman", "public_order", "", MARKET)
    assert not same_event(noise, stabbed, timedelta(minutes=15)).same


def test_it_ties_a_call_naming_no_place_whose_topic_was_not_read_to_one_of_its_kind() -> None:
    text = "Ada laki-laki mengamuk bawa parang di jalan, kejar-kejar orang, baju hitam"
    first = sight(text, "crime", "violence", None, region="")
    text = "org gila baju hitm pegang parang so lukai 1 org, tlg polisi"
    second = sight(text, "crime", "", None, region="")
    decision = same_event(first, second, timedelta(minutes=5))
    assert "one of them says nothing of where, minutes apart, of the same kind" in decision.reasons
    assert decision.lone


def test_it_ties_two_calls_of_one_category_no_rule_gave_a_topic_when_one_names_no_place() -> None:
    first = sight("Penelpon diam, terdengar suara TV, telp terputus.", "other", "", MARKET)
    again = sight("Telp ulang dr nomor yg sama, penelpon tdk bicara, diputus", "other", "", None)
    decision = same_event(first, again, timedelta(minutes=5))
    assert "one of them says nothing of where, minutes apart, of the same kind" in decision.reasons


def test_it_ties_an_outage_with_a_bang_to_the_fire_on_the_pole() -> None:
    text = "listrik mati sekampung, td ada bunyi dor dr trafo dkt sd, skrg keluar api"
    outage = sight(text, "infrastructure", "electricity", MARKET)
    text = "Kebakaran di tiang listrik depan SD, apinya nyambar ke pohon"
    pole = sight(text, "fire", "building or vehicle fire", NEARBY)
    assert same_event(outage, pole, timedelta(minutes=10)).same
    # The line a house fire brought down, told after it, is PLN's own job.
    text = "habis kebakaran tadi tiang listrik miring, kabelnya putus gelantungan"
    after = sight(text, "infrastructure", "electricity", NEARBY)
    house = sight("kebakaran rumah dekat gardu listrik", "fire", "building or vehicle fire", MARKET)
    assert not same_event(house, after, timedelta(minutes=40)).same


def test_it_tells_two_patients_apart_by_what_they_do() -> None:
    text = "buruh pelabuhan jatuh dari tangga kapal di dermaga, kakinya patah"
    worker = sight(text, "medical", "medical emergency", MARKET)
    text = "sopir truk yang antre di pelabuhan pingsan di kabin, tadi pegang dada"
    driver = sight(text, "medical", "medical emergency", NEARBY)
    decision = same_event(worker, driver, timedelta(minutes=15))
    assert not decision.same
    assert decision.reasons[-1] == "another person: the callers describe different people"
    # Told by what he does once, and not at all the other time: the same man.
    text = "bapak2 di dermaga jatuh dari tangga, kakinya bengkok, tlg ambulans"
    fallen = sight(text, "medical", "medical emergency", NEARBY)
    assert same_event(worker, fallen, timedelta(minutes=5)).same


def test_it_tells_two_stolen_motorbikes_apart_by_their_model() -> None:
    text = "motor sy dicuri di depan rmh, vario merah, tdi jam 2 mlm"
    vario = sight(text, "crime", "theft or robbery", MARKET)
    # A theft the reader gave no topic is still a theft.
    text = "Pak motor beat hitam kita pe tetangga ilang dari teras tadi malam"
    beat = sight(text, "crime", "", MARKET)
    decision = same_event(vario, beat, timedelta(hours=3))
    assert not decision.same
    text = "vario merah yg dicuri td mlm udh ketemu di kebun blkg"
    found = sight(text, "crime", "theft or robbery", NEARBY)
    assert same_event(vario, found, timedelta(hours=3)).same


def test_it_ties_two_calls_naming_no_place_by_the_same_name_they_say() -> None:
    text = "Tolong bus Putra Remaja jurusan Jakarta terjun ke jurang di tikungan, byk luka"
    bus = sight(text, "traffic_accident", "road accident", None, region="")
    text = "Pak saya penumpang bus Putra Remaja yang jatuh ke jurang, kami sudah keluar"
    passenger = sight(text, "rescue", "trapped people", None, region="")
    names = frozenset({"putra"})
    decision = same_event(
        replace(bus, names=names), replace(passenger, names=names), timedelta(minutes=10)
    )
    assert decision.same
    assert "the same words in both: putra" in decision.reasons
    # Without a name in common, they are two crashes as far as anyone can tell.
    assert not same_event(bus, passenger, timedelta(minutes=10)).same


def test_it_keeps_apart_two_streets_placed_at_one_town_s_centre() -> None:
    centre = {"approximate": True, "place": "regency:Kota Metro", "region": "18.72"}
    text = "lampu jln di jl. hasanudin metro mati"
    one = sight(text, "infrastructure", "street lights and traffic signals", MARKET, **centre)
    text = "pju di jl imam bonjol metro mati 1 minggu"
    other = sight(text, "infrastructure", "street lights and traffic signals", MARKET, **centre)
    decision = same_event(one, other, timedelta(hours=11))
    assert not decision.same
    assert decision.reasons[-1] == "each names another street"
    text = "lampu jalan jl hasanudin metro masih mati"
    again = sight(text, "infrastructure", "street lights and traffic signals", MARKET, **centre)
    assert same_event(one, again, timedelta(hours=11)).same


def test_it_keeps_apart_a_patient_whose_caller_says_no_one_hit_them() -> None:
    crash = sight(
        "motor tabrakan di bundaran, 2 motor", "traffic_accident", "road accident", MARKET
    )
    text = "ada ibu2 kejang2 di trotoar deket bundaran, gak ada yg nabrak, tiba2 jatuh sendiri"
    # The reader took "nabrak" for a crash: what the caller says decides.
    patient = sight(text, "traffic_accident", "road accident", NEARBY)
    decision = same_event(crash, patient, timedelta(minutes=10))
    assert decision.reasons == ("the patient's caller says no one hit them: not the crash",)
    text = "pengendara motor yg tabrakan di bundaran kejang2, tlg ambulans"
    victim = sight(text, "medical", "medical emergency", NEARBY)
    assert same_event(crash, victim, timedelta(minutes=10)).same


def test_it_does_not_draw_a_placed_report_into_an_unplaced_incident_by_a_word() -> None:
    unplaced = sight("Kebakaran dapur, tolong cepat", "fire", "building or vehicle fire", None)
    placed = sight("Kebakaran dapur di rumah", "fire", "building or vehicle fire", MARKET)
    words = frozenset({"dapur"})
    decision = same_event(
        replace(unplaced, names=words, region=""),
        replace(placed, names=words),
        timedelta(minutes=10),
    )
    assert "the same words in both: dapur" not in decision.reasons
    # The other way round, the caller who says nothing of where may be the fire's.
    decision = same_event(
        replace(placed, names=words),
        replace(unplaced, names=words, region=""),
        timedelta(minutes=10),
    )
    assert "the same words in both: dapur" in decision.reasons
