"""Whether a new report is another call about an open incident, on evidence.

Two reports are one event when their kind, their place and their time agree. A
false merge hides an emergency inside another incident, so each of the three
must hold on its own, and the decision says why:

- kind: the same category, or categories one event is often reported as (a fire
  with someone trapped is fire and rescue); inside a category, the same topic
  (a flood and a fallen tree are two events even when both are "disaster");
- place: within the category's reach of each other when both have a point; the
  same landmark or village when only words place them; no common place, no
  merge (the operator can still merge by hand);
- time: within the category's window (a fire stays open for hours, a pothole for
  weeks).
The score orders candidates and decides close calls; the words of the reports
count for a little, since callers describe one fire in very different words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import timedelta

from priority import event_words, place_words
from priority.duplicates import (
    compatible,
    haversine_m,
    radius_m,
    text_similarity,
    time_window,
)
from priority.scan import categories_named

# A decision at or above this score attaches the report.
THRESHOLD = 0.5
WEIGHTS = {"kind": 0.3, "place": 0.4, "time": 0.15, "text": 0.15}

NEAR_FLOOR = 0.4
NEAR_FLOOR_WITHIN = timedelta(minutes=30)
# How well a named place ties two reports whose points are not both known.
PLACE_TIES = {"landmark": 1.0, "village": 0.6, "district": 0.3}
# Names in the words of both (a street and a shop, "sultan agung", "transmart")
# when the geocoder placed neither: one shared name is as good as a village, two
# as a landmark.
NAMED_IN_WORDS = (0.6, 0.8)

# Events that end sooner than their category's window: a drowning is over in hours
# (a second call at the same beach the next afternoon is another child), unless
# the caller speaks of the earlier event ("the fisherman missing since yesterday").
TOPIC_WINDOWS: dict[str, timedelta] = {
    "drowning": timedelta(hours=4),
    "fallen tree": timedelta(hours=6),
    "trapped people": timedelta(hours=6),
    "dangerous animal": timedelta(hours=3),
    "medical emergency": timedelta(hours=1),
}
UPDATE_REACH = 2.0
# The incident's caller calling again from where they went since, in its kabupaten/kota.
EARLIER_CALLER_WHY = "the earlier caller, calling again from elsewhere in the area"
# Water or wind over an area (a flooded kampung, roofs blown off): a house it brought
# down on someone, a child electrocuted in the water, is a rescue of its own unless
# the incident's callers spoke of it already.
AREA_EVENTS = frozenset({"flood", "whirlwind or storm"})
NEW_VICTIM = ("roboh", "rubuh", "ambruk", "runtuh", "timpa", "nimpa", "timpo", "tiban")
NEW_VICTIM += ("timbun", "jepit", "setrum", "strum", "collapsed", "electrocuted")
NEW_VICTIM_WHY = "a collapse or a victim its callers never spoke of: a rescue of its own"
# Someone swept away or missing, and a caller who names no place at all.
NOWHERE_WHY = "one of them says nothing of where: one search"
NOWHERE_SOON_WHY = "one of them says nothing of where, minutes apart, in alike words"
NOWHERE_WORDS = 0.15
SHOWN_ONLY = frozenset({NOWHERE_WHY, NOWHERE_SOON_WHY})
NOT_MERGED_WHY = "shown, not merged: the place is not known"
ANNOUNCED_PLACE = re.compile(
    r"\b(?:jl|jln|jalan|gg|gang|simpang|desa|ds|kel|kelurahan|kec|kecamatan|dusun|kampung"
    r"|perum|perumahan|komplek|kompleks|blok|pekon|pulau|pantai|sungai)\b\.?\s*[a-z]"
)
# A search at sea, in a river or a forest runs for days (Basarnas closes an operation
# after seven): news of the missing person is about the same event until then.
SEARCH_WINDOW = timedelta(days=7)

# Callers of one event on water stand far apart: on the bank, on the jetty, on
# another boat.
# A land or peat fire burns across hectares: its callers stand on different sides.
TOPIC_RADII_M: dict[str, float] = {"drowning": 3000.0, "land or forest fire": 2000.0}

# Felt across the whole area: calls about it in its first hours are one event
# wherever the caller is, even one who names no place.
WIDE_TOPICS = frozenset({"earthquake", "tsunami", "volcano"})
WIDE_WINDOW = timedelta(hours=6)

# One person's emergency: two callers near each other are often two people (a man
# fainted in the church, a crash outside it). Such a pair needs its words to agree,
# or to come in quick succession.
PERSONAL_TOPICS = frozenset(
    {"medical emergency", "road accident", "violence", "theft or robbery", "dangerous animal"}
)
PERSONAL_QUICK = timedelta(minutes=20)
# One person's too, but only across kinds: a search goes on for days (SEARCH_WINDOW).
SWEPT_AWAY = frozenset({"drowning", "missing person"})
PERSONAL_WORDS = 0.15

# Callers who stand away from the event and say so: smoke seen "from the direction
# of the market", a driver stuck in the jam behind a crash. Reports of such a kind
# this far apart in one kabupaten/kota are one event when a caller says it.
SEEN_FROM_FAR: dict[str, tuple[float, tuple[str, ...]]] = {
    "fire": (12000.0, event_words.FROM_AFAR),
    "disaster": (8000.0, event_words.FROM_AFAR),
    "traffic_accident": (3000.0, event_words.JAM),
}
# A Kemendagri code's kabupaten/kota part: "18.71" of "18.71.01.1003".
REGENCY_CODE_LENGTH = 5

# An outage is the utility's own job even when another event caused it.
UTILITY_TOPICS = frozenset({"electricity", "water supply"})

# Kinds that send a crew at once; a report of another kind may be about one.
EMERGENCIES = frozenset({"fire", "traffic_accident", "medical", "rescue", "disaster", "crime"})
# Callers of two compatible kinds of one event (a flooded street reported as a
# blocked drain) stand at most this far apart, or the wider kind's reach if less.
CROSS_KIND_REACH_M = 500.0
CROSS_KIND_WINDOW = timedelta(hours=12)
# A flood reported as a flooded street or an overflowing drain: the water covers
# blocks, so its callers stand this far apart when the street's report speaks of
# the flood too.
FLOOD_STREET_REACH_M = 1000.0

# Topics of one category that one event is often reported as.
COMPATIBLE_TOPICS: frozenset[frozenset[str]] = frozenset(
    frozenset(pair)
    for pair in (
        ("building or vehicle fire", "gas leak"),
        ("flood", "building collapse"),
        ("landslide", "building collapse"),
        ("earthquake", "building collapse"),
        ("drowning", "missing person"),
        ("violence", "theft or robbery"),
        ("violence", "violence against women and children"),
        ("land or forest fire", "building or vehicle fire"),
        ("building collapse", "trapped people"),
        # A gas cylinder exploding in a burning kiosk; a bridge is part of the road.
        ("explosion", "building or vehicle fire"),
        ("explosion", "gas leak"),
        ("bridges", "roads"),
    )
)


@dataclass(frozen=True)
class Sighting:
    """What triage knows of a report, or of the incident it may be another call about."""

    category: str
    topic: str = ""
    lat: float | None = None
    lon: float | None = None
    place: str = ""  # the named place its point rests on ("landmark:Pasar Tugu")
    text: str = ""
    # Every category its words name (priority.scan.categories_named), its own included.
    kinds: frozenset[str] = frozenset()
    region: str = ""  # Kemendagri code of the village or kecamatan it is placed in
    # The point is a village's or kecamatan's centre, not where the caller is.
    approximate: bool = False
    # The words name a place far from the caller's device.
    elsewhere: bool = False
    # The rules' category when the second reader filed the report under another.
    rules_category: str = ""

    @property
    def has_point(self) -> bool:
        # A question about a place far away ("is it true there is a fire in
        # Bakauheni?" asked from Metro) is not about where its caller stands. Other
        # reports keep their point: a road is often named by far towns ("tol
        # Bakauheni-Terbanggi").
        asks = self.category == "information" or event_words.says(self.text, event_words.HEARSAY)
        asks_elsewhere = self.elsewhere and asks
        return self.lat is not None and self.lon is not None and not asks_elsewhere


@dataclass(frozen=True)
class Decision:
    same: bool
    score: float
    reasons: tuple[str, ...] = field(default_factory=tuple)


def same_event(incident: Sighting, report: Sighting, age: timedelta) -> Decision:
    """Whether `report`, made `age` after the incident was opened, is the same event."""
    if event_words.says_new_event(report.text):
        return Decision(False, 0.0, ("the caller says it is another event",))
    if event_words.reports_again(report.text) and _names_another_kind(incident, report):
        return Decision(False, 0.0, ("the caller reported before and now names something else",))
    kind, kind_why = _kind(incident, report)
    if kind == 0.0:
        return Decision(False, 0.0, (kind_why,))
    if _new_victim(incident, report):
        return Decision(False, 0.0, (kind_why, NEW_VICTIM_WHY))
    window = _window(incident, report)
    age = abs(age)  # the clocks of intake channels disagree by a few seconds
    if age > window:
        return Decision(False, 0.0, (f"too long after: {_span(age)} > {_span(window)}",))
    place, place_why = _place(incident, report)
    again = event_words.earlier_caller(report.text)
    if place == 0.0 and again and _regency(incident) and _regency(incident) == _regency(report):
        # The caller of the incident calling again from where they went since: the
        # bus's next stop, the chase, the bank they retreated to.
        place, place_why = PLACE_TIES["district"], EARLIER_CALLER_WHY
    text = text_similarity(incident.text, report.text)
    if place == 0.0 and age <= NEAR_FLOOR_WITHIN and _nowhere_alike(incident, report, text):
        place, place_why = PLACE_TIES["district"], NOWHERE_SOON_WHY
    if place == 0.0:
        return Decision(False, 0.0, (kind_why, place_why))
    personal = {incident.topic, report.topic} & PERSONAL_TOPICS
    refers_back = _refers_back(incident.text) or _refers_back(report.text)
    if personal and event_words.says(report.text, event_words.ANOTHER):
        why = "another person: the caller says there is one more"
        return Decision(False, 0.0, (kind_why, place_why, why))
    if incident.category == report.category == "medical" and _other_person(incident, report):
        why = "another person: the callers describe different people"
        return Decision(False, 0.0, (kind_why, place_why, why))
    queued = _stuck_behind(incident, report) or _stuck_behind(report, incident)
    if (
        personal
        and not (refers_back or again or queued)
        and age > PERSONAL_QUICK
        and text < PERSONAL_WORDS
    ):
        why = f"one person's emergency each? {_span(age)} apart, words {text:.2f}"
        return Decision(False, 0.0, (kind_why, place_why, why))
    if age <= NEAR_FLOOR_WITHIN:
        # Calls minutes apart within the kind's reach: a point near its edge still
        # counts (GPS in a moving car or under a roof is off by hundreds of metres).
        place = max(place, NEAR_FLOOR)
    time = 1.0 - age / window
    score = (
        WEIGHTS["kind"] * kind
        + WEIGHTS["place"] * place
        + WEIGHTS["time"] * time
        + WEIGHTS["text"] * text
    )
    score = round(score, 3)
    reasons = (kind_why, place_why, f"{_span(age)} apart", f"words {text:.2f}")
    if place_why in SHOWN_ONLY and {incident.category, report.category} & EMERGENCIES:
        # An emergency tied by nothing but the words of a caller who says nothing of
        # where: the call-taker and the desk see the candidate with its reasons, but
        # triage does not hide what may be a second fire inside the first one's
        # incident (an unplaced P1 stands out at the top of the queue instead).
        return Decision(False, score, (*reasons, NOT_MERGED_WHY))
    return Decision(score >= THRESHOLD, score, reasons)


def search_radius_m(report: Sighting) -> float:
    """How far from this report an incident can lie and still be judged the same
    event: dispatch.matching fetches the candidates within it."""
    own = TOPIC_RADII_M.get(report.topic) or radius_m(report.category)
    metres = max(own, CROSS_KIND_REACH_M) * UPDATE_REACH
    for category, (far_m, _) in SEEN_FROM_FAR.items():
        if any(compatible(kind, category) for kind in {report.category, *report.kinds}):
            metres = max(metres, far_m)
    return metres


def named_not_seen(report: Sighting) -> bool:
    """Its words, not its point, say where the event is: no point, or a caller
    calling back from elsewhere. dispatch.matching judges such a report against the
    recent open incidents wherever they lie."""
    return not report.has_point or _calls_back(report) or event_words.earlier_caller(report.text)


def is_wide(report: Sighting) -> bool:
    """Felt across the area: its match needs no common place (WIDE_TOPICS)."""
    return report.topic in WIDE_TOPICS


# The weight of phrases that name an event, not a passing word ("jalan", "motor": 3).
NAMED_NOW = 6

# What an event of a kind becomes while its caller waits: people trapped or hurt.
ESCALATES_TO: dict[str, frozenset[str]] = {
    "fire": frozenset({"rescue", "medical"}),
    "traffic_accident": frozenset({"rescue", "medical"}),
    "disaster": frozenset({"rescue", "medical"}),
    "rescue": frozenset({"medical"}),
}

AS_THE_RULES_READ = "as the rules read them"

# Kinds one event is reported as only when each report names the other's.
MUTUAL_KINDS = frozenset({"traffic_accident", "crime"})

# A person electrocuted by a fallen line is the line's own event: PLN cuts the
# power while the ambulance comes.
ELECTROCUTED = ("setrum", "strum", "tersengat listrik", "kena listrik", "electrocuted")


def _kind(a: Sighting, b: Sighting) -> tuple[float, str]:
    utility = {a.topic, b.topic} & UTILITY_TOPICS
    if "electricity" in utility and _electrocuted_by_line(a, b):
        return 0.7, f"{a.topic or a.category} ~ {b.topic or b.category}: electrocuted by the line"
    if utility and a.topic != b.topic:
        # The power cut after a fire is PLN's own job, whatever caused it.
        return 0.0, f"different kinds: {a.topic or a.category} and {b.topic or b.category}"
    if not compatible(a.category, b.category):
        if a.rules_category or b.rules_category:
            # The second reader filed one of them under another kind ("banjir, motor
            # pada mogok" as a crash): judged again as the rules read them.
            ruled_a = replace(a, category=a.rules_category or a.category, rules_category="")
            ruled_b = replace(b, category=b.rules_category or b.category, rules_category="")
            value, why = _kind(ruled_a, ruled_b)
            if value:
                return value, f"{why}; {AS_THE_RULES_READ}"
        if _names_the_other(a, b) or _names_the_other(b, a):
            return 0.6, f"{a.category} ~ {b.category}, named in both"
        return 0.0, f"different kinds: {a.category} and {b.category}"
    if {a.category, b.category} == MUTUAL_KINDS and not (
        a.category in b.kinds and b.category in a.kinds
    ):
        # A phone lost in an angkot and a crash outside: each must name the other
        # (the begal's victim speaks of the road, the crash's caller of the begal).
        return 0.0, f"different kinds: {a.category} and {b.category}, not named in both"
    if a.category != b.category:
        # A man who fainted and a pickpocket's victim at one car-free day: kinds one
        # event can be, but two people's emergencies unless a caller says otherwise.
        if _one_persons(a, b) and not _either_names(a, b):
            why = f"different kinds: {a.category} and {b.category}, neither named in the other"
            return 0.0, why
        return 0.7, f"{a.category} ~ {b.category}"
    if a.topic and b.topic and a.topic != b.topic:
        if a.category not in EMERGENCIES and (_refers_back(a.text) or _refers_back(b.text)):
            # A complaint made again in other words ("bau TPA" after "sampah TPA"):
            # the place and the caller's "again" carry it.
            return 0.7, f"{a.topic} ~ {b.topic}, a complaint made again"
        if frozenset((a.topic, b.topic)) not in COMPATIBLE_TOPICS:
            return 0.0, f"different kinds: {a.topic} and {b.topic}"
        return 0.8, f"{a.topic} ~ {b.topic}"
    return 1.0, f"same kind: {a.topic or a.category}"


def _one_persons(a: Sighting, b: Sighting) -> bool:
    """Whether one of two reports of different kinds is one person's emergency (a
    man fainted, a child missing, a passenger fallen into the sea) that the other
    may not be about: a report no rule could read says nothing either way, and a
    flood carries people away."""
    if "other" in (a.category, b.category) or {a.topic, b.topic} & {"flood"}:
        return False
    return bool({a.topic, b.topic} & (PERSONAL_TOPICS | SWEPT_AWAY))


def _names_another_kind(incident: Sighting, report: Sighting) -> bool:
    """Whether what the caller says is so now names a kind that is not the incident's
    event (the drunk man's caller, now of a fire in the rubbish; the stolen
    motorbike's, now of a father short of breath). Only what is named with weight
    counts: the road they wait on or the motorbike they follow on is where they are,
    not another event; nor the hospital they took the victim to. The incident's own
    words, and what its kind turns into (people trapped by a fire), are not new."""
    now = categories_named(event_words.said_now(report.text), least=NAMED_NOW)
    known = {incident.category, *categories_named(incident.text, least=NAMED_NOW)}
    known |= ESCALATES_TO.get(incident.category, frozenset())
    return bool(now - known - {"health_service"})


def _electrocuted_by_line(a: Sighting, b: Sighting) -> bool:
    other = b if a.topic == "electricity" else a
    return other.category == "medical" and event_words.says(other.text, ELECTROCUTED)


def _either_names(a: Sighting, b: Sighting) -> bool:
    """Whether one report names the other's kind. A medical report must name the
    scene (the crash, the fire): every crash report names its injured, so the crash
    naming "luka" says nothing of the man who had a seizure at home nearby. A
    driver stuck in the jam behind a crash ("macet ... tidak gerak") names it too."""
    medical = [s for s in (a, b) if s.category == "medical"]
    if len(medical) == 1:
        patient = medical[0]
        scene = b if patient is a else a
        jam = scene.category == "traffic_accident" and event_words.says(
            patient.text, event_words.JAM
        )
        return scene.category in patient.kinds or jam
    return a.category in b.kinds or b.category in a.kinds


def _names_the_other(a: Sighting, b: Sighting) -> bool:
    """Whether a's words, in a report of a lesser kind, name b's emergency: a traffic
    jam "because a truck overturned" names the crash another caller reported; the
    extortion at a market does not name the fire there, even if the fire's caller
    mentions the kiosks."""
    if a.category in EMERGENCIES or b.category not in EMERGENCIES:
        return False
    # Stuck in the queue a crash or a landslide on the road makes.
    jam = b.category in ("traffic_accident", "disaster") and event_words.says(
        a.text, event_words.JAM
    )
    # Sent out of their houses, the road closed by the police: what an emergency
    # next door looks like to those who do not know what it is.
    cleared = event_words.says(a.text, event_words.CLEARED)
    return b.category in a.kinds or jam or cleared


def _stuck_behind(a: Sighting, b: Sighting) -> bool:
    """A caller stuck in the queue behind b's crash: no one's emergency but the crash's."""
    return (
        b.category == "traffic_accident"
        and a.category != b.category
        and event_words.says(a.text, event_words.JAM)
    )


def _window(a: Sighting, b: Sighting) -> timedelta:
    if _wide(a, b):
        return WIDE_WINDOW
    if _refers_back(a.text) or _refers_back(b.text):
        # A complaint made again or an update: the longer kind's window ("the hole I
        # reported a week ago is still there"); news of a search, its days.
        window = max(time_window(a.category), time_window(b.category))
        searching = event_words.says(a.text, event_words.SEARCH) or event_words.says(
            b.text, event_words.SEARCH
        )
        if "rescue" in (a.category, b.category) and searching:
            window = max(window, SEARCH_WINDOW)
        return window
    # A report no rule could read ("other") says nothing of how long its event lasts.
    known = [_own_window(s) for s in (a, b) if s.category != "other"]
    window = min(known) if known else _own_window(a)
    if a.category != b.category:
        # Two kinds a day apart are an event and its aftermath (the road the flood
        # broke, the diarrhoea after it): each its own job.
        window = min(window, CROSS_KIND_WINDOW)
    return window


def _own_window(sighting: Sighting) -> timedelta:
    return TOPIC_WINDOWS.get(sighting.topic, time_window(sighting.category))


def _place(a: Sighting, b: Sighting) -> tuple[float, str]:
    if _asks_of_another_place(a, b) or _asks_of_another_place(b, a):
        return 0.0, "a question about another place"
    tie = _named_tie(a, b)
    if a.has_point and b.has_point and (_calls_back(a) or _calls_back(b)):
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
    if a.has_point and b.has_point:
        metres, reach = _distance(a, b), _reach(a, b)
        if metres <= reach:
            near = 1.0 - (metres / reach) ** 2  # callers of one event stand around it
            return max(tie, near), f"{metres:.0f} m apart (of {reach:.0f} m)"
        # A village's centre says little of how far apart the callers are.
        if tie >= PLACE_TIES["landmark"] or (tie and (a.approximate or b.approximate)):
            return tie, f"the same place, {a.place.partition(':')[2]}"
        shared = _shared_names(a, b) if a.approximate or b.approximate else frozenset()
        if shared:
            value = NAMED_IN_WORDS[min(len(shared), len(NAMED_IN_WORDS)) - 1]
            return value, f"placed by words only; the same place named: {', '.join(sorted(shared))}"
        if _seen_from_far(a, b, metres):
            why = f"seen from far: {metres:.0f} m apart, one area {_regency(a)}"
            return max(tie, PLACE_TIES["village"]), why
        return 0.0, f"too far: {metres:.0f} m > {reach:.0f} m"
    if tie:
        return tie, f"the same place, {a.place.partition(':')[2]}"
    shared = _shared_names(a, b)
    if shared:
        value = NAMED_IN_WORDS[min(len(shared), len(NAMED_IN_WORDS)) - 1]
        return value, f"the same place named: {', '.join(sorted(shared))}"
    if _wide(a, b):
        return PLACE_TIES["village"], "felt across the whole area"
    if _swept_away_somewhere(a, b):
        return PLACE_TIES["district"], NOWHERE_WHY
    return 0.0, "no place in common"


def _new_victim(incident: Sighting, report: Sighting) -> bool:
    if incident.topic not in AREA_EVENTS:
        return False
    return event_words.says(report.text, NEW_VICTIM) and not event_words.says(
        incident.text, NEW_VICTIM
    )


def _nowhere_alike(a: Sighting, b: Sighting, text: float) -> bool:
    """One of two reports of one topic says nothing of where, minutes after the
    other, in words alike ("bau gas keras dr rumah makan padang" after a gas leak at
    the rumah makan padang by the field)."""
    if not a.topic or a.topic != b.topic or text < NOWHERE_WORDS:
        return False
    return any(_nowhere(s) for s in (a, b))


def _nowhere(sighting: Sighting) -> bool:
    """No point, no place placed, no name, no street or area announced ("jalan
    Tanjung Api-Api" names one even in words the dictionary knows)."""
    if sighting.has_point or sighting.place or place_words.place_names(sighting.text):
        return False
    return not ANNOUNCED_PLACE.search(sighting.text.lower())


def _swept_away_somewhere(a: Sighting, b: Sighting) -> bool:
    """Someone gone into the sea or a river, or a child lost, and a caller who says
    nothing of where (the family: "kapal bocor di laut, 3 org pegangan jeriken"):
    nothing sets them apart, and such calls are rare enough in one area's hours
    (TOPIC_WINDOWS) to be one search."""
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
    """Place names in the words of both; a name inside a joined one counts once."""
    shared = place_words.place_names(a.text) & place_words.place_names(b.text)
    return frozenset(n for n in shared if not any(n != m and n in m for m in shared))


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
    if _refers_back(a.text) or _refers_back(b.text):
        reach *= UPDATE_REACH
    return reach


def _seen_from_far(a: Sighting, b: Sighting, metres: float) -> bool:
    if not _regency(a) or _regency(a) != _regency(b):
        return False
    for category in {a.category, b.category} & SEEN_FROM_FAR.keys():
        far_m, words = SEEN_FROM_FAR[category]
        if metres <= far_m and (event_words.says(a.text, words) or event_words.says(b.text, words)):
            return True
    return False


def _water_both(a: Sighting, b: Sighting) -> bool:
    flood = [s for s in (a, b) if s.topic == "flood"]
    if len(flood) != 1:
        return False
    street = b if flood[0] is a else a
    return street.category == "infrastructure" and (
        street.topic == "drainage" or "disaster" in street.kinds
    )


def _calls_back(sighting: Sighting) -> bool:
    return event_words.calls_back(sighting.text) or (
        sighting.category == "rescue" and event_words.says(sighting.text, event_words.SEARCH)
    )


def _refers_back(text: str) -> bool:
    return event_words.says(text, event_words.REFERS_BACK)


def _wide(a: Sighting, b: Sighting) -> bool:
    return a.topic == b.topic and a.topic in WIDE_TOPICS


def _regency(sighting: Sighting) -> str:
    code = sighting.region[:REGENCY_CODE_LENGTH]
    return code if len(code) == REGENCY_CODE_LENGTH else ""


def _named_tie(a: Sighting, b: Sighting) -> float:
    if not a.place or a.place != b.place:
        return 0.0
    return PLACE_TIES.get(a.place.partition(":")[0], 0.0)


def _span(age: timedelta) -> str:
    minutes = int(age.total_seconds() // 60)
    if minutes < 120:
        return f"{minutes} min"
    hours = minutes // 60
    return f"{hours} h" if hours < 48 else f"{hours // 24} d"


# Words that say who the patient is, when no other kind of person is named.
PERSONS = {
    "female": (
        "perempuan",
        "wanita",
        "ada ibu",
        "seorang ibu",
        "ibu hamil",
        "ibu-ibu",
        "ibu2",
        "nenek",
        "oma",
        "hamil",
        "cewek",
        "gadis",
        "woman",
        "girl",
    ),
    "male": (
        "pria",
        "ada bapak",
        "seorang bapak",
        "bapak tua",
        "bapak-bapak",
        "bapak2",
        "laki-laki",
        "laki laki",
        "lelaki",
        "kakek",
        "opa",
        "cowok",
        "man",
        "boy",
    ),
    "child": ("balita", "bayi", "bocah", "anak kecil", "budak kecik", "baby", "child"),
    "elderly": ("lansia", "nenek", "kakek", "oma", "opa", "tua", "elderly", "old"),
}
CONFLICTS = (("female", "male"), ("child", "elderly"))
_WORDS = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _other_person(a: Sighting, b: Sighting) -> bool:
    """Each caller describes one person, and not the same one: a pregnant woman and
    an old man fainting in one terminal are two patients."""
    first, second = _persons(a.text), _persons(b.text)
    return any(
        (one in first and other in second and other not in first and one not in second)
        or (other in first and one in second and one not in first and other not in second)
        for one, other in CONFLICTS
    )


def _persons(text: str) -> frozenset[str]:
    # Whole words only: "tua" is not in "tuang", nor "pria" in "Apriani".
    padded = f" {' '.join(_WORDS.findall(text.lower()))} "
    return frozenset(
        kind for kind, words in PERSONS.items() if any(f" {w} " in padded for w in words)
    )
