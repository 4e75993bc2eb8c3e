"""Whether two reports are of one place: the second of the three things
priority.same_event weighs.

Within the category's reach of each other when both have a point (the narrower of
two kinds, twice as far for an update); the same landmark or village when only
words place them, or the same names in their words; smoke seen from afar, a queue
behind a crash, in one kabupaten/kota. No common place, no merge: the operator can
still merge by hand.
"""

from __future__ import annotations

import re

from priority import event_words, place_words
from priority.duplicates import compatible, haversine_m, radius_m
from priority.sighting import PERSONAL_TOPICS, SWEPT_AWAY, Sighting, refers_back

# How well a named place ties two reports whose points are not both known.
PLACE_TIES = {"landmark": 1.0, "village": 0.6, "district": 0.3}
# Names in the words of both (a street and a shop, "sultan agung", "transmart")
# when the geocoder placed neither: one shared name is as good as a village, two
# as a landmark.
NAMED_IN_WORDS = (0.6, 0.8)

# An update speaks of a known event from wherever its caller is (the hospital,
# the search post): it reaches this many times as far.
UPDATE_REACH = 2.0
# News of someone carried off by the water comes from further down the river or
# the coast: an update about them reaches this many times further again.
DRIFT_REACH = 2.0
# Calls minutes apart whose points lie this much beyond the reach still meet.
GPS_MARGIN = 1.25

# Someone swept away or missing, and a caller who names no place at all.
NOWHERE_WHY = "one of them says nothing of where: one search"
NOWHERE_SOON_WHY = "one of them says nothing of where, minutes apart, in alike words"
NOWHERE_KIND_WHY = "one of them says nothing of where, minutes apart, of the same kind"
NOWHERE_WORDS = 0.15
ANNOUNCED_PLACE = re.compile(
    r"\b(?:jl|jln|jalan|gg|gang|simpang|desa|ds|kel|kelurahan|kec|kecamatan|dusun|kampung"
    r"|perum|perumahan|komplek|kompleks|blok|pekon|pulau|pantai|sungai)\b\.?\s*"
    # Not the road as a thing, or the verb: "jln ketutup", "ambulans udah jalan belum?".
    r"(?!(?:belum|blm|sudah|sdh|udah|dah|ketutup|tertutup|ditutup|tutup|macet|rusak|putus"
    r"|terputus|licin|berlubang|lubang|amblas|ambles|longsor|banjir|gelap|sepi|kaki|terus"
    r"|lagi|lg|pelan|keluar|masuk|ke|raya|utama|depan|dpn|belakang|blkg|samping|dekat|dkt"
    r"|yang|yg|dan|ini|itu|tsb|kecil|besar|gede|umum|desa|kampung|setapak|tikus)\b)[a-z]"
)
# Callers of one event on water stand far apart: on the bank, on the jetty, on
# another boat.
# A land or peat fire burns across hectares: its callers stand on different sides.
# A street light outage runs along several poles ("mati 4 tiang").
TOPIC_RADII_M: dict[str, float] = {
    "drowning": 3000.0,
    "land or forest fire": 2000.0,
    "street lights and traffic signals": 250.0,
}

# A street robbery's victim rides or walks on, and the witness who finds them, or
# sees the robbers flee, calls from elsewhere: callers who tell the same deed
# (robbed, with a blade, cut) reach this many times as far.
STREET_CRIMES = frozenset({"violence", "theft or robbery"})
DEED_REACH = 2.0
DEED_WORDS = (
    ("begal", "rampok", "rampas", "jambret", "copet", "robbed", "mugged"),
    ("parang", "golok", "peda", "celurit", "clurit", "sajam", "pisau", "knife", "machete"),
    ("bacok", "tikam", "tusuk", "sabet", "stabbed"),
)
# Said done to the victim: "dibegal", "ditikam".
DEED_WORDS = tuple(words + tuple(f"di{word}" for word in words) for words in DEED_WORDS)
# One patient's chief complaint, told alike by the one who calls for them and a
# passer-by a street away (GPS under a roof or in a moving car is off by as much).
COMPLAINT_WORDS = (
    ("ular", "ulo", "snake"),
    ("setrum", "strum", "tersengat", "electrocuted"),
    ("mencong", "stroke", "pelo"),
    ("napas", "nafas", "breathing", "ngorok"),
    ("kejang", "seizure"),
    (
        *("pingsan", "tidak sadar", "tdk sadar", "nggak sadar", "gak sadar", "ga sadar"),
        *("tak sadar", "hilang kesadaran", "semaput", "unconscious", "passed out"),
    ),
)

