"""Whether a reading of a text is strong enough to put a report on the map.

The matcher finds what the words of a report could name; this module decides
whether they name it. A wrong point is worse than none: it sends a crew to the
wrong town and puts the incident on the public map and the CAP feed, while an
unplaced report sends the operator back to the caller. So a reading is accepted
only on evidence, and every decision carries its reasons (codes with the words
and places they are about, rendered by the screens in the operator's language).

- Inside the call centre's own area (HOME_REGION) a name is taken when it is
  distinctive, announced ("Kel.", "Kec.", "Desa"), named with its parent, a
  landmark, or a name of several words. An everyday word ("gudang", "pasar",
  "panjang") is never a place name on its own.
- Outside the area a name needs strong evidence: its parent region named with
  it, or its marker ("Kel.", "Kota") on a name no other region carries. Named
  alone, a town or a village outside stays unplaced, said to be elsewhere. A
  landmark outside the area needs its region named too.
- Several villages of the area carrying the name: unknown, the operator asks.
- The state says how far the point can be trusted: `known` (a village, a
  landmark, the caller's device), `approximate` (a district or a regency),
  `unknown` (no point; the report stays off every public map).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from geo.regions import DISTRICT, LEVEL_NAMES, REGENCY, VILLAGE, Regions
from geo.words import is_dictionary_word, is_everyday, region_words

KNOWN, APPROXIMATE, UNKNOWN = "known", "approximate", "unknown"
STATES = (KNOWN, APPROXIMATE, UNKNOWN)
LANDMARK = 4  # the matcher's level of a named point

# Words that put what follows them at a place: "di Betung", "ke Panjang".
LOCATIVES = frozenset(
    {"di", "d", "dr", "ke", "k", "dari", "dekat", "dkt", "daerah", "wilayah", "kawasan"}
    | {"sekitar", "arah", "menuju", "neng", "ning", "nang", "in", "at", "near"}
)
# Words after a name that say it is a place ("Talang Kelapa area, jalannya rusak").
AREA_WORDS = frozenset({"area", "daerah", "wilayah", "kawasan", "sekitar", "sekitarnya"})


# Titles put a person's name after them: "Om Maesa jatuh dari atap", "rumah Pak
# Hatta", "Bu Pelita dipukul suaminya".
HONORIFICS = frozenset(
    {"pak", "bapak", "bpk", "bu", "ibu", "om", "tante", "mas", "mbak", "mba", "bang", "kak"}
    | {"pakde", "bude", "mbah", "opa", "oma", "haji", "hj", "ustadz", "ustad", "ustaz"}
    | {"koh", "cik", "uda", "uni", "wak", "mr", "mrs", "ms", "miss", "sir"}
    # Balinese birth-order names, before a given name ("I Ketut Parwata"): many
    # families of Lampung's transmigration villages are Balinese.
    | {"wayan", "made", "nyoman", "ketut", "kadek", "komang", "putu", "gede", "nengah"}
)

# The numbers of numbered villages ("Sungsang II", "Kakenturan Dua", "Way Dadi 2").
NUMBER_WORDS = frozenset(
    {"satu", "dua", "tiga", "empat", "lima", "i", "ii", "iii", "iv", "v", "1", "2", "3", "4", "5"}
)
# A crossing of roads, by how many meet ("simpang tiga", "perempatan" is a word).
JUNCTIONS = frozenset({"simpang", "simpan", "smpg", "spg", "sp"})

# A town outside the area named alone: the report stays unplaced, but its words
# speak of elsewhere (duplicate matching, priority.same_event's `elsewhere`).
TOWN_OUTSIDE = "town_outside"
# The reasons that say a report's words name a place away from the event's point.
NAMES_ELSEWHERE = frozenset({"text_elsewhere", TOWN_OUTSIDE})


def reason(code: str, **params: Any) -> dict[str, Any]:
    """One reason of a decision: a code the screens translate, and its words."""
    return {"code": code, **params}


def at_village_centre(detail: dict[str, Any]) -> bool:
    """Whether a placement (its explained detail, as triage keeps it) put the point at
    a village's centre from words or an address, not at a device's point or a
    dispatcher's pin: it says nothing of where in the village the event is."""
    by_device = any(r.get("code") == "device" for r in detail.get("reasons", ()))
    return detail.get("level") == "village" and not by_device


