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

The three are weighed in priority.event_kind and priority.event_place; the
patients' descriptions in priority.persons.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

from priority import event_words
from priority.duplicates import compatible, radius_m, text_similarity, time_window
from priority.event_kind import (
    AS_THE_RULES_READ,
    NEW_VICTIM_WHY,
    kind_tie,
    left_behind,
    names_another_kind,
    new_victim,
    patient_in_the_jam,
    stuck_behind,
)
from priority.event_place import (
    CROSS_KIND_REACH_M,
    DRIFT_REACH,
    LAND_FIRE_SEEN_M,
    NOWHERE_KIND_WHY,
    NOWHERE_SOON_WHY,
    NOWHERE_WHY,
    PLACE_TIES,
    SEEN_FROM_FAR,
    TOPIC_RADII_M,
    UPDATE_REACH,
    WIDE_TOPICS,
    calls_back,
    just_beyond,
    nowhere_alike,
    nowhere_same_kind,
    place_tie,
    regency,
    rumour,
    seen_burning_afar,
    told_alike,
    wide,
)
from priority.persons import in_danger, one_birth, other_person, other_role
from priority.scan import categories_named
from priority.sighting import (
    EMERGENCIES,
    PERSONAL_TOPICS,
    SWEPT_AWAY,
    Decision,
    Sighting,
    refers_back,
)
from priority.vehicles import other_crash, other_theft, vehicles

LEFT_BEHIND_WHY = "what the event left behind, of another kind: a job of its own"
IN_THE_JAM_WHY = "a patient of the caller's own, stuck in the jam behind the crash"
LOOTED_WHY = "a theft during the event: a job of its own for the police"
RESPONDER_WHY = "a responder hurt at the scene: a patient of their own, linked to the incident"
NO_CRASH_WHY = "the patient's caller says no one hit them: not the crash"
# A patient's caller who says it was no crash ("gak ada yg nabrak, tiba2 jatuh
# sendiri", "pegang dada, ga ada kendaraan"): a patient of their own near a crash.
NO_CRASH = tuple(
    f"{no} {what}"
    for no in ("gak ada", "ga ada", "gk ada", "nggak ada", "tidak ada", "tdk ada", "nda ada")
    for what in ("yg nabrak", "yang nabrak", "yang menabrak", "kendaraan", "yg tabrak")
)
NO_CRASH += ("bukan kecelakaan", "bukan tabrakan", "bukan laka", "not a crash", "nobody hit")
# Events whose goods are carried out into the street, and taken.
LOOTED_EVENTS = frozenset({"fire", "disaster"})
OTHER_CRASH_WHY = "another crash: the callers describe different vehicles"
OTHER_THEFT_WHY = "another theft: the callers say different things were taken"
# A decision at or above this score attaches the report.
THRESHOLD = 0.5
WEIGHTS = {"kind": 0.3, "place": 0.4, "time": 0.15, "text": 0.15}

NEAR_FLOOR = 0.4
# Callers of one emergency call within minutes of each other: within this, points
# a little beyond the reach still meet (event_place.just_beyond).
MARGIN_WITHIN = timedelta(minutes=10)
NEAR_FLOOR_WITHIN = timedelta(minutes=30)

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
# The incident's caller calling again from where they went since, in its kabupaten/kota.
EARLIER_CALLER_WHY = "the earlier caller, calling again from elsewhere in the area"
CHASE_WHY = "in pursuit: the caller follows the culprit elsewhere in the area"
# A search at sea, in a river or a forest runs for days (Basarnas closes an operation
# after seven): news of the missing person is about the same event until then.
SEARCH_WINDOW = timedelta(days=7)

# One birth, its callers on the way to the midwife or the puskesmas, in one area.
ON_ITS_WAY = timedelta(hours=1)
ON_ITS_WAY_WHY = "one birth, on its way to care: the mother is being brought"
# Words of a mother being moved: the boat, the car, the referral, the pick-up.
ON_THE_WAY = ("perahu", "prahu", "speedboat", "speed", "kapal", "mobil", "jemput", "bawa", "bw")
ON_THE_WAY += (
    "rujukan",
    "dirujuk",
    "sandar",
    "sampai",
    "sampe",
    "transport",
    "menuju",
    "on the way",
)

