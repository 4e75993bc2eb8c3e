"""Whether two reports are of one kind of event: the first of the three things
priority.same_event weighs.

The same category, or categories one event is often reported as (a fire with
someone trapped is fire and rescue); inside a category, the same topic (a flood and
a fallen tree are two events even when both are "disaster"). A report of a lesser
kind that names the other's emergency (a jam "because a truck overturned") is about
it; one person's emergency of another kind is not, unless a caller says so.
"""

from __future__ import annotations

import re
from dataclasses import replace

from priority import event_words
from priority.duplicates import compatible
from priority.scan import categories_named, topics_named
from priority.sighting import EMERGENCIES, PERSONAL_TOPICS, SWEPT_AWAY, Sighting, refers_back

# An outage is the utility's own job even when another event caused it.
UTILITY_TOPICS = frozenset({"electricity", "water supply"})
TREE_ON_LINE = frozenset({"fallen tree", "electricity"})

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


# Water or wind over an area (a flooded kampung, roofs blown off): a house it brought
# down on someone, a child electrocuted in the water, is a rescue of its own unless
# the incident's callers spoke of it already.
AREA_EVENTS = frozenset({"flood", "whirlwind or storm"})
NEW_VICTIM = ("roboh", "rubuh", "ambruk", "runtuh", "timpa", "nimpa", "timpo", "tiban")
NEW_VICTIM += ("timbun", "jepit", "setrum", "strum", "collapsed", "electrocuted")
NEW_VICTIM += ("tindis", "tindih", "hanyut", "anyut", "terseret arus", "keseret", "swept away")
# Weather over an area, whatever topic the rules gave the report ("angin kencang,
# banyak pohon tumbang" is a fallen tree; "got meluap" a blocked drain).
AREA_WORDS = ("angin kencang", "angin ribut", "puting beliung", "hujan deras", "banjir")
AREA_WORDS += ("bnjr", "air pasang", "aek pasang", "meluap")
# Kinds whose report of the weather is about the area, not about a fire fanned by
# the wind: a victim in it is a rescue of its own.
WEATHER_KINDS = frozenset({"disaster", "infrastructure", "environment", "other"})
NEW_VICTIM_WHY = "a collapse or a victim its callers never spoke of: a rescue of its own"
# A road or a bridge that gave way: not "putus", which a flooded road is too.
GAVE_WAY = ("amblas", "ambles", "ambrol", "anjlok", "collapsed", "caved in")
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

# Lesser kinds whose reports name an emergency in passing words: a road complaint
# made again after "motor guru jatuh" there, a question of what the smoke is.
WEAKLY_NAMING = frozenset({"infrastructure", "information", "other"})

# Kinds one event is reported as only when each report names the other's.
MUTUAL_KINDS = frozenset({"traffic_accident", "crime"})

# A person electrocuted by a fallen line is the line's own event: PLN cuts the
# power while the ambulance comes.
ELECTROCUTED = ("setrum", "strum", "tersengat listrik", "kena listrik", "electrocuted")
# A short circuit that smokes or sparks next to a fire is how the fire started.
SHORT_CIRCUIT = ("korslet", "konslet", "korsleting", "konsleting", "arus pendek", "short circuit")
SHORT_CIRCUIT += ("mercik", "percik", "letup", "sparks", "sparking")
# A patient found at the roadside, hurt: a crash's victim.
ROADSIDE = ("pinggir jalan", "pinggir jln", "tepi jalan", "di aspal", "side of the road")
ROADSIDE += ("trotoar", "bahu jalan", "pinggir bundaran", "tengah jalan", "roadside", "sidewalk")
HURT = ("berdarah", "tergeletak", "terkapar", "helm", "helmnya", "bleeding")
# A wound from a blade is what a fight or a robbery leaves: its victim's patient
# ("ada yg ketusuk di acara orgen, perutnya berdarah").
STABBED = ("tusuk", "ditusuk", "ketusuk", "tertusuk", "tikam", "ditikam", "ta tikam", "bacok")
STABBED += ("dibacok", "kebacok", "luka bacok", "sabet", "disabet", "kena sabet", "stabbed")
FIGHTS = frozenset({"crime", "public_order"})
FIGHT_WORDS = ("keributan", "ribut", "rusuh", "kerusuhan", "berkelahi", "perkelahian", "berantem")
FIGHT_WORDS += ("bentrok", "tawuran", "tauran", "saling dorong", "saling pukul", "baku pukul")
FIGHT_WORDS += ("bakupukul", "bakalae", "brawl", "fight", "fighting")
WOUNDED = (*STABBED, "luka", "terluka", "berdarah", "darah", "wounded", "bleeding")
POWER_GEAR = ("tiang listrik", "tiang pln", "trafo", "travo", "gardu", "kabel listrik", "kabel pln")
BLOWN = ("meledak", "ledakan", "bunyi dor", "percikan", "korslet", "konslet", "exploded")
SMOKE = ("asap", "berasap", "bau hangus", "kebakar", "terbakar", "api", "smoke", "burning")