# Felt across the whole area: calls about it in its first hours are one event
# wherever the caller is, even one who names no place.
WIDE_TOPICS = frozenset({"earthquake", "tsunami", "volcano"})

# Callers who stand away from the event and say so: smoke seen "from the direction
# of the market", a driver stuck in the jam behind a crash. Reports of such a kind
# this far apart in one kabupaten/kota are one event when a caller says it.
SEEN_FROM_FAR: dict[str, tuple[float, tuple[str, ...]]] = {
    "fire": (12000.0, event_words.FROM_AFAR),
    "disaster": (8000.0, event_words.FROM_AFAR),
    "traffic_accident": (3000.0, event_words.JAM),
}
# A fire on a mountainside or across a peatland is seen from the other end of the
# city, from an island across the strait.
LAND_FIRE = "land or forest fire"
LAND_FIRE_SEEN_M = 20000.0
SEEN = tuple(words for words in event_words.FROM_AFAR if words != "arah")
# A Kemendagri code's kabupaten/kota part: "18.71" of "18.71.01.1003".
REGENCY_CODE_LENGTH = 5

# Callers of two compatible kinds of one event (a flooded street reported as a
# blocked drain) stand at most this far apart, or the wider kind's reach if less.
CROSS_KIND_REACH_M = 500.0
# A flood reported as a flooded street or an overflowing drain: the water covers
# blocks, so its callers stand this far apart when the street's report speaks of
# the flood too.
FLOOD_STREET_REACH_M = 1000.0


def place_tie(a: Sighting, b: Sighting) -> tuple[float, str]:
    """How well the places of two reports agree (0: no place in common), and why."""
    if _asks_of_another_place(a, b) or _asks_of_another_place(b, a):
        return 0.0, "a question about another place"
    tie = _named_tie(a, b)
    if a.has_point and b.has_point and (calls_back(a) or calls_back(b)):
        # A victim or witness calling back from the police post or the hospital, a
        # missing fisherman found on another beach: their point is where they are
        # now; the place they name decides.
        shared = _shared_names(a, b)
        if shared and _distance(a, b) > _reach(a, b):
            value = NAMED_IN_WORDS[min(len(shared), len(NAMED_IN_WORDS)) - 1]
            return (
                value,
                f"called back from elsewhere; the same place named: {', '.join(sorted(shared))}",
            )
        # A village, not a kecamatan: a river or a kecamatan holds many events.
        named = _named_both(a, b, levels=("village",)) or _named_where_other_is(a, b)
        if named and _distance(a, b) > _reach(a, b):
            return named[0], f"called back from elsewhere; {named[1]}"
    if a.has_point and b.has_point:
        metres, reach = _distance(a, b), _reach(a, b)
        if tie and _region_centres(a, b):
            # Both placed by words at one village's or kecamatan's centre: their
            # points agree because they are the same centre, nothing more.
            return tie, f"the same place, {a.place.partition(':')[2]}"
        if _region_centres(a, b) and _other_streets(a, b):
            # The same centre, and each names its own street ("jl. hasanudin metro",
            # "jl imam bonjol metro"): two places in one town.
            return 0.0, "each names another street"
        if metres <= reach:
            near = 1.0 - (metres / reach) ** 2  # callers of one event stand around it
            return max(tie, near), f"{metres:.0f} m apart (of {reach:.0f} m)"
        # A village's centre says little of how far apart the callers are.
        if tie >= PLACE_TIES["landmark"] or (tie and _centre(a, b)):
            return tie, f"the same place, {a.place.partition(':')[2]}"
        village = _in_the_named_village(a, b) or _in_the_named_village(b, a)
        if village and _centre(a, b):
            return PLACE_TIES["village"], f"in the village named, {village}"
        shared = _shared_names(a, b) if a.approximate or b.approximate else frozenset()
        if shared:
            value = NAMED_IN_WORDS[min(len(shared), len(NAMED_IN_WORDS)) - 1]
            return value, f"placed by words only; the same place named: {', '.join(sorted(shared))}"
        if _seen_from_far(a, b, metres):
            why = f"seen from far: {metres:.0f} m apart, one area {regency(a)}"
            return max(tie, PLACE_TIES["village"]), why
        return 0.0, f"too far: {metres:.0f} m > {reach:.0f} m"
    if tie:
        return tie, f"the same place, {a.place.partition(':')[2]}"
    shared = _shared_names(a, b)
    if shared:
        value = NAMED_IN_WORDS[min(len(shared), len(NAMED_IN_WORDS)) - 1]
        return value, f"the same place named: {', '.join(sorted(shared))}"
    named = _named_both(a, b)
    if named:
        return named
    # The same words no rule knows, in both: a name ("bus Putra Remaja", "Pkl
    # Balai") or a thing of the scene ("katinting"), however each names the place.
    # A report with a point is not drawn so into an incident no one placed (`a`):
    # "kebakaran dapur" is said of every kitchen in town.
    rare = a.names & b.names
    if rare and not (b.has_point and not a.has_point):
        return NAMED_IN_WORDS[0], f"the same words in both: {', '.join(sorted(rare))}"
    if wide(a, b):
        return PLACE_TIES["village"], "felt across the whole area"
    if _swept_away_somewhere(a, b):
        return PLACE_TIES["district"], NOWHERE_WHY
    return 0.0, "no place in common"


