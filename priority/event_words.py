"""What callers say about the event they report, beyond its kind: that it is one
already reported, another one, or seen from afar. priority.same_event reads them.

Phrases are matched on the lowercased text with its spaces folded, so they hold
SMS spellings and regional words side by side.
"""

from __future__ import annotations

import functools
import re

# News of the people of an event already reported: taken to hospital, come round.
# Often phoned in from the hospital or the police post, far from the scene.
VICTIM_NEWS = (
    "sudah dibawa ke",
    "sdh dibawa ke",
    "udah dibawa ke",
    "sudah dilarikan ke",
    "sdh dilarikan ke",
    "sudah dievakuasi ke",
    "sdh dievakuasi ke",
    "udah dievakuasi ke",
    "telah dievakuasi ke",
    "sudah masuk igd",
    "sdh masuk igd",
    "sudah dirujuk",
    "sudah sadar",
    "udah sadar",
    "sdh sadar",
    # The caller took the victim to hospital themselves.
    "sudah kami bawa",
    "sdh kami bawa",
    "udah kami bawa",
    "sudah kami larikan",
    "mengantar korban",
    "mengantarkan korban",
    "antar korban",
    "ngantar korban",
    "nganter korban",
    "taken to hospital",
    "taken to the hospital",
    "been taken to",
)

# At the hospital now, speaking of what happened earlier ("tadi").
AT_HOSPITAL = ("di igd", "di ugd", "so di ugd", "so di igd", "in the emergency room")
AT_HOSPITAL += tuple(
    f"{now} di {where}"
    for now in ("skrg", "sekarang", "skarang", "udah", "sudah", "sdh", "so")
    for where in ("rs", "rsud", "rumah sakit", "puskesmas")
)
# The caller says they are at the hospital ("kita di RSUD Manembo-nembo, tadi antar
# korban tikam").
AT_HOSPITAL += tuple(
    f"{who} di {where}"
    for who in ("saya", "sy", "kami", "kita", "torang", "aku")
    for where in ("rs", "rsud", "rumah sakit", "puskesmas", "igd", "ugd")
)
# An operator's note of where the caller phones from ("menelepon dari IGD RSUD").
AT_HOSPITAL += tuple(
    f"{call} dari {where}"
    for call in ("menelepon", "menelpon", "nelpon", "telepon", "telpon", "calling")
    for where in ("rs", "rsud", "rumah sakit", "puskesmas", "igd", "ugd")
)

# Help that was sent and has not come yet ("sdh 25 mnt ambulan blm sampe").
WAITING = ("blm sampe", "blm sampai", "belum sampai", "belum sampe", "blm dtg", "blm datang")
WAITING += ("belum datang", "belum dateng", "blm dateng", "masih nunggu", "msh nunggu")
WAITING += ("masih menunggu", "still waiting", "not arrived", "hasn't arrived", "has not arrived")
# Waiting for the crew, to show them the way ("nunggu damkar ning ngarep Indomaret").
WAITING += tuple(
    f"{wait} {crew}"
    for wait in ("nunggu", "menunggu", "tunggu", "tunggoin", "nungguin")
    for crew in ("damkar", "pemadam", "ambulans", "ambulan", "polisi", "tim sar")
)

# The caller speaks of an event already reported: an update, a search going on, a
# complaint made again.
REFERS_BACK = (
    "update",
    "yang hilang",
    "yg hilang",
    "yang ilang",
    "yg ilang",
    "yang kemarin",
    "yang tadi",
    "yg tadi",
    "yg td",
    "yg kemarin",
    "sudah ketemu",
    "udah ketemu",
    "sudah ditemukan",
    "belum ketemu",
    "belum ditemukan",
    "masih dicari",
    "masih cari",
    "msh cari",
    "masih nyari",
    "masih mencari",
    "nyanda ketemu",
    "kembali melaporkan",
    "laporan ulang",
    "lapor ulang",
    "kembali menyampaikan",
    "kembali mengeluhkan",
    *VICTIM_NEWS,
    "sudah dilaporkan",
    "sudah lapor",
    "udah lapor",
    "sdh lapor",
    "pernah lapor",
    "lapor lagi",
    "belum juga",
    "blm jg",
    "belum ada tindakan",
    "belum ado tindakan",
    "keluhan sama",
    "yang sama",
    "again",
    "still not",
    "sudah melapor",
    "sdh melapor",
    "udah melapor",
    # A fault still there: the complaint made again.
    "masih mati",
    "msh mati",
    "isih mati",
    "masih padam",
    "masih rusak",
    "msh rusak",
    "masih menumpuk",
    "belum ditambal",
    "blm ditambal",
    "blm dtambal",
    # Help sent and still awaited: the caller speaks of the report they made.
    *WAITING,
)