def kind_tie(a: Sighting, b: Sighting) -> tuple[float, str]:
    """How well the kinds of two reports agree (0: two events), and why."""
    utility = {a.topic, b.topic} & UTILITY_TOPICS
    if "electricity" in utility and _electrocuted_by_line(a, b):
        return 0.7, f"{a.topic or a.category} ~ {b.topic or b.category}: electrocuted by the line"
    if "electricity" in utility and _smoking_short(a, b):
        return (
            0.7,
            f"{a.topic or a.category} ~ {b.topic or b.category}: a short circuit that smokes",
        )
    if utility and a.topic != b.topic:
        if _both_speak_of_both(a, b):
            # "pohon tumbang menimpa kabel" and "kbl putus kena phn": one tree on one line.
            return 0.7, f"{a.topic or a.category} ~ {b.topic or b.category}: both speak of both"
        # The power cut after a fire is PLN's own job, whatever caused it.
        return 0.0, f"different kinds: {a.topic or a.category} and {b.topic or b.category}"
    if not compatible(a.category, b.category):
        if a.rules_category or b.rules_category:
            # The second reader filed one of them under another kind ("banjir, motor
            # pada mogok" as a crash): judged again as the rules read them.
            ruled_a = replace(a, category=a.rules_category or a.category, rules_category="")
            ruled_b = replace(b, category=b.rules_category or b.category, rules_category="")
            value, why = kind_tie(ruled_a, ruled_b)
            if value:
                return value, f"{why}; {AS_THE_RULES_READ}"
        if _names_the_other(a, b) or _names_the_other(b, a) or _wounded_in_it(a, b):
            return 0.6, f"{a.category} ~ {b.category}, named in both"
        return 0.0, f"different kinds: {a.category} and {b.category}"
    if {a.category, b.category} == MUTUAL_KINDS and not (
        a.category in b.kinds and b.category in a.kinds
    ):
        # A phone lost in an angkot and a crash outside: each must name the other
        # (the begal's victim speaks of the road, the crash's caller of the begal).
        return 0.0, f"different kinds: {a.category} and {b.category}, not named in both"
    if a.category != b.category:
        # A man who fainted and a pickpocket's victim at one car-free day, a boat on
        # fire and a man hurt falling down the jetty's stairs: kinds one event can
        # be, but two emergencies unless a caller names the other's (a flood's
        # callers are its rescues: they need not name it, nor need those trapped
        # upstairs by a fire, who may not see it).
        both = {a.category, b.category} <= EMERGENCIES - {"disaster"}
        named = _either_names(a, b) or _trapped_by_fire(a, b) or _news_of_its_victim(a, b)
        named = named or _one_fight(a, b)
        if (_one_persons(a, b) or both) and not named:
            why = f"different kinds: {a.category} and {b.category}, neither named in the other"
            return 0.0, why
        read = "other" not in (a.category, b.category)
        if read and {a.topic, b.topic} & SWEPT_AWAY and not _names_outright(a, b):
            # Someone in the water and a fire or a crash on the same jetty: every
            # report there speaks of boats and the sea, so only an event named
            # outright ties them ("penumpang lompat ke laut" of the burning boat).
            why = f"different kinds: {a.category} and {b.category}, neither named in the other"
            return 0.0, why
        return 0.7, f"{a.category} ~ {b.category}"
    if a.topic and b.topic and a.topic != b.topic:
        if a.category not in EMERGENCIES and (refers_back(a.text) or refers_back(b.text)):
            # A complaint made again in other words ("bau TPA" after "sampah TPA"):
            # the place and the caller's "again" carry it.
            return 0.7, f"{a.topic} ~ {b.topic}, a complaint made again"
        if frozenset((a.topic, b.topic)) not in COMPATIBLE_TOPICS:
            return 0.0, f"different kinds: {a.topic} and {b.topic}"
        return 0.8, f"{a.topic} ~ {b.topic}"
    return 1.0, f"same kind: {a.topic or a.category}"


def _news_of_its_victim(incident: Sighting, report: Sighting) -> bool:
    """The caller, or the victim's kin, calling back with news of the incident's
    victim, who is now a patient ("korban sumur tadi sudah ditarik, sekarang dibawa ke
    RSUD"; "saya yang tadi, korbannya saya bawa ke RSUD"): what the incident's kind
    turns into (ESCALATES_TO), not another emergency."""
    if report.category not in ESCALATES_TO.get(incident.category, frozenset()):
        return False
    return event_words.calls_back(report.text) or event_words.earlier_caller(report.text)