def nowhere_alike(a: Sighting, b: Sighting, text: float) -> bool:
    """One of two reports of one topic says nothing of where, minutes after the
    other, in words alike ("bau gas keras dr rumah makan padang" after a gas leak at
    the rumah makan padang by the field)."""
    if not a.topic or a.topic != b.topic or text < NOWHERE_WORDS:
        return False
    return any(_nowhere(s) for s in (a, b))


def nowhere_same_kind(a: Sighting, b: Sighting) -> bool:
    """One of two reports of one topic says nothing of where at all, minutes after
    the other, in other words ("pak cepat ada gudang kebakaran gede!!" after the
    warehouse behind the station): nothing ties it to another place either. A
    rumour is no sighting ("apa betul ada kebakaran di pasar 45 Manado?")."""
    if not _one_topic(a, b) or rumour(a) or rumour(b):
        return False
    return any(_nowhere(s) for s in (a, b))


def _one_topic(a: Sighting, b: Sighting) -> bool:
    """One topic, or one category where a report's topic was not read ("org gila
    pegang parang so lukai 1 org": violence, though no rule named it; two silent
    calls from one number)."""
    if a.topic and a.topic == b.topic:
        return True
    return not (a.topic and b.topic) and a.category == b.category


def rumour(sighting: Sighting) -> bool:
    """Hearsay, or a place named outside the area: what the caller did not see here."""
    return sighting.elsewhere or event_words.says(sighting.text, event_words.HEARSAY)


def _nowhere(sighting: Sighting) -> bool:
    """No point, no place placed, no name, no street or area announced ("jalan
    Tanjung Api-Api" names one even in words the dictionary knows). A caller at the
    hospital speaking of what happened "tadi", naming no village or kecamatan, says
    nothing of where it happened: their point and the hospital are where they are."""
    if event_words.from_hospital(sighting.text) and not sighting.named_places:
        return True
    if sighting.has_point or sighting.place or place_words.place_names(sighting.text):
        return False
    return not ANNOUNCED_PLACE.search(sighting.text.lower())


def _in_the_named_village(centre: Sighting, point: Sighting) -> str:
    """One report placed at a village's centre by its words, the other's point in
    that village ("pohon tumbang" from the form's Kel. Sukajadi, "phn tumbang dkt
    polsek talang kelapa" in Sukajadi): the village's name, else ""."""
    if not (centre.centroid and centre.place.startswith("village:")) or not point.village:
        return ""
    return point.village.partition(":")[2] if centre.region == point.region else ""


def _region_centres(a: Sighting, b: Sighting) -> bool:
    return all(s.approximate or s.centroid for s in (a, b))


def _centre(a: Sighting, b: Sighting) -> bool:
    """Whether one point is a kecamatan's centre, or a village's placed by words (a
    pothole "dekat simpang Pasar Betung" reported again from the form's "Kel.
    Betung"): it says nothing of where in it the event is. One person's emergency
    needs more than a village in common: hundreds of houses have one."""
    if a.approximate or b.approximate:
        return True
    personal = {a.topic, b.topic} & PERSONAL_TOPICS
    return (a.centroid or b.centroid) and not personal


def _swept_away_somewhere(a: Sighting, b: Sighting) -> bool:
    """Someone gone into the sea or a river, or a child lost, and a caller who says
    nothing of where (the family: "kapal bocor di laut, 3 org pegangan jeriken"):
    nothing sets them apart, and such calls are rare enough in one area's hours
    (same_event.TOPIC_WINDOWS) to be one search."""
    if not {a.topic, b.topic} <= SWEPT_AWAY:
        return False
    return any(_nowhere(s) for s in (a, b))