# News of a search for a missing person: found, or still sought.
SEARCH = (
    "yang hilang",
    "yg hilang",
    "yang ilang",
    "yg ilang",
    "sudah ketemu",
    "udah ketemu",
    "sdh ketemu",
    "so dapa",
    "sudah ditemukan",
    "sdh ditemukan",
    "ditemukan",
    "belum ketemu",
    "blm ketemu",
    "belum ditemukan",
    "masih dicari",
    "masih cari",
    "msh cari",
    "masih nyari",
    "masih mencari",
    "nyanda ketemu",
    "pencarian",
    "tim sar",
    "still missing",
    "been found",
    "was found",
)

# "The one who phoned earlier": a caller calling again.
PHONED_BEFORE = (
    "yang tadi telpon",
    "yg tadi telpon",
    "yang tadi nelpon",
    "yg tadi nelpon",
    "yang tadi telepon",
    "yang tadi menelepon",
    "yg td telp",
    "yg td nelpon",
    "yang td nelpon",
    "yg td telpon",
    "yang td telpon",
    "yg tadi tlp",
    "yg td tlp",
    # "barusan": a moment ago.
    "yang barusan telpon",
    "yg barusan telpon",
    "yang barusan nelpon",
    "yg barusan nelpon",
    "yang barusan telepon",
    "yg barusan tlp",
    "who called earlier",
    "called you earlier",
)

# A victim or witness calling again from where they went since (the police post,
# the hospital, the chase): "saya korban begal tadi, skrg di polsek".
CALLS_BACK = (
    "saya yang tadi",
    "saya yg tadi",
    "sy yg tadi",
    "kita yang tadi",
    "kita yg tadi",
    "aku yang tadi",
    "saya korban",
    "sy korban",
    "aku korban",
    "kita korban",
    "i was the",
    *PHONED_BEFORE,
)
# A caller who says where they are now, gone from the scene ("kula sakniki ngungsi
# teng griyane adik", "saya sudah turun sampai Way Muli", "torang skarang di kantor
# camat"): their phone is there, the place they name is the event's.
CALLS_BACK += tuple(
    f"{who} {now} {where}"
    for who in ("saya", "sy", "kami", "kita", "torang", "aku", "kula")
    for now in ("sekarang", "skrg", "skarang", "sakniki", "saiki", "sudah", "sdh", "udah", "so")
    for where in ("di", "ngungsi", "mengungsi", "teng", "nang", "neng", "turun", "pindah")
)
# "update dr keluarga nelayan", "Update dari pelapor sebelumnya": news of it.
CALLS_BACK += ("update", "updatenya", "info terbaru", "kabar terbaru")
# The patient or victim "reported a while ago" ("ayahnya yang tadi dilaporkan").
CALLS_BACK += ("yang tadi dilaporkan", "yg tadi dilaporkan", "yg td dilaporkan")
CALLS_BACK += ("yang dilaporkan tadi", "yg dilaporkan tadi", "reported earlier")
# A driver who passed the event and calls from further on ("tadi saya lewat ada
# mobil kebakar, sekarang saya udah lewat jauh").
CALLS_BACK += ("tadi saya lewat", "tadi sy lewat", "saya tadi lewat", "sy td lewat")
CALLS_BACK += ("udah lewat jauh", "sudah lewat jauh", "sdh lewat jauh", "i drove past")
# A caller who fled the scene ("kita so lari ke Polsek Matuari, tu orang bawa parang
# masih di pasar").
CALLS_BACK += tuple(
    f"{who} {fled}"
    for who in ("saya", "sy", "aku", "kami", "kita", "kita ini", "torang")
    for fled in ("lari ke", "so lari ke", "sudah lari ke", "udah lari ke", "sdh lari ke")
)