# "Banjir lagi" hours after a flood there is another flood: the first went down.
AGAIN_AFTER = timedelta(hours=3)
AGAIN_WHY = "it happened again, hours later: a new event"

# Felt across the whole area (event_place.WIDE_TOPICS): one event in its first hours.
WIDE_WINDOW = timedelta(hours=6)
# Two kinds a day apart are an event and its aftermath: each its own job.
CROSS_KIND_WINDOW = timedelta(hours=12)
# One person's emergency (PERSONAL_TOPICS) needs its callers' words to agree, or
# to come in quick succession.
PERSONAL_QUICK = timedelta(minutes=20)
PERSONAL_WORDS = 0.15
# A caller who says nothing of where ties an emergency only to be shown, unless
# the incident is the only open one of its kind (lone_candidate).
SHOWN_ONLY = frozenset({NOWHERE_WHY, NOWHERE_SOON_WHY, NOWHERE_KIND_WHY})
# A call that opens on someone or something already spoken of: the caller of a
# moment ago, calling again ("dia udah ga sadar", "ularnya skrg pindah ke kasur").
# Not the words that only end like it ("hanya", "katanya", "kayaknya").
SPOKEN_OF = re.compile(
    r"\s*(?!(?:hanya|punya|tanya|katanya|rupanya|biasanya|sepertinya|kayaknya|kayanya"
    r"|akhirnya|tampaknya|sebenarnya|pokoknya|soalnya|makanya|rasanya|intinya)\b)"
    r"(?:dia|[a-z]{3,}nya)\b"
)
# "yg tawuran tadi", "yang kebakaran td": the event the caller spoke of before.
THE_ONE_BEFORE = re.compile(r"\b(?:yang|yg) (?:[a-z]+ ){1,2}(?:tadi|td)\b")
# "di Purwodadi juga, keluarga pak Darmo kejebak": someone else, there too.
ALSO_THERE = re.compile(r"\b(?:di|d) \w+(?: \w+)? (?:juga|jg)\b", re.IGNORECASE)
NOT_MERGED_WHY = "shown, not merged: the place is not known"
LONE_WHY = "merged: the only open incident of its kind, confirm the place with the caller"

__all__ = ["THRESHOLD", "WIDE_WINDOW", "Decision", "Sighting", "is_wide", "named_not_seen"]
__all__ += ["lone_candidate", "merged_alone", "same_event", "search_radius_m"]