def _asks_of_another_place(a: Sighting, b: Sighting) -> bool:
    """A question of hearsay that names its place is about that place ("itu benar
    ada tsunami di Ternate?" asked from Bitung): its caller's point ties it to no
    event the other report does not name there."""
    if not event_words.says(a.text, event_words.HEARSAY):
        return False
    named = place_words.place_names(a.text)
    return bool(named) and not named & place_words.place_names(b.text)


def _shared_names(a: Sighting, b: Sighting) -> frozenset[str]:
    """Place names in the words of both; a name inside a joined one counts once. A
    river or a road both name, each with another place along it the other does not
    name ("Sungai Musi dekat Sungsang", "Sungai Musi depan Sungai Gerong"), ties
    nothing: it runs for kilometres."""
    names_a, names_b = place_words.place_names(a.text), place_words.place_names(b.text)
    shared = names_a & names_b
    shared = frozenset(n for n in shared if not any(n != m and n in m for m in shared))
    lines = place_words.line_names(a.text) & place_words.line_names(b.text)
    if shared and shared <= lines and not (calls_back(a) or calls_back(b)):
        rest_a, rest_b = (_along(s, _line_parts(s, shared)) for s in (a, b))
        if rest_a and rest_b and not rest_a & rest_b:
            return frozenset()
    return shared


# Roads named for what they are, not where: "jalan lingkar", "jalan poros".
ANY_ROAD = frozenset({"lingkar", "poros", "lintas", "raya", "utama", "besar", "desa", "tol"})


def _other_streets(a: Sighting, b: Sighting) -> bool:
    streets_a, streets_b = (_streets(s) for s in (a, b))
    return bool(streets_a and streets_b and not streets_a & streets_b)


def _streets(sighting: Sighting) -> frozenset[str]:
    return frozenset(
        name
        for name in place_words.line_names(sighting.text)
        if len(name) >= place_words.MIN_NAME
        and name not in ANY_ROAD
        and name not in place_words.CUES
        and name not in place_words.STOPS
    )


def _line_parts(sighting: Sighting, shared: frozenset[str]) -> frozenset[str]:
    """The shared lines' names and the words they are made of in this report
    ("endro", "suratmin" of "Jl. Endro Suratmin")."""
    own = place_words.line_names(sighting.text)
    return shared | {part for part in own if any(part in name for name in shared)}


def _along(sighting: Sighting, lines: frozenset[str]) -> set[str]:
    """The other places a report names where it is, not where it heads to, nor a shop
    found along any road."""
    names = place_words.place_names(sighting.text, cues=place_words.ALONG_CUES) - lines
    return {
        n
        for n in names
        # Nor a part of the line's own name ("bitung" of "tol Manado-Bitung").
        if not any(s in n or n in s for s in lines)
        and not any(n.startswith(w) or n.endswith(w) for w in place_words.EVERYWHERE)
    }


def _named_both(
    a: Sighting, b: Sighting, levels: tuple[str, ...] = ("village", "district")
) -> tuple[float, str] | None:
    """A village or kecamatan of the area both reports name, placed or not (a
    village said without a marker, "sindang sari rt 03"): as good as the village
    or kecamatan placing both."""
    common = {n for n in a.named_places & b.named_places if n.partition(":")[0] in levels}
    if not common:
        return None
    value = max(PLACE_TIES.get(name.partition(":")[0], 0.0) for name in common)
    names = ", ".join(sorted({name.partition(":")[2] for name in common}))
    return value, f"the same place named: {names}"


def _named_where_other_is(a: Sighting, b: Sighting) -> tuple[float, str] | None:
    """The caller calling back names the village the other report's point is in
    ("tadi antar korban tikam dari Bitung Tengah" after a stabbing placed there):
    as good as both naming it."""
    for caller, other in ((a, b), (b, a)):
        if calls_back(caller) and other.village and other.village in caller.named_places:
            name = other.village.partition(":")[2]
            return PLACE_TIES["village"], f"the same place named: {name}"
    return None


def _told_alike(a: Sighting, b: Sighting, groups: tuple[tuple[str, ...], ...]) -> bool:
    """Both tell one of the same things, each group of words being one (robbed, with
    a blade, cut; bitten by a snake, electrocuted)."""
    told = [
        {i for i, words in enumerate(groups) if event_words.says(s.text, words)} for s in (a, b)
    ]
    return bool(told[0] & told[1])


def _distance(a: Sighting, b: Sighting) -> float:
    assert a.lat is not None and a.lon is not None and b.lat is not None
    assert b.lon is not None
    return haversine_m(a.lat, a.lon, b.lat, b.lon)