# The caller says it is not the event reported before ("saya yang tadi lapor
# pohon tumbang, sekarang mau lapor maling").
NEW_EVENT = (
    "bukan yang tadi",
    "bukan yg tadi",
    "beda lagi",
    "lain lagi",
    "kejadian lain",
    "kejadian baru",
    "sekarang mau lapor",
    "skrg mau lapor",
    "sekarang mo lapor",
    "skarang mo lapor",
    "kini mau lapor",
    "mau lapor yang lain",
    "another incident",
    "a different",
    "rusak lagi",
    "rusak ulang",
    "baru diperbaiki",
    "sudah diperbaiki",
    "sdh diperbaiki",
    "udah diperbaiki",
)

# "The one who reported earlier" with "now" in one text: the caller reports again,
# about the same event ("saya yang tadi lapor, sekarang saya sudah mengungsi") or
# something new ("kita yang tadi lapor sampah, skarang ada orang bakupukul");
# priority.same_event tells them apart by the kinds the words name.
EARLIER_CALLER = (
    "yang tadi lapor",
    "yg tadi lapor",
    "yang tadi soal",
    "yg tadi soal",
    "yang lapor tadi",
    "yg lapor tadi",
    # Lampung's "sai" is "yang": "nyak sai tadi lapor".
    "sai tadi lapor",
    "sai lapor tadi",
    # "Saya pelapor tadi", "ini tadi yang lapor dijambret": the order turned.
    "pelapor tadi",
    "pelapor yang tadi",
    "pelapor yg tadi",
    "tadi yang lapor",
    "tadi yg lapor",
    "td yg lapor",
    "yg lapor td",
    *PHONED_BEFORE,
)
# "saya yang lapor orang mabuk tadi": the words between, "tadi" anywhere.
REPORTED = (
    "saya yang lapor",
    "saya yg lapor",
    "sy yg lapor",
    "kita yang lapor",
    "kita yg lapor",
    "aku yang lapor",
    "aku yg lapor",
)
NOW = ("sekarang", "skrg", "skarang", "kini", "now")
# What was done, in words callers of one fight or robbery share ("tawuran ... bawa
# celurit", "anak sekolah tawuran bawa sajam"): one person's emergency the same.
DEEDS = ("tawuran", "tauran", "begal", "dibegal", "jambret", "dijambret", "copet", "dicopet")
DEEDS += ("ngamuk", "mengamuk", "ba mangamuk", "parang", "celurit", "clurit", "tikam", "ditikam")
DEEDS += ("tatikam", "bacok", "dibacok", "kejang", "stroke", "pendarahan", "perdarahan")

# Someone of the caller's own circle a caller calling again now speaks of ("sekarang
# anak tetangga kejang"): another emergency, unless the event's report named them.
CIRCLE = ("tetangga", "tetanggo", "ibu saya", "bapak saya", "ibu sy", "bapak sy", "ibu aku")
CIRCLE += ("bapak aku", "mama saya", "papa saya", "kita pe mama", "kita pe papa", "kita pe laki")
# Someone the caller comes upon now ("sekarang saya di Kelapa Tiga, ada ibu-ibu kejang").
CIRCLE += ("ada ibu", "ada bapak", "ada anak", "ada orang", "ada org", "ada nenek", "ada kakek")

# What an event left behind ("jembatan ambrol akibat banjir semalam", "listrik padam
# sejak kebakaran tadi"): with another kind named, a job of its own (the bridge for
# PUPR, the line for PLN), not another call about the event.
AFTER = ("sejak", "setelah", "sesudah", "stlh", "akibat", "gara-gara", "gara2", "abis")
AFTER += ("habis", "pasca", "bekas", "sisa", "after the", "since the")
# Its victims' needs: shelter, food, papers ("12 KK korban kebakaran belum punya
# tempat berteduh, mohon bantuan Dinas Sosial").
AFTER += ("korban",)
EVENTS_LEFT = ("kebakaran", "kbkrn", "banjir", "bnjr", "gempa", "longsor", "angin", "fire")
EVENTS_LEFT += ("flood", "storm", "earthquake")
# A pole or a signal a vehicle knocked down: "roboh akibat tertabrak truk".
EVENTS_LEFT += ("tertabrak", "ditabrak", "ketabrak")
AFTERMATH = tuple(f"{after} {event}" for after in AFTER for event in EVENTS_LEFT)