@dataclass(frozen=True)
class Reading:
    """What one hypothesis of the matcher rests on."""

    level: int  # 0 province .. 3 village, 4 landmark
    region: int  # the region id (for a landmark, the region under it; -1 none)
    name: str  # the place's name
    words: tuple[str, ...]  # the words of the report that name it
    marker: bool  # announced by "Kel.", "Kec.", "Desa", "Kota"...
    after: str  # the word before them ("di", "dekat"...)
    supported: tuple[str, ...]  # names of the parent regions named with it
    namesakes: int  # regions of the same level anywhere carrying the same name
    homonyms: int  # regions of any level, and landmarks, carrying it
    in_home: bool
    in_home_province: bool  # the province of the area (Itera, the airport: near the city)
    rivals_in_home: int = 0  # other villages of the area with the same name
    siblings: int = 0  # other numbered villages the name stands for ("Jagabaya" II, III)
    namesakes_in_parent: int = 0  # other villages of the name in the parent named with it
    parent_is_area: bool = False  # that parent is the call centre's area, or holds it
    capitalized: bool = False  # written as a name inside a sentence ("Kelapa Dua")
    in_address: bool = False  # in a street address ("jl sultan agung way halim permai")
    then: str = ""  # the word after them ("dua" of "Kakenturan Dua")
    whole_area: bool = False  # the call centre's own area itself ("Lampung" to the province's)
    province_elsewhere: bool = False  # the name of another province too ("Bengkulu")


@dataclass(frozen=True)
class Verdict:
    accepted: bool
    state: str
    reasons: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    supported: bool = False  # a parent region was named with the place


def weigh(reading: Reading) -> Verdict:
    """Accept or refuse a reading, with its state and why."""
    said = " ".join(reading.words)
    everyday = all(is_everyday(word) for word in reading.words)
    unique = reading.homonyms <= 1
    refused = _refusal(reading, everyday, unique)
    if refused is not None:
        return Verdict(False, UNKNOWN, (reason(refused, words=said, place=reading.name),))
    if reading.level == VILLAGE and reading.rivals_in_home and not reading.supported:
        several = reason("several_places", words=said, count=reading.rivals_in_home + 1)
        return Verdict(False, UNKNOWN, (several,))
    named = reason("named", words=said, place=reading.name, level=_level_name(reading.level))
    reasons = (named, _cue(reading, unique))
    supported = bool(reading.supported)
    if reading.level == VILLAGE and reading.namesakes_in_parent:
        count = reading.namesakes_in_parent + 1
        if reading.parent_is_area:
            # "Sukamaju, Bandar Lampung" with two Sukamaju in the city: the operator asks.
            return Verdict(False, UNKNOWN, (reason("several_places", words=said, count=count),))
        # "Pekon Sidomulyo, Tanggamus", one of four Sidomulyo of the regency: only
        # the regency is certain (the matcher answers with its centre).
        several = reason("several_in_parent", words=said, count=count)
        return Verdict(True, APPROXIMATE, (*reasons, several), supported)
    if reading.level == VILLAGE and reading.siblings:
        # "Jagabaya" for Jagabaya I, II and III, a few km apart: between them.
        several = reason("numbered_villages", words=said, count=reading.siblings + 1)
        return Verdict(True, APPROXIMATE, (*reasons, several), supported)
    if reading.level in (VILLAGE, LANDMARK):
        return Verdict(True, KNOWN, reasons, supported)
    coarse = "district_only" if reading.level == DISTRICT else "regency_only"
    return Verdict(True, APPROXIMATE, (*reasons, reason(coarse)), supported)