def _reach(a: Sighting, b: Sighting) -> float:
    """How far apart callers of one event stand: the narrower of the two kinds, or
    up to CROSS_KIND_REACH_M for two kinds of one event. An update speaks of a known
    event from wherever its caller is (the hospital, the search post), so it
    reaches twice as far."""
    radii = [TOPIC_RADII_M.get(s.topic) or radius_m(s.category) for s in (a, b)]
    reach = min(radii)
    if a.category != b.category:
        reach = max(reach, min(max(radii), CROSS_KIND_REACH_M))
        if _water_both(a, b):
            reach = max(reach, FLOOD_STREET_REACH_M)
    if refers_back(a.text) or refers_back(b.text):
        reach *= UPDATE_REACH
        if {a.topic, b.topic} & SWEPT_AWAY:
            # Someone carried off is found, or sought, downstream of where they went in.
            reach *= DRIFT_REACH
    if _one_persons_told_alike(a, b):
        reach *= DEED_REACH
    return reach


def just_beyond(a: Sighting, b: Sighting) -> str:
    """Two device points a little beyond the kinds' reach ("612 m of 600 m"): GPS
    under a roof or in a moving car is off by as much. Said as the reason, else ""."""
    if not (a.has_point and b.has_point) or a.approximate or b.approximate:
        return ""
    metres, reach = _distance(a, b), _reach(a, b)
    if reach < metres <= reach * GPS_MARGIN:
        return f"{metres:.0f} m apart, just beyond {reach:.0f} m"
    return ""


def told_alike(a: Sighting, b: Sighting) -> bool:
    """Both tell one deed or one chief complaint, in any of its words (a celurit and
    a sajam, "dibegal" and "dirampas", "mulut mencong" and "stroke")."""
    return _told_alike(a, b, DEED_WORDS) or _told_alike(a, b, COMPLAINT_WORDS)


def _one_persons_told_alike(a: Sighting, b: Sighting) -> bool:
    """A robbery told with the same deeds, a patient with the same complaint."""
    if {a.topic, b.topic} <= STREET_CRIMES:
        return _told_alike(a, b, DEED_WORDS)
    return a.topic == b.topic == "medical emergency" and _told_alike(a, b, COMPLAINT_WORDS)


def _seen_from_far(a: Sighting, b: Sighting, metres: float) -> bool:
    if not regency(a) or regency(a) != regency(b):
        return False
    for category in {a.category, b.category} & SEEN_FROM_FAR.keys():
        far_m, words = SEEN_FROM_FAR[category]
        said = event_words.says_plainly(a.text, words) or event_words.says_plainly(b.text, words)
        if metres <= far_m and said:
            return True
    # Farther, only a caller who says they see it: "arah" is where a thief ran too.
    seen = event_words.says_plainly(a.text, SEEN) or event_words.says_plainly(b.text, SEEN)
    return LAND_FIRE in (a.topic, b.topic) and metres <= LAND_FIRE_SEEN_M and seen


def seen_burning_afar(report: Sighting) -> bool:
    """A land fire, or a caller who says they see a fire: they may be 20 km apart.
    Only these widen matching's search that far (the cost of every other report's)."""
    if not any(compatible(kind, "fire") for kind in {report.category, *report.kinds}):
        return False
    return report.topic == LAND_FIRE or event_words.says_plainly(report.text, SEEN)


def _water_both(a: Sighting, b: Sighting) -> bool:
    flood = [s for s in (a, b) if s.topic == "flood"]
    if len(flood) != 1:
        return False
    street = b if flood[0] is a else a
    return street.category == "infrastructure" and (
        street.topic == "drainage" or "disaster" in street.kinds
    )


def calls_back(sighting: Sighting) -> bool:
    return event_words.calls_back(sighting.text) or (
        sighting.category == "rescue" and event_words.says(sighting.text, event_words.SEARCH)
    )


def wide(a: Sighting, b: Sighting) -> bool:
    """Both of one event felt across the area; a report the rules gave no topic
    ("gempa barusan rasa kuat, nyanda ada yang rusak": a question, no damage) is of
    the other's, its kind being the same."""
    topics = {a.topic, b.topic} - {""}
    return len(topics) == 1 and topics <= WIDE_TOPICS


def regency(sighting: Sighting) -> str:
    code = sighting.region[:REGENCY_CODE_LENGTH]
    return code if len(code) == REGENCY_CODE_LENGTH else ""


def _named_tie(a: Sighting, b: Sighting) -> float:
    if not a.place or a.place != b.place:
        return 0.0
    return PLACE_TIES.get(a.place.partition(":")[0], 0.0)
