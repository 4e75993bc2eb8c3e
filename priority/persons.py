"""Who the patient is, in a caller's words: two callers who describe different
people (a pregnant woman, an old man) are two emergencies. So are two callers who
each speak of someone who cannot get out of the water (a grandmother who cannot
walk, three children on a loft): each house is a rescue of its own."""

from __future__ import annotations

import functools
import re

# A caller's mother, wife or mother-in-law; father, husband or father-in-law: each
# an adult of their sex.
FEMALE_KIN = ("ibu mertua", "istri", "istriku", "ibu saya", "ibu sy", "ibuku", "mama saya")
FEMALE_KIN += ("mamak saya", "ibu aku", "mak aku", "emak aku", "ibu kami")
MALE_KIN = ("bapak mertua", "ayah mertua", "suami", "suamiku", "bapak saya", "bapak sy")
MALE_KIN += ("bapakku", "ayah saya", "ayah sy", "ayahku", "bapak aku", "ayah aku", "bapak kami")

# Words that say who the patient is, when no other kind of person is named.
PERSONS = {
    "female": (
        "perempuan",
        "mbak",
        "mbak2",
        "nenek2",
        "wanita",
        "ada ibu",
        "seorang ibu",
        "ibu hamil",
        "ibu-ibu",
        "ibu2",
        "nenek",
        "oma",
        "hamil",
        *FEMALE_KIN,
        "cewek",
        "gadis",
        "woman",
        "girl",
    ),
    "male": (
        "pria",
        "lk",  # an operator's "lk 72 th"
        "bapak",  # "ada bapak", "seorang bapak", "bapak tua" (but ADDRESSED)
        "bapak-bapak",
        "bapak2",
        "laki-laki",
        "laki laki",
        "lelaki",
        "kakek",
        "kakek2",
        "opa",
        *MALE_KIN,
        "cowok",
        "man",
        "boy",
    ),
    "child": (
        "balita",
        "bayi",
        "bocah",
        "anak kecil",
        "budak kecik",
        "baby",
        "child",
        # Whose child: a parent calling speaks of a child.
        "anak saya",
        "anak sy",
        "anakku",
        "anak aku",
        "anak kami",
        "budak aku",
        # A school's pupils: a student in class is a child.
        "siswa",
        "siswi",
        "murid",
    ),
    "elderly": (
        "lansia",
        "nenek",
        "nenek2",
        "kakek",
        "kakek2",
        "oma",
        "opa",
        "mbah",
        "simbah",
        "tua",
        "elderly",
        "old",
        # With "my" and "his" fused on: "mbahku tibo", "neneknya jatuh".
        *(
            f"{who}{of}"
            for who in ("mbah", "simbah", "nenek", "kakek")
            for of in ("ku", "nya", "e")
        ),
        *(f"{who}{of}" for who in ("oma", "opa") for of in ("ku", "nya")),
    ),
    # A caller's parent or spouse is no child.
    "adult": (*FEMALE_KIN, *MALE_KIN, "mertua"),
    "pregnant": ("hamil", "ibu hamil", "bumil", "melahirkan", "lahiran", "ketuban", "pregnant"),
}
# A pregnant woman is no baby, no man and no grandfather: a feverish baby and a
# mother in labour next door are two patients.
CONFLICTS = (
    ("female", "male"),
    ("child", "elderly"),
    ("child", "adult"),
    ("pregnant", "child"),
    ("pregnant", "male"),
    ("pregnant", "elderly"),
)
# A birth, before or after: the mother and the baby are one emergency.
BIRTH = ("hamil", "melahirkan", "lahir", "lahiran", "persalinan", "ketuban", "bidan")
BIRTH += ("pregnant", "in labour", "in labor", "giving birth", "gave birth")
BIRTH += ("melahirke", "nglairke", "nglahirke", "kontraksi", "partum", "kepala bayi")
BIRTH += ("bayinya belum keluar", "bayi belum keluar", "bayinyo belum keluar")
# An age said: "umur 2 th", "usia 70 tahun", "8 bulan", "72 th".
UNITS = r"(th|thn|tahun|taun|bln|bulan|months?|years?)"
AGE = re.compile(
    rf" (?:umur|usia|umurnya|usianya|berumur|berusia|aged|age) (\d{{1,3}})(?: {UNITS})?"
    rf"| (\d{{1,3}}) {UNITS} "
)
# "Bapak, tolong ...": the call-taker addressed, not a man in the report.
ADDRESSED = re.compile(r"\s*bapak\s*[,.!]|\s*bapak\s+(?:tolong|mohon|izin|maaf)\b", re.I)
CHILD_UNTIL = 12
ELDERLY_FROM = 60
# Someone who cannot get out by themselves: trapped, on the roof, unable to walk.
STUCK = ("terjebak", "kejebak", "jebak", "gak bisa keluar", "gk bs keluar", "nggak bisa keluar")
STUCK += (
    "tidak bisa keluar",
    "tdk bisa keluar",
    "ga bisa keluar",
    "ora iso metu",
    "dak biso keluar",
)
STUCK += ("nyanda bisa kaluar", "naik ke atap", "di atap", "di loteng", "lumpuh")
STUCK += ("nggak bisa jalan", "tidak bisa jalan", "gak bisa jalan", "trapped", "on the roof")
_WORDS = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def other_person(a: str, b: str) -> bool:
    """Each caller describes one person, and not the same one: a pregnant woman and
    an old man fainting in one terminal are two patients."""
    if one_birth(a, b):
        return False  # the mother and her baby, before and after it is born
    first, second = _persons(a), _persons(b)
    return any(
        (one in first and other in second and other not in first and one not in second)
        or (other in first and one in second and one not in first and other not in second)
        for one, other in CONFLICTS
    )