# Another one of its kind: a second person hurt, a second crash.
ANOTHER = ("ada lagi", "ado lagi", "ana maneh", "yang kedua", "yg kedua", "another one")
# A theft's next victim ("rumah kami kemalingan juga"): each house is a report of its own.
ANOTHER += tuple(
    phrase
    for robbed in ("kemalingan", "kecurian", "kebobolan", "dibobol", "dibegal", "dirampok")
    for phrase in (f"{robbed} juga", f"{robbed} jg", f"juga {robbed}", f"jg {robbed}")
)

# A caller asking where the help asked for is (WAITING: help that has not come).
HELP_ASKED = ("ambulansnya mana", "ambulans mana", "ambulannya mana", "ambulan mana")
HELP_ASKED += ("mana ambulansnya", "where is the ambulance")

# It happened again ("banjir lagi di Sagerat Weru 2", "longsor lagi di Tandurusa"):
# hours after the first, another event at the same place.
HAPPENED_AGAIN = tuple(
    f"{event} {again}"
    for event in ("banjir", "bnjr", "rob", "longsor", "kebakaran", "kbkrn", "pohon tumbang")
    for again in ("lagi", "lg")
)
# "lagi" is also "now": "banjir lagi naik" is the flood rising.
RISING = tuple(f"{phrase} {verb}" for phrase in HAPPENED_AGAIN for verb in ("naik", "nambah"))

SUBSIDED = ("sudah surut", "sdh surut", "udah surut", "sempat surut", "sudah kering", "receded")

# Hearsay and questions: what the caller asks about may be far from where they are.
HEARSAY = (
    "apakah benar",
    "apa benar",
    "benarkah",
    "itu benar",
    "benar tidak",
    "benar gak",
    "bener gak",
    "bener dak",
    "betul dak",
    "is it true",
    "kabarnya",
    "di facebook",
    "di fb",
    "viral",
    "hoaks",
    "hoax",
)

# The caller stands away from a fire or a disaster and sees it ("asap dari arah
# pasar", "from my hotel I can see the smoke").
FROM_AFAR = (
    "arah",
    "keliatan",
    "kliatan",
    "klihatan",
    "column of",
    "plume of",
    "behind the hill",
    "kelihatan",
    "keliatan dari",
    "keliatan dr",
    "kelihatan dari",
    "kelihatan dr",
    "terlihat dari",
    "tampak dari",
    "dari jauh",
    "jauh dari",
    "sudah jauh",
    "udah jauh",
    "sdh jauh",
    "di sebrang",
    "di seberang",
    "lia asap",
    "lia ada api",
    "liat ada api",
    "keliatan asap",
    "kelihatan asap",
    "terlihat asap",
    "tampak asap",
    "keliatan api",
    "kelihatan api",
    "terlihat api",
    "di sebelah timur",
    "di sebelah barat",
    "di sebelah utara",
    "di sebelah selatan",
    "lihat asap",
    "liat asap",
    "melihat asap",
    "can see",
    "seen from",
    "i'm up at",
    "im up at",
    "up on the",
    "from up here",
    "from the top of",
    "in the distance",
    "from my window",
    "melihat kepulan",
    "terlihat kepulan",
    "kelihatan kepulan",
    "keliatan kepulan",
    "from the direction",
    "toward",
    "km away",
    "smoke column",
    "to the east",
    "to the west",
    "to the north",
    "to the south",
)

