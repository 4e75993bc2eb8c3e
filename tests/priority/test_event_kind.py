"""priority.event_kind: whether two reports are of one kind of event."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from priority.same_event import same_event
from tests.priority.test_same_event import sight

DOCK = (-5.8689, 105.7529)
DOCK_NEARBY = (-5.8692, 105.7530)  # ~35 m away
SHOPS = (-5.4220, 105.2653)
UPSTAIRS = (-5.4215, 105.2650)  # ~65 m away


def test_it_keeps_a_quarrel_on_a_jetty_apart_from_a_boat_capsized_there() -> None:
    # The drunk passenger's caller speaks of the jetty and its passengers, as every
    # report there does: that names no one in the water.
    drunk = sight(
        "Ado penumpang mabuk bikin ribut di Dermaga Sungsang, maki-maki wong",
        "public_order",
        "public order",
        DOCK,
    )
    capsized = sight(
        "Speedboat terbalik dekat Dermaga Sungsang!! ada penumpang di air, tolong basarnas",
        "rescue",
        "drowning",
        DOCK_NEARBY,
    )
    decision = same_event(drunk, capsized, timedelta(minutes=30))
    assert not decision.same
    assert decision.reasons[0].startswith("different kinds")


def test_it_still_ties_a_jetty_report_that_names_someone_in_the_water() -> None:
    crowd = sight(
        "rame orang di dermaga sungsang, ada yang tenggelam katanya, penumpang panik",
        "public_order",
        "public order",
        DOCK,
    )
    capsized = sight(
        "Speedboat terbalik dekat Dermaga Sungsang, penumpang di air",
        "rescue",
        "drowning",
        DOCK_NEARBY,
    )
    assert same_event(capsized, crowd, timedelta(minutes=5)).same


def test_it_merges_people_trapped_upstairs_with_the_fire_below() -> None:
    # Those trapped on the top floor may not see the fire: they need not name it.
    fire = sight(
        "kebakaran ruko 3 lantai di Jl. Raden Intan, api dari lantai bawah",
        "fire",
        "building or vehicle fire",
        SHOPS,
    )
    trapped = sight(
        "ada orang terjebak di lantai atas ruko, teriak2 minta tolong dari jendela",
        "rescue",
        "trapped people",
        UPSTAIRS,
    )
    decision = same_event(fire, trapped, timedelta(minutes=4))
    assert decision.same
    assert decision.reasons[0] == "fire ~ rescue"


def test_it_keeps_a_fainting_next_to_a_fire_apart_unless_a_caller_names_it() -> None:
    fire = sight("kebakaran ruko di Jl. Raden Intan", "fire", "building or vehicle fire", SHOPS)
    fainted = sight(
        "ada ibu pingsan di depan toko, tolong ambulans", "medical", "medical emergency", UPSTAIRS
    )
    assert not same_event(fire, fainted, timedelta(minutes=4)).same


def test_it_keeps_rubbish_burnt_next_door_apart_from_a_house_on_fire() -> None:
    # The smoke its neighbours complain of is the rubbish's own.
    rubbish = sight(
        "Warga bakar sampah di lahan kosong, asapnya masuk rumah, anak sy sesak",
        "environment",
        "pollution",
        SHOPS,
    )
    house = sight("Rumah terbakar, api dari dapur, tolong damkar", "fire", "", UPSTAIRS)
    decision = same_event(house, rubbish, timedelta(minutes=40))
    assert not decision.same
    assert decision.reasons == ("different kinds: fire and environment",)


def test_it_keeps_a_theft_during_a_fire_apart_from_the_fire() -> None:
    fire = sight(
        "Kebakaran toko grosir di Pasar Baradatu, api besar, tolong damkar",
        "fire",
        "building or vehicle fire",
        SHOPS,
    )
    looted = sight(
        "Pas warga bantu ngeluarin barang dari toko yang kebakar tadi, ada yang bawa kabur"
        " karung beras, pelakunya naik mobil bak item. Tolong polisi.",
        "fire",
        "building or vehicle fire",
        UPSTAIRS,
    )
    decision = same_event(fire, looted, timedelta(minutes=50))
    assert not decision.same
    assert decision.reasons == ("a theft during the event: a job of its own for the police",)
    taking = "ad org2 ngambilin barang dagangan dr kios yg abis kebakar, tlg polisi"
    assert not same_event(fire, replace(looted, text=taking), timedelta(minutes=95)).same


def test_it_merges_neighbours_carrying_their_goods_out_of_the_fire() -> None:
    fire = sight("kebakaran di los sayur Pasar Tugu", "fire", "building or vehicle fire", SHOPS)
    saving = sight(
        "asep item tebel naik dr lapak2 dagangan, org pd ngangkutin barang keluar",
        "fire",
        "building or vehicle fire",
        UPSTAIRS,
    )
    assert same_event(fire, saving, timedelta(minutes=6)).same


def test_it_takes_someone_bleeding_at_the_roadside_for_the_crash_there() -> None:
    crash = sight(
        "Pengendara motor jatuh sendiri di turunan Jl. Imam Bonjol, motornya nyangkut di parit",
        "traffic_accident",
        "road accident",
        SHOPS,
    )
    found = sight(
        "ada bapak2 pingsan di pinggir jalan, kepala berdarah, helmnya pecah",
        "medical",
        "medical emergency",
        UPSTAIRS,
    )
    decision = same_event(crash, found, timedelta(minutes=5))
    assert decision.same
    assert decision.reasons[0] == "traffic_accident ~ medical"
    # Or on the pavement, at the roundabout's edge.
    pavement = replace(found, text="ada bapak2 tergeletak di trotoar depan masjid, gk gerak")
    assert same_event(crash, pavement, timedelta(minutes=5)).same


def test_it_merges_a_tree_on_a_line_when_both_callers_speak_of_both() -> None:
    tree = sight(
        "pohon besar tumbang di depan masjid dan menimpa kabel listrik, jalan tertutup",
        "disaster",
        "fallen tree",
        SHOPS,
    )
    line = sight(
        "phn tumbang dpn msjd, kbl pln putus kna phn, kbl kyknya msh ad strum",
        "infrastructure",
        "electricity",
        UPSTAIRS,
    )
    decision = same_event(tree, line, timedelta(minutes=14))
    assert decision.same
    assert decision.reasons[0] == "fallen tree ~ electricity: both speak of both"


def test_it_keeps_an_outage_apart_from_the_tree_its_callers_blame() -> None:
    # The power cut is PLN's own job, whatever brought it about.
    tree = sight("Pohon tumbang menimpa kabel listrik", "disaster", "fallen tree", SHOPS)
    outage = sight(
        "listrik padam dari tadi, kapan menyala?", "infrastructure", "electricity", UPSTAIRS
    )
    assert not same_event(tree, outage, timedelta(minutes=30)).same


def test_it_keeps_a_road_that_gave_way_apart_from_the_flood() -> None:
    # The collapsed road is PUPR's job; the flood's callers never spoke of it.
    flood = sight(
        "banjir di gunungsulah, kali meluap, air masuk rmh selutut", "disaster", "flood", SHOPS
    )
    road = sight(
        "ada mobil kejeblos jalan amblas di gunung sulah, jalannya ambrol kena arus banjir",
        "infrastructure",
        "roads",
        UPSTAIRS,
    )
    decision = same_event(flood, road, timedelta(hours=10))
    assert not decision.same
    assert decision.reasons == ("what the event left behind, of another kind: a job of its own",)
    # A street under the water is the flood.
    flooded = sight(
        "jalan poros putus tidak bisa dilalui, air di atas aspal",
        "infrastructure",
        "roads",
        UPSTAIRS,
    )
    assert same_event(flood, flooded, timedelta(minutes=30)).same


def test_it_keeps_a_drunk_throwing_bottles_at_riders_apart_from_the_crash() -> None:
    crash = sight(
        "Tabrakan mobil vs motor di Jl. Teuku Umar Kedaton, pengendara motor luka lecet",
        "traffic_accident",
        "road accident",
        SHOPS,
    )
    drunk = sight(
        "PL melaporkan pria mabuk mengamuk dan melempar botol ke pengendara di Jl. Teuku Umar",
        "public_order",
        "public order",
        UPSTAIRS,
    )
    decision = same_event(crash, drunk, timedelta(minutes=40))
    assert not decision.same
    assert decision.reasons == ("different kinds: traffic_accident and public_order",)


def test_it_tells_a_crashs_victim_from_another_patient_by_who_they_are() -> None:
    crash = sight(
        "ada mbak2 pingsan di depan Indomaret, kepalanya berdarah, tadi jatuh dari motor sendiri",
        "traffic_accident",
        "road accident",
        SHOPS,
    )
    found = sight(
        "ada kakek2 tergeletak di pinggir jln, gk gerak, kyknya gelandangan",
        "medical",
        "medical emergency",
        UPSTAIRS,
    )
    decision = same_event(crash, found, timedelta(minutes=50))
    assert not decision.same
    assert decision.reasons[-1] == "another person: the callers describe different people"


def test_it_keeps_the_aid_a_fires_victims_ask_for_apart_from_the_fire() -> None:
    # Shelter and food for the burnt-out families is Dinsos's job, hours after.
    fire = sight(
        "Kebakaran rumah panggung di Kota Karang, api menjalar ke rumah sebelah",
        "fire",
        "building or vehicle fire",
        SHOPS,
    )
    text = (
        "kami pengurus RT melaporkan 12 KK korban kebakaran di Kota Karang belum punya"
        " tempat berteduh dan makanan, mohon bantuan Dinas Sosial"
    )
    aid = sight(text, "fire", "building or vehicle fire", UPSTAIRS)
    decision = same_event(fire, aid, timedelta(hours=3))
    assert decision.reasons == ("what the event left behind, of another kind: a job of its own",)
    # The fire's victims taken to hospital are the fire's.
    hurt = sight("korban kebakaran luka bakar, tolong ambulans", "fire", "", UPSTAIRS)
    assert same_event(fire, hurt, timedelta(minutes=20)).same


def test_it_hears_a_rider_swept_away_in_the_flood_in_its_first_callers_words() -> None:
    flood = sight(
        "Air naik terus di depan Transmart Way Halim, arusnya deras, motor ada yg keseret",
        "disaster",
        "flood",
        SHOPS,
    )
    swept = sight(
        "genangan 60 cm di Jl. Sultan Agung, 2 pengendara motor terseret arus",
        "rescue",
        "drowning",
        UPSTAIRS,
    )
    assert same_event(flood, swept, timedelta(minutes=11)).same
    unspoken = replace(flood, text="Air naik terus di depan Transmart Way Halim, arusnya deras")
    assert not same_event(unspoken, swept, timedelta(minutes=11)).same


def test_it_keeps_a_signal_a_truck_knocked_down_apart_from_the_crash() -> None:
    crash = sight(
        "truk tronton nabrak 3 mtr di simpang kalibalok, ada yg ketindih, tlg ambulan",
        "traffic_accident",
        "road accident",
        SHOPS,
    )
    text = "Tiang lampu lalu lintas di Simpang Kalibalok roboh akibat tertabrak truk, mati total"
    signal = sight(text, "infrastructure", "street lights and traffic signals", UPSTAIRS)
    decision = same_event(crash, signal, timedelta(minutes=55))
    assert decision.reasons == ("what the event left behind, of another kind: a job of its own",)
    # The crash's victim calling from the hospital is the crash's.
    victim = sight(
        "saya korban tabrakan tadi di simpang kalibalok, skrg di IGD",
        "traffic_accident",
        "road accident",
        UPSTAIRS,
    )
    assert same_event(crash, victim, timedelta(minutes=40)).same


def test_it_ties_the_callers_news_of_the_victim_now_a_patient() -> None:
    # The passer-by who found a man lying hit by a car calls again: they took him
    # to the RSUD. Read as medical, it is the crash's victim, not a second patient.
    crash = sight(
        "ada orang tergeletak di pinggir jalan lintas, kayaknya ditabrak lari",
        "traffic_accident",
        "road accident",
        SHOPS,
        region="16.07.03.1012",
    )
    news = sight(
        "saya yang tadi, orangnya sudah saya antar ke RSUD, masih napas",
        "medical",
        "medical emergency",
        None,
        region="16.07.03.1012",
    )
    assert same_event(crash, news, timedelta(minutes=15)).same
    # A first call about another patient is not news of the crash's victim.
    other = sight("ada bapak2 pingsan di depan warung", "medical", "medical emergency", UPSTAIRS)
    decision = same_event(crash, other, timedelta(minutes=25))
    assert not decision.same
    assert decision.reasons[0].startswith("different kinds")