# What a patient does, in a caller's words: a dock worker fallen from a ladder is
# not the truck driver fainted in his cab at the same port.
ROLES = {
    "driver": ("sopir", "supir", "driver", "kernet"),
    "worker": ("buruh", "kuli", "tukang", "pekerja", "worker"),
    "fisher": ("nelayan", "fisherman"),
    "vendor": ("pedagang", "penjual", "vendor"),
    "guard": ("satpam", "security", "penjaga"),
    "student": ("siswa", "siswi", "murid", "mahasiswa", "santri", "student"),
    "visitor": ("turis", "wisatawan", "pengunjung", "tourist", "visitor"),
    "rider": ("pemotor", "pengendara", "pengemudi", "rider"),
}


def other_role(a: str, b: str) -> bool:
    """Each caller says what their patient does, and not the same thing."""
    first, second = _roles(a), _roles(b)
    return len(first) == len(second) == 1 and not first & second


@functools.lru_cache(maxsize=4096)
def _roles(text: str) -> frozenset[str]:
    padded = _padded(text)
    return frozenset(
        role for role, words in ROLES.items() if any(f" {w} " in padded for w in words)
    )


def one_birth(a: str, b: str) -> bool:
    """Both callers speak of a birth: one mother, before and after."""
    return _of_a_birth(a) and _of_a_birth(b)


def _of_a_birth(text: str) -> bool:
    padded = _padded(text)
    return any(f" {w} " in padded for w in BIRTH)


# "gk bs jln", "nda bisa kaluar", "ora iso metu": however a caller spells it.
CANNOT_LEAVE = re.compile(
    r" (?:gak|ga|gk|nggak|ngga|enggak|tidak|tdk|tak|ndak|nda|dak|nyanda|ora|belum|blm) "
    r"(?:bisa|bs|bsa|biso|iso|sanggup|dapat|dapa) (?:jalan|jln|keluar|kluar|kaluar|metu|bangun)"
    r"|\b(?:can ?not|can't|cannot) (?:walk|get out|leave)"
)


# Someone carried off by the water: one person in danger, like one who is stuck.
SWEPT = ("hanyut", "anyut", "kebawa arus", "terbawa arus", "terseret arus", "keseret arus")
SWEPT += ("swept away", "tenggelam", "tenggelem", "klelep", "kelelep")


def in_danger(text: str) -> bool:
    """Someone stuck, or carried off by the water."""
    padded = _padded(text)
    return stuck(text) or any(f" {w} " in padded for w in SWEPT)


def stuck(text: str) -> bool:
    padded = _padded(text)
    return any(f" {w} " in padded for w in STUCK) or bool(CANNOT_LEAVE.search(padded))


def _padded(text: str) -> str:
    # Whole words only: "tua" is not in "tuang", nor "pria" in "Apriani".
    return f" {' '.join(_WORDS.findall(text.lower()))} "


def _persons(text: str) -> frozenset[str]:
    # Late in a pregnancy, and a child's parents ("orang tua"), are no old person.
    padded = _padded(text).replace(" hamil tua ", " hamil ").replace(" orang tua ", " ortu ")
    if ADDRESSED.match(text):
        padded = padded.removeprefix(" bapak")
    kinds = {kind for kind, words in PERSONS.items() if any(f" {w} " in padded for w in words)}
    return frozenset(kinds | _of_age(padded))


def _of_age(padded: str) -> set[str]:
    """A child or an old person by the age a caller gives ("umur 2 th", "usia 70")."""
    kinds = set()
    for found in AGE.finditer(padded):
        number = found.group(1) or found.group(3)
        unit = found.group(2) or found.group(4) or ""
        if "hamil" in padded[max(0, found.start() - 8) : found.start()]:
            continue  # "hamil 8 bulan": how long she has been pregnant
        if unit.startswith(("bl", "bu", "mo")) or int(number) <= CHILD_UNTIL:
            kinds.add("child")
        elif int(number) >= ELDERLY_FROM:
            kinds.add("elderly")
    return kinds
