"""priority.event_kind: whether two reports are of one kind of event."""

from __future__ import annotations

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