def _refusal(reading: Reading, everyday: bool, unique: bool) -> str | None:
    """Why a reading is not enough to place a report, or None when it is."""
    single_word = len(reading.words) == 1
    if reading.whole_area:
        # Every report is in the area: "saya di Lampung" says nothing of where the
        # event is, and the area's centre is no place to send a crew to.
        return "whole_area"
    if reading.after in HONORIFICS and not reading.marker and reading.level != LANDMARK:
        return "person_name"
    if (
        everyday
        and single_word
        and not (
            reading.marker
            or _listed(reading)
            or _town_of_the_area(reading)
            or _capitalized_place_of_the_area(reading)
        )
    ):
        # "kebakaran gudang di Bogor": the warehouse, not Kelurahan Gudang of Bogor.
        return "common_word"
    if _junction(reading) and not reading.marker:
        # "tabrakan di simpang empat", "lampu di Simpang Tiga Sukajadi": a crossroads,
        # not one of the forty villages named so across Indonesia.
        return "common_word"
    if (
        reading.in_home
        and reading.level == VILLAGE
        and reading.province_elsewhere
        and not (reading.marker or reading.supported)
    ):
        # "kakak saya di Bengkulu": the province next door, not Way Kanan's village
        # of its name; "Desa Bengkulu" is the village.
        return TOWN_OUTSIDE
    if reading.in_home and not reading.supported and _said_as_a_word(reading):
        # "pohon ketapang tumbang", "menjaga kedamaian", "pohon kelapa dua batang":
        # words of the dictionary that are also villages of the area are places
        # only when said as one ("di Kedamaian", "Kel. Ketapang").
        return "common_word"
    if reading.in_home or reading.supported:
        return None
    if reading.then in NUMBER_WORDS:
        # "Kel. Kakenturan Dua": a numbered village of the area the gazetteer may
        # lack; a Kakenturan elsewhere is not what the caller named.
        return "outside_area"
    # Outside the area: a landmark of the same province a name of its own ("Itera",
    # "Bandara Radin Inten II" just outside Bandar Lampung), any other one its region
    # named; a village or a district a name no other place carries, announced
    # ("Kel. X") or of several words that are not all everyday words, said as a place
    # ("di Gedong Tataan", not "pohon ketapang besar" or "posko karang taruna"); a
    # regency or a province a name of its own, said as a place when it is also a
    # word ("di Medan", not "lempar batu").
    if reading.level == LANDMARK:
        nearby = reading.in_home_province and reading.namesakes <= 1 and not everyday
        return None if nearby else "outside_area"
    if reading.level <= REGENCY:
        # "truk batu bara": coal, not Kabupaten Batu Bara.
        wordy = all(is_everyday(word) or word in region_words() for word in reading.words)
        worded = wordy and not _as_place(reading)
        if reading.namesakes > 1 or everyday or worded:
            return "outside_area"
        # A town of its own name, announced ("Kota Cilegon", "Kab. Pringsewu"), is
        # placed. Said alone it may be a visitor's hotel town or a confused caller's
        # word as much as where the event is: unplaced, but said to be elsewhere.
        return None if reading.marker else TOWN_OUTSIDE
    if reading.marker and reading.namesakes <= 1 and not everyday:
        return None
    # A village or a district said alone, even a name no other place carries ("di
    # Tanjung Enim" to Lampung's centre), is a visitor's or a relative's word as much
    # as where the event is: unplaced, but said to be elsewhere.
    distinct = unique and not single_word and not everyday and _as_place(reading)
    return TOWN_OUTSIDE if distinct else "outside_area"


def _junction(reading: Reading) -> bool:
    words = [word.lower() for word in reading.words]
    return len(words) == 2 and words[0] in JUNCTIONS and words[1] in NUMBER_WORDS


def _said_as_a_word(reading: Reading) -> bool:
    """A name of dictionary words only, written in lower case, outside an address,
    without a marker or a locative before it."""
    if reading.marker or reading.level == LANDMARK or reading.capitalized or reading.in_address:
        return False
    if _as_place(reading):
        return False
    return all(is_dictionary_word(word) for word in reading.words)


def _as_place(reading: Reading) -> bool:
    """Said as a place: after "di", "ke", "dekat"..., or first in its part of the text
    or address. Words of the dictionary first in a sentence that goes on are its
    first words ("Kedamaian warga sudah hilang", "Gotong royong sudah kami
    laksanakan"), not a listed place ("Kedamaian, Tanjung Karang")."""
    if reading.after == "":
        listed = reading.then == "" or reading.then.lower() in AREA_WORDS
        return listed or not all(is_dictionary_word(w) for w in reading.words)
    return reading.after.lower() in LOCATIVES


def _listed(reading: Reading) -> bool:
    """An address-like list, the word first in its part and its region named
    ("Wenang, Manado"): a name, even if it is also a word."""
    return bool(reading.supported) and reading.after == ""


def _capitalized_place_of_the_area(reading: Reading) -> bool:
    """A village of the area whose name is also a word, written with its capital
    after "di", "in"... ("jatuh di Pesawahan"): the caller wrote a name."""
    return reading.in_home and reading.capitalized and reading.after.lower() in LOCATIVES


def _town_of_the_area(reading: Reading) -> bool:
    """A district or regency of the area whose name is also a word ("Betung" is a
    bamboo, and the town of Banyuasin's Betung district) after "di", "ke"...: the
    caller means the place. A village is not taken so ("air bocor di talang" is a
    leaking gutter, not Kelurahan Talang)."""
    return reading.in_home and reading.level in (REGENCY, DISTRICT) and reading.after in LOCATIVES


def _cue(reading: Reading, unique: bool) -> dict[str, Any]:
    if reading.supported:
        return reason("with_parent", parents=list(reading.supported))
    if reading.marker:
        return reason("marker")
    if reading.level == LANDMARK:
        return reason("landmark")
    if not reading.in_home:
        return reason("named_outside_area")
    if len(reading.words) >= 2 and unique:
        return reason("distinct_name")
    return reason("name_in_area")


def _level_name(level: int) -> str:
    return "landmark" if level == LANDMARK else LEVEL_NAMES[level]


def parent_names(regions: Regions, region: int, supporting: list[int]) -> tuple[str, ...]:
    """The names of the regions, among those named in the text, that contain `region`."""
    if region < 0:
        return ()
    chain = set(regions.chain(region))
    return tuple(regions.names[r] for r in supporting if r in chain and r != region)