# People cleared away from an emergency they cannot see.
CLEARED = (
    "disuruh keluar",
    "disuruh kluar",
    "disuruh pergi",
    "disuruh menjauh",
    "disuruh mengungsi",
    "dikeluarin",
    "dikeluarkan dari",
    "dievakuasi",
    "diungsikan",
    "ditutup polisi",
    "ditutup petugas",
    "jalannya ditutup",
    "jalan ditutup",
    "jln ditutup",
    "dipasang garis polisi",
    "police line",
    "evacuated",
    "told to leave",
    "road is closed",
    "road closed",
)

# Someone taking what is not theirs during a fire or a flood: a job for the police.
LOOTED = ("bawa kabur", "dibawa kabur", "diambil orang", "ada yang ngambil", "ada yg ngambil")
# Strangers carrying goods away; not "dibakar orang tidak dikenal", the fire itself.
LOOTED += ("dikenal ngangkutin", "dikenal ngangkut", "dikenal mengangkut", "dikenal ngambil")
LOOTED += ("dikenal mengambil",)
LOOTED += ("dijarah", "menjarah", "penjarahan", "maling", "dicuri", "mencuri", "nyolong")
LOOTED += ("pencuri", "looting", "looted", "stolen")
LOOTED += ("ngambilin barang", "ngambil barang dagangan", "mengambil barang dagangan")
# A caller in pursuit of the culprit: where they call from is where the chase is.
CHASING = ("ngikutin", "mengikuti dari belakang", "ngejar", "mengejar", "membuntuti", "buntutin")
CHASING += ("iko dari blakang", "iko dari belakang", "ikut dari belakang", "following him")
CHASING += ("following them", "chasing")
# Rubbish someone burns: the smoke its neighbours complain of is its own.
RUBBISH_BURNT = ("bakar sampah", "membakar sampah", "pembakaran sampah", "sampah dibakar")
RUBBISH_BURNT += ("asap sampah", "bakar2 sampah", "burning rubbish", "burning trash")
RUBBISH_BURNT += ("burning garbage",)
# The caller is stuck in the jam behind an event ahead.
JAM = ("macet", "kejebak", "terjebak macet", "antri", "antre", "tertahan", "traffic jam")


# One of the crews hurt at the scene ("Danru damkar minta ambulans: satu anggota
# jatuh dari atap"): a patient of their own, sent an ambulance as a new incident.
RESPONDER_HURT = re.compile(
    r"\b(?:satu|seorang|1|salah satu|dua|2) (?:orang )?(?:anggota|petugas|personel|pemadam"
    r"|relawan)\b(?: (?:damkar|pemadam|kami|sar|bpbd))? (?:\w+ )?(?:jatuh|terjatuh|luka"
    r"|terluka|cedera|pingsan|tersengat|kesetrum|sesak|tertimpa|terjepit)"
    r"|\b(?:a|one|two) (?:firefighters?|firemen|fireman|rescuers?) (?:\w+ )?(?:fell|is hurt"
    r"|was hurt|injured|collapsed|burned)"
)


def responder_hurt(text: str) -> bool:
    return bool(RESPONDER_HURT.search(" ".join(text.lower().split())))


@functools.lru_cache(maxsize=16384)
def says(text: str, phrases: tuple[str, ...]) -> bool:
    # Cached: matching asks this of the same open incidents' texts, with the same
    # phrase lists, for every new report (about 40 candidates each in `make bench`).
    words = " ".join(text.lower().split())
    return bool(_phrases_pattern(phrases).search(words))


# Words that deny what follows ("asap tebal sampai jalan gak keliatan": the road
# is not seen, nothing is seen from afar).
NEGATIONS = frozenset(
    "gak ga nggak ngga enggak tidak tdk tak nda nyanda ndak dak ora not".split()  # noqa: SIM905
)


def says_plainly(text: str, phrases: tuple[str, ...]) -> bool:
    """Like `says`, but a phrase right after a negation does not count."""
    words = " ".join(text.lower().split())
    for match in _phrases_pattern(phrases).finditer(words):
        before = words[: match.start()].split()
        if not before or before[-1].strip(",.;:!?") not in NEGATIONS:
            return True
    return False


# Prefixes a phrase may carry ("kesetrum", "terlihat asap", "kemacetan", "kearah").
PREFIXES = r"(?:ke|ter|me|nge|ng|ber)?"