def _trapped_by_fire(a: Sighting, b: Sighting) -> bool:
    """People trapped, and a fire: what a fire does to those upstairs."""
    return {a.category, b.topic} == {"fire", "trapped people"} or {
        a.topic,
        b.category,
    } == {"trapped people", "fire"}


def _both_speak_of_both(a: Sighting, b: Sighting) -> bool:
    """A tree down on a line, each caller naming both. An outage after a fire or a
    crash is still PLN's own job, whatever its callers say of the cause."""
    topics = {a.topic, b.topic}
    if topics != TREE_ON_LINE:
        return False
    return all(topics <= topics_named(s.text, least=NAMED_NOW) for s in (a, b))


def _one_persons(a: Sighting, b: Sighting) -> bool:
    """Whether one of two reports of different kinds is one person's emergency (a
    man fainted, a child missing, a passenger fallen into the sea) that the other
    may not be about: a report no rule could read says nothing either way, and a
    flood carries people away."""
    if "other" in (a.category, b.category) or {a.topic, b.topic} & {"flood"}:
        return False
    return bool({a.topic, b.topic} & (PERSONAL_TOPICS | SWEPT_AWAY))


def names_another_kind(incident: Sighting, report: Sighting) -> bool:
    """Whether what the caller says is so now names a kind that is not the incident's
    event (the drunk man's caller, now of a fire in the rubbish; the stolen
    motorbike's, now of a father short of breath). Only what is named with weight
    counts: the road they wait on or the motorbike they follow on is where they are,
    not another event; nor the hospital they took the victim to. The incident's own
    words, and what its kind turns into (people trapped by a fire), are not new."""
    return _new_kinds(incident, event_words.said_now(report.text))


def left_behind(incident: Sighting, report: Sighting) -> bool:
    """Whether the report is of what an event left behind, of a kind that is not the
    incident's (the bridge a flood broke, the line a fire brought down), or of a
    road that gave way under the water a flood's callers spoke of (PUPR's job)."""
    if event_words.says(report.text, event_words.AFTERMATH) and _new_kinds(incident, report.text):
        return True
    gave_way = event_words.says(report.text, GAVE_WAY) and not event_words.says(
        incident.text, GAVE_WAY
    )
    return incident.topic in AREA_EVENTS and report.category == "infrastructure" and gave_way


def _new_kinds(incident: Sighting, words: str) -> bool:
    named = categories_named(words, least=NAMED_NOW)
    known = {incident.category, *categories_named(incident.text, least=NAMED_NOW)}
    known |= ESCALATES_TO.get(incident.category, frozenset())
    if incident.category in FIGHTS and event_words.says(words, WOUNDED):
        known.add("medical")  # the robbed or beaten victim's wound is the crime's own
    return bool(named - known - {"health_service"})


def _electrocuted_by_line(a: Sighting, b: Sighting) -> bool:
    other = b if a.topic == "electricity" else a
    return other.category == "medical" and event_words.says(other.text, ELECTROCUTED)


def _smoking_short(a: Sighting, b: Sighting) -> bool:
    """A short circuit with smoke or sparks next to a fire is how it started: the
    one fire, which PLN and the firemen answer together."""
    line, other = (a, b) if a.topic == "electricity" else (b, a)
    if other.category != "fire":
        return False
    if event_words.says(line.text, SHORT_CIRCUIT) and event_words.says(line.text, SMOKE):
        return True
    # The fire is on the pole or the transformer the outage's caller heard blow; not
    # the line a fire brought down, told after it ("sejak kebakaran tadi").
    on_the_line = event_words.says(other.text, POWER_GEAR)
    after = event_words.says(line.text, (*event_words.AFTER, "habis"))
    return on_the_line and not after and event_words.says(line.text, (*SMOKE, *BLOWN))


def _names_outright(a: Sighting, b: Sighting) -> bool:
    named_in_a = categories_named(a.text, least=NAMED_NOW)
    return b.category in named_in_a or a.category in categories_named(b.text, least=NAMED_NOW)


def _either_names(a: Sighting, b: Sighting) -> bool:
    """Whether one report names the other's kind. A medical report must name the
    scene (the crash, the fire): every crash report names its injured, so the crash
    naming "luka" says nothing of the man who had a seizure at home nearby. A
    driver stuck in the jam behind a crash ("macet ... tidak gerak") names it too,
    and so does a passer-by who finds someone bleeding at the roadside."""
    medical = [s for s in (a, b) if s.category == "medical"]
    if len(medical) == 1:
        patient = medical[0]
        scene = b if patient is a else a
        road = scene.category == "traffic_accident" and (
            event_words.says(patient.text, event_words.JAM) or _hurt_by_the_road(patient)
        )
        return scene.category in patient.kinds or road or _wounded_in_it(a, b)
    return a.category in b.kinds or b.category in a.kinds