def same_event(incident: Sighting, report: Sighting, age: timedelta) -> Decision:
    """Whether `report`, made `age` after the incident was opened, is the same event."""
    if event_words.says_new_event(report.text):
        return Decision(False, 0.0, ("the caller says it is another event",))
    if event_words.reports_again(report.text) and (
        names_another_kind(incident, report) or _speaks_of_another(incident, report)
    ):
        return Decision(False, 0.0, ("the caller reported before and now names something else",))
    if left_behind(incident, report):
        return Decision(False, 0.0, (LEFT_BEHIND_WHY,))
    if _looted(incident, report) or _looted(report, incident):
        return Decision(False, 0.0, (LOOTED_WHY,))
    if event_words.responder_hurt(report.text) and not event_words.responder_hurt(incident.text):
        return Decision(False, 0.0, (RESPONDER_WHY,))
    if _no_crash(incident, report) or _no_crash(report, incident):
        return Decision(False, 0.0, (NO_CRASH_WHY,))
    kind, kind_why = kind_tie(incident, report)
    if kind == 0.0:
        return Decision(False, 0.0, (kind_why,))
    if kind_why.endswith(AS_THE_RULES_READ):
        # A follow-up the reader filed as a question ("ularnya skrg pindah ke bawah
        # kasur, kapan damkar dateng?") is of the incident's kind as the rules read it.
        incident, report = _as_ruled(incident, report), _as_ruled(report, incident)
    if new_victim(incident, report):
        return Decision(False, 0.0, (kind_why, NEW_VICTIM_WHY))
    if patient_in_the_jam(incident, report):
        return Decision(False, 0.0, (kind_why, IN_THE_JAM_WHY))
    window = _window(incident, report)
    age = abs(age)  # the clocks of intake channels disagree by a few seconds
    if age > window:
        return Decision(False, 0.0, (f"too long after: {_span(age)} > {_span(window)}",))
    if age >= AGAIN_AFTER and event_words.happened_again(report.text):
        return Decision(False, 0.0, (kind_why, AGAIN_WHY))
    place, place_why = place_tie(incident, report)
    again = event_words.earlier_caller(report.text)
    # Placed nowhere, the caller is still in the call centre's area.
    area = regency(report) or ("" if report.has_point else regency(incident))
    chasing = age <= NEAR_FLOOR_WITHIN and event_words.says(report.text, event_words.CHASING)
    if place == 0.0 and regency(incident) and regency(incident) == area:
        if again:
            # The caller of the incident calling again from where they went since:
            # the bus's next stop, the chase, the bank they retreated to.
            place, place_why = PLACE_TIES["district"], EARLIER_CALLER_WHY
        elif chasing:
            # A witness or the victim on the thief's heels ("saya masih ngikutin
            # copetnya, sekarang dia masuk gang samping stasiun").
            place, place_why = PLACE_TIES["district"], CHASE_WHY
    text = text_similarity(incident.text, report.text)
    if place == 0.0 and age <= NEAR_FLOOR_WITHIN and nowhere_alike(incident, report, text):
        place, place_why = PLACE_TIES["district"], NOWHERE_SOON_WHY
    # Both placed: a caller who says nothing of where is left to the lone rule.
    placed = incident.has_point and report.has_point
    if place == 0.0 and placed and age <= ON_ITS_WAY and area == regency(incident) and area:
        moving = any(event_words.says(s.text, ON_THE_WAY) for s in (incident, report))
        if kind == 1.0 and moving and one_birth(incident.text, report.text):
            # A mother in labour is taken to the midwife, the puskesmas, the RSUD:
            # her family calls again from the road, the boat, the health post.
            place, place_why = PLACE_TIES["district"], ON_ITS_WAY_WHY
    quick = age <= MARGIN_WITHIN and kind >= 0.7
    urgent = {incident.category, report.category} & EMERGENCIES
    beyond = just_beyond(incident, report) if quick and urgent else ""
    if place == 0.0 and beyond:
        place, place_why = NEAR_FLOOR, beyond
    kind_only = nowhere_same_kind(incident, report) and _one_patient(incident, report)
    if place == 0.0 and age <= NEAR_FLOOR_WITHIN and kind_only:
        place, place_why = PLACE_TIES["district"], NOWHERE_KIND_WHY
    if place == 0.0:
        return Decision(False, 0.0, (kind_why, place_why))
    personal = {incident.topic, report.topic} & PERSONAL_TOPICS
    # The victim's kin at the hospital speaks of the incident's patient.
    back = refers_back(incident.text) or refers_back(report.text)
    back = back or event_words.from_hospital(report.text)
    stranded = in_danger(incident.text) and in_danger(report.text)
    one_more = event_words.says(report.text, event_words.ANOTHER)
    if (personal and one_more) or (stranded and (one_more or ALSO_THERE.search(report.text))):
        why = "another person: the caller says there is one more"
        return Decision(False, 0.0, (kind_why, place_why, why))
    crashes = incident.category == report.category == "traffic_accident"
    if crashes and other_crash(incident.text, report.text):
        return Decision(False, 0.0, (kind_why, place_why, OTHER_CRASH_WHY))
    # A theft the reader gave no topic ("motor kita pe tetangga ilang dari teras")
    # is told apart by what was taken all the same.
    thefts = {incident.topic, report.topic} <= {"theft or robbery", ""} and (
        incident.category == report.category == "crime"
    )
    if thefts and other_theft(incident.text, report.text):
        return Decision(False, 0.0, (kind_why, place_why, OTHER_THEFT_WHY))
    # A patient, or a patient and a crash's victim: who they are tells them apart.
    kinds = {incident.category, report.category}
    medical = "medical" in kinds and kinds <= {"medical", "traffic_accident"}
    # Two missing children are told apart by who they are, as two patients.
    # Not the news of the one found ("saya yang tadi lapor anak hilang, sudah ketemu
    # di rumah neneknya"): whom they were found with is no one missing.
    missing = incident.topic == report.topic == "missing person" and not (back or again)
    patients = incident.category == report.category == "medical"
    if patients and other_role(incident.text, report.text):
        why = "another person: the callers describe different people"
        return Decision(False, 0.0, (kind_why, place_why, why))
    if (medical or stranded or missing) and other_person(incident.text, report.text):
        why = "another person: the callers describe different people"
        return Decision(False, 0.0, (kind_why, place_why, why))
    queued = stuck_behind(incident, report) or stuck_behind(report, incident)
    if (
        personal
        and not (back or again or queued)
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
    emergency = {incident.category, report.category} & EMERGENCIES
    # The caller who says they called a moment ago, of the same kind, is no second
    # fire: they are the first one's.
    same_caller = again and kind == 1.0 and age <= NEAR_FLOOR_WITHIN
    # A complaint made again with no place hides nothing, but of other words it
    # may be another street's: merged only when it is the only one open.
    shown = emergency or place_why == NOWHERE_KIND_WHY
    if place_why in SHOWN_ONLY and shown and not same_caller:
        # An emergency tied by nothing but its kind and the time to a caller who
        # says nothing of where: triage does not hide what may be a second fire
        # inside the first one's incident, unless no other incident of its kind is
        # open (lone_candidate). Otherwise the call-taker and the desk see the
        # candidate with its reasons, and the unplaced P1 stands out at the top of
        # the queue.
        lone = score >= THRESHOLD and not (rumour(incident) or rumour(report))
        return Decision(False, score, (*reasons, NOT_MERGED_WHY), lone=lone)
    return Decision(score >= THRESHOLD, score, reasons)


# What the reader files a report under when it sees no event in it.
UNREAD = frozenset({"information", "other"})


def _as_ruled(sighting: Sighting, other: Sighting) -> Sighting:
    if sighting.category not in UNREAD or sighting.rules_category != other.category:
        return sighting
    return replace(sighting, category=other.category, topic=other.topic, rules_category="")


def _speaks_of_another(incident: Sighting, report: Sighting) -> bool:
    """A caller calling again speaks now of someone of their own circle the
    incident's reports never named ("ularnya udah ditangkap, tapi sekarang anak
    tetangga kejang-kejang"): the snake's caller, with another emergency. Not when
    they speak of the event too ("tetangga saya pingsan kena asap")."""
    now = event_words.said_now(report.text)
    if incident.category in categories_named(now):
        return False
    return any(
        event_words.says(now, (person,)) and not event_words.says(incident.text, (person,))
        for person in event_words.CIRCLE
    )


def _one_patient(incident: Sighting, report: Sighting) -> bool:
    """Whether two reports of one kind, one saying nothing of where, may be of one
    person, on more than their kind: a man fainted at the roadside and a woman
    bleeding in pregnancy are two medical emergencies, even with one open. The
    same birth, or a caller asking after the ambulance, is."""
    if not {incident.topic, report.topic} & PERSONAL_TOPICS:
        return True
    if one_birth(incident.text, report.text):
        return True
    waiting = event_words.says(report.text, event_words.HELP_ASKED)
    if waiting or refers_back(report.text) or event_words.from_hospital(report.text):
        return True
    if SPOKEN_OF.match(report.text.lower()) or THE_ONE_BEFORE.search(report.text.lower()):
        return True  # "dia udah ga sadar": someone the call-taker has heard of
    if incident.category == report.category == "traffic_accident" and (
        vehicles(incident.text) & vehicles(report.text)
    ):
        return True  # the same road users crashed ("L300 nabrak motor", "mobil sm motor")
    if told_alike(incident, report):
        return True
    return any(
        event_words.says(incident.text, (deed,)) and event_words.says(report.text, (deed,))
        for deed in event_words.DEEDS
    )


def lone_candidate(report: Sighting, judged: Sequence[tuple[Sighting, Decision]]) -> int | None:
    """Which of the judged open incidents a report is attached to for being the only
    one of its kind, if any.

    A caller who says nothing of where ("pak cepat ada gudang kebakaran gede!!"),
    minutes after the only fire of the area was reported, is that fire's caller:
    the independent writers of the labelled pairs say so of each such pair in the
    tuning parts, and a second P1 without a place would send the call-taker after
    a fire already burning. With two fires open, nothing tells which: it stays shown, not merged.
    The merge says so (LONE_WHY), and the desk can split the report off again.
    """
    if any(decision.same for _, decision in judged):
        return None
    rivals = [
        i
        for i, (incident, decision) in enumerate(judged)
        if decision.lone or incident.topic == report.topic
    ]
    if len(rivals) != 1 or not judged[rivals[0]][1].lone:
        return None
    return rivals[0]


def merged_alone(decision: Decision) -> Decision:
    """A lone candidate's decision (lone_candidate), merged and saying why."""
    reasons = tuple(r for r in decision.reasons if r != NOT_MERGED_WHY)
    return Decision(True, decision.score, (*reasons, LONE_WHY))


def search_radius_m(report: Sighting) -> float:
    """How far from this report an incident can lie and still be judged the same
    event: dispatch.matching fetches the candidates within it."""
    own = TOPIC_RADII_M.get(report.topic) or radius_m(report.category)
    metres = max(own, CROSS_KIND_REACH_M) * UPDATE_REACH
    if report.topic in SWEPT_AWAY or refers_back(report.text):
        metres *= DRIFT_REACH  # news of someone carried off, from downstream
    for category, (far_m, _) in SEEN_FROM_FAR.items():
        if any(compatible(kind, category) for kind in {report.category, *report.kinds}):
            metres = max(metres, far_m)
    if seen_burning_afar(report):
        metres = max(metres, LAND_FIRE_SEEN_M)
    return metres


def named_not_seen(report: Sighting) -> bool:
    """Its words, not its point, say where the event is: no point, or a caller
    calling back from elsewhere. dispatch.matching judges such a report against the
    recent open incidents wherever they lie."""
    return (
        not report.has_point
        or calls_back(report)
        or event_words.earlier_caller(report.text)
        or event_words.says(report.text, event_words.CHASING)
    )


def is_wide(report: Sighting) -> bool:
    """Felt across the area: its match needs no common place (WIDE_TOPICS)."""
    return report.topic in WIDE_TOPICS


def _no_crash(crash: Sighting, patient: Sighting) -> bool:
    """Whether the patient's caller says no one hit them, next to a crash; the reader
    may have taken its "nabrak" for a crash too."""
    if crash.category != "traffic_accident" or event_words.says(crash.text, NO_CRASH):
        return False
    return event_words.says(patient.text, NO_CRASH)


def _looted(event: Sighting, other: Sighting) -> bool:
    """Whether `other` speaks of goods taken during `event`, a fire or a flood whose
    own callers did not ("ada yang bawa kabur karung beras dari toko yang kebakar
    tadi"): the thieves are the police's job, not the firemen's."""
    if event.category not in LOOTED_EVENTS:
        return False
    return event_words.says(other.text, event_words.LOOTED) and not event_words.says(
        event.text, event_words.LOOTED
    )


def _window(a: Sighting, b: Sighting) -> timedelta:
    if wide(a, b):
        return WIDE_WINDOW
    if refers_back(a.text) or refers_back(b.text):
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


def _span(age: timedelta) -> str:
    minutes = int(age.total_seconds() // 60)
    if minutes < 120:
        return f"{minutes} min"
    hours = minutes // 60
    return f"{hours} h" if hours < 48 else f"{hours // 24} d"