@functools.lru_cache(maxsize=64)
def _phrases_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """The phrases, each where a word starts, after a prefix at most: "arah" is not
    in "berdarah" nor "parah", "lain lagi" not in "complain lagi", "tadi" not in
    "stadion". A phrase may end inside a word ("kebakar" in "kebakaran"), and "udah"
    is "sudah" too."""
    alternatives = "|".join(_alternative(phrase) for phrase in phrases)
    return re.compile(rf"(?<![a-z0-9]){PREFIXES}(?:{alternatives})")


def _alternative(phrase: str) -> str:
    escaped = re.escape(phrase)
    return f"s?{escaped}" if phrase.startswith("udah") else escaped


# "sy yg digigit anjing tadi", "saya ibu yang ditipu tadi": the caller is the one
# the earlier report was about, calling again.
ONE_WHO = (
    "saya yang",
    "saya yg",
    "sy yang",
    "sy yg",
    "aku yang",
    "aku yg",
    "kita yang",
    "kita yg",
    "saya ibu yang",
    "saya bapak yang",
)
EARLIER = ("tadi", "td", "barusan")


def calls_back(text: str) -> bool:
    """The caller calls again about what happened to them or what they reported, or
    gives news of its victims: the victim's family at the hospital speaking of the
    crash "tadi"."""
    return (
        says(text, CALLS_BACK)
        or says(text, VICTIM_NEWS)
        or (says(text, ONE_WHO) and _has_word(text, EARLIER))
        or from_hospital(text)
    )


def from_hospital(text: str) -> bool:
    """At the hospital now, speaking of what happened "tadi": the victim's kin or
    friend ("saya kakak korban laka tadi, adik saya sekarang di IGD")."""
    return says(text, AT_HOSPITAL) and _has_word(text, EARLIER)


def _has_word(text: str, words: tuple[str, ...]) -> bool:
    return not set(text.lower().replace(",", " ").replace(".", " ").split()).isdisjoint(words)


def happened_again(text: str) -> bool:
    """The caller says the event happened again ("longsor lagi di Tandurusa"), or
    that the water went down and came back ("kemarin sudah surut, malam ini rob naik
    lagi")."""
    if says(text, SUBSIDED) and _has_word(text, ("lagi", "lg")):
        return True
    return says(text, HAPPENED_AGAIN) and not says(text, RISING)


def says_new_event(text: str) -> bool:
    """The caller says this is not the event they or others reported before."""
    return says(text, NEW_EVENT)


# An operator's note that the caller reports again, what they report after it
# ("PL a.n. Hendra kembali melapor: pohon tumbang menutup jalan").
AGAIN_NOTE = ("kembali melapor", "melapor kembali", "kembali lapor", "pelapor sebelumnya")
AGAIN_NOTE += ("pl sebelumnya",)


def said_now(text: str) -> str:
    """What the caller says is so now: the words after the first of NOW, or after
    an operator's note that they report again."""
    words = " ".join(text.lower().split())
    first = _phrases_pattern(NOW).search(words) or _phrases_pattern(AGAIN_NOTE).search(words)
    return words[first.start() :] if first else ""


# An operator's note that the caller is the one who called before.
SAME_CALLER = (
    "pl yang sama",
    "pl yg sama",
    "pelapor yang sama",
    "pelapor yg sama",
    "menghubungi kembali",
    "calling again",
)


def earlier_caller(text: str) -> bool:
    """The caller says they are the one who called before: "saya yang tadi lapor",
    "kita yang tadi", "PL yang sama menghubungi kembali". Not "saya korban begal
    tadi": a victim may be calling for the first time about what happened earlier."""
    if says(text, EARLIER_CALLER) or says(text, SAME_CALLER):
        return True
    return says(text, ONE_WHO) and _has_word(text, EARLIER)


def reports_again(text: str) -> bool:
    """The caller who reported before calls again, and says what is so now."""
    if says(text, AGAIN_NOTE):
        return True
    earlier = says(text, EARLIER_CALLER) or (says(text, REPORTED) and _has_word(text, EARLIER))
    return earlier and says(text, NOW)