def _one_fight(a: Sighting, b: Sighting) -> bool:
    """A brawl reported as a disturbance, and as the violence it came to ("keributan
    anak muda di taman", "tawuran, satu anak kena bacok"): one fight."""
    for rowdy, violent in ((a, b), (b, a)):
        if rowdy.category == "public_order" and violent.category == "crime":
            blows = event_words.says(violent.text, (*FIGHT_WORDS, *STABBED))
            return event_words.says(rowdy.text, FIGHT_WORDS) and blows
    return False


def _wounded_in_it(a: Sighting, b: Sighting) -> bool:
    """A patient with a blade's wound, and a fight or a robbery: its victim."""
    for patient, scene in ((a, b), (b, a)):
        if patient.category == "medical" and scene.category in FIGHTS:
            return event_words.says(patient.text, STABBED)
    return False


def _hurt_by_the_road(patient: Sighting) -> bool:
    """Someone lying or bleeding at the roadside is how a crash's victim looks to the
    passer-by who found them ("bapak2 tergeletak berdarah di pinggir jalan")."""
    return event_words.says(patient.text, ROADSIDE) and event_words.says(patient.text, HURT)


def _names_the_other(a: Sighting, b: Sighting) -> bool:
    """Whether a's words, in a report of a lesser kind, name b's emergency: a traffic
    jam "because a truck overturned" names the crash another caller reported; the
    extortion at a market does not name the fire there, even if the fire's caller
    mentions the kiosks."""
    if a.category in EMERGENCIES or b.category not in EMERGENCIES:
        return False
    if a.category == "environment" and event_words.says(a.text, event_words.RUBBISH_BURNT):
        return False  # its smoke is the rubbish's, not the house's on fire nearby
    # Stuck in the queue a crash or a landslide on the road makes.
    jam = b.category in ("traffic_accident", "disaster") and event_words.says(
        a.text, event_words.JAM
    )
    # Sent out of their houses, the road closed by the police: what an emergency
    # next door looks like to those who do not know what it is.
    cleared = event_words.says(a.text, event_words.CLEARED)
    if a.category not in WEAKLY_NAMING:
        # A drunk throwing bottles at passing riders names no crash: the other's
        # event must be named outright.
        named = categories_named(a.text, least=NAMED_NOW)
        return b.category in named or jam or cleared
    if b.topic in SWEPT_AWAY:
        # Every report at a jetty speaks of boats, passengers and the sea: only
        # someone in the water named outright is the other's rescue.
        return b.category in categories_named(a.text, least=NAMED_NOW) or cleared
    return b.category in a.kinds or jam or cleared


def stuck_behind(a: Sighting, b: Sighting) -> bool:
    """A caller stuck in the queue behind b's crash: no one's emergency but the crash's."""
    return (
        b.category == "traffic_accident"
        and a.category != b.category
        and event_words.says(a.text, event_words.JAM)
    )


# A caller's own people: "istri saya", "bapak saya di mobil".
OWN_PEOPLE = re.compile(
    r"\b(?:istri|suami|anak|bapak|ibu|ayah|mama|papa|kakek|nenek|adik|kakak|mertua)"
    r" (?:saya|sy|aku|ku|kami|gue|gw)\b|\b(?:my|our) (?:wife|husband|son|daughter|father"
    r"|mother|dad|mum|mom|child|baby)\b"
)


def patient_in_the_jam(incident: Sighting, report: Sighting) -> bool:
    """A caller stuck in the jam behind a crash with someone of their own taken ill
    ("kami kejebak macet, istri saya mau melahirkan"): a patient of their own, whom
    the crash's callers never spoke of."""
    if incident.category != "traffic_accident" or report.category not in ("medical", "rescue"):
        return False
    if not event_words.says(report.text, event_words.JAM):
        return False
    own = OWN_PEOPLE.search(report.text.lower())
    return bool(own) and not OWN_PEOPLE.search(incident.text.lower())


def new_victim(incident: Sighting, report: Sighting) -> bool:
    weather = incident.category in WEATHER_KINDS and incident.topic not in UTILITY_TOPICS
    if incident.topic not in AREA_EVENTS and not (
        weather and event_words.says(incident.text, AREA_WORDS)
    ):
        return False
    return event_words.says(report.text, NEW_VICTIM) and not event_words.says(
        incident.text, NEW_VICTIM
    )
