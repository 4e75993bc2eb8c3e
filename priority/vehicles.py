"""What crashed, in a caller's words: two callers who describe crashes of
different vehicles (a motorbike and a pedestrian; three cars) are two crashes,
as two callers who describe different patients are two emergencies
(priority.persons). Likewise what was taken: a house emptied of its TV and a
motorbike taken from a yard are two thefts."""

from __future__ import annotations

import functools
import re

from priority import event_words

# Kinds of road users, each in the words callers use for it.
VEHICLES = {
    "motorcycle": r"motor|mtr|sepeda motor|pemotor|ojol|ojek|bentor|r2|roda dua|motorcycle"
    r"|motorbike|scooter",
    "car": r"mobil|minibus|avanza|xenia|elf|travel|angkot|pick ?up|pikap|sedan|mikro|oto|r4"
    r"|roda empat|taksi|taxi|innova|car",
    "truck": r"truk|truck|tronton|trailer|tangki|fuso|dump truck|kontainer|container|tanker",
    "bus": r"bus|bis|damri",
    "pedestrian": r"pejalan kaki|penyeberang jalan|pedestrian",
    "bicycle": r"sepeda(?! motor)|bicycle|becak",
}
_PATTERNS = {kind: re.compile(rf"\b(?:{words})\b") for kind, words in VEHICLES.items()}


@functools.lru_cache(maxsize=4096)
def vehicles(text: str) -> frozenset[str]:
    """The kinds of road users a text names."""
    return _kinds_named(text, _PATTERNS)


def other_crash(a: str, b: str) -> bool:
    """Both callers name what crashed, and nothing in common: a motorbike that hit
    a pedestrian is not a pile-up of three cars."""
    return _nothing_in_common(_crashed(a), _crashed(b))


def _crashed(text: str) -> frozenset[str]:
    """The road users a caller says crashed. A caller stuck in the jam behind a
    crash, who speaks of no crash, names their own car ("lah sejam mobil dak
    bergerak")."""
    if event_words.says(text, event_words.JAM) and not event_words.says(text, CRASH):
        return frozenset()
    return vehicles(text)


CRASH = ("tabrakan", "tabrak", "nabrak", "ditabrak", "kecelakaan", "laka", "terguling")
CRASH += ("terbalik", "keserempet", "diserempet", "crash", "collision", "beruntun")


# What thieves take, in the words callers use for it.
GOODS = {
    "vehicle": r"motor|mtr|mobil|sepeda|beat|vario|scoopy|mio|nmax|honda|yamaha|bike"
    r"|motorbike|car",
    "phone": r"hp|handphone|ponsel|hape|phone",
    "electronics": r"tv|televisi|laptop|komputer|kamera",
    "money": r"uang|duit|dompet|atm|cash|wallet",
    "jewellery": r"emas|perhiasan|kalung|cincin|gelang|jewellery|jewelry",
    "bag": r"tas|koper|ransel|bag",
    "livestock": r"sapi|kambing|kerbau|ayam|bebek|ternak",
    "goods": r"barang dagangan|dagangan|tabung gas|gas elpiji|kabel",
}
# Motorbike and car models callers name what was taken by.
MODELS = ("beat", "vario", "scoopy", "mio", "nmax", "pcx", "aerox", "supra", "revo", "jupiter")
MODELS += ("vixion", "satria", "cbr", "fino", "genio", "xeon", "lexi", "klx", "avanza", "xenia")
MODELS += ("innova", "brio", "calya", "sigra", "ayla", "agya", "pajero", "fortuner", "terios")
_MODELS = {model: re.compile(rf"\b{model}\b") for model in MODELS}
# "tasnya ditarik", "hpku diambil": with "his" or "my" fused on.
_GOODS = {kind: re.compile(rf"\b(?:{words})(?:nya|ku)?\b") for kind, words in GOODS.items()}


@functools.lru_cache(maxsize=4096)
def models(text: str) -> frozenset[str]:
    """The vehicle models a text names ("vario merah", "avanza silver")."""
    return _kinds_named(text, _MODELS)


@functools.lru_cache(maxsize=4096)
def goods(text: str) -> frozenset[str]:
    """The kinds of things a text says were taken (or named at all)."""
    return _kinds_named(text, _GOODS)


def other_theft(a: str, b: str) -> bool:
    """Both victims say what was taken, and nothing in common: a house emptied of
    its TV and laptop is not the motorbike taken from a yard, a red Vario not a
    black Beat."""
    return _nothing_in_common(goods(a), goods(b)) or _nothing_in_common(models(a), models(b))


def _kinds_named(text: str, patterns: dict[str, re.Pattern[str]]) -> frozenset[str]:
    words = " ".join(text.lower().split())
    return frozenset(kind for kind, pattern in patterns.items() if pattern.search(words))


def _nothing_in_common(first: frozenset[str], second: frozenset[str]) -> bool:
    """Both name some, and none the same."""
    return bool(first and second and not first & second)
