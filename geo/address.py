"""Indonesian address understanding: normalization, tokenization, parsing.

Pure Python (no Django, no ORM) so the gazetteer core can use it anywhere.

The same normalization is applied to gazetteer names and to queries, so spelling
variants meet in one *compact key*: case, punctuation, accents and spaces are
dropped ("Tanjung Karang Timur" == "Tanjungkarang Timur"), number words and Roman
numerals become digits ("Ilir Timur I" == "Ilir Timur Satu" == "Ilir Timur 1"), and a
few common abbreviations are expanded ("Tj." == "Tanjung", "Sei" == "Sungai").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Work on at most this many characters of any input: matching is superlinear in the
# number of tokens, and no real address is longer (a 10,000 character paste must not
# stall the triage task).
MAX_INPUT_CHARS = 500

# Number words and Roman numerals, normalized to digits. Applied only to tokens that
# follow another token of the same name ("Ilir Timur I"), never to a leading token,
# so a name such as "Lima Puluh" keeps its first word.
_NUMERALS = {
    "satu": "1",
    "dua": "2",
    "tiga": "3",
    "empat": "4",
    "lima": "5",
    "enam": "6",
    "tujuh": "7",
    "delapan": "8",
    "sembilan": "9",
    "sepuluh": "10",
    "i": "1",
    "ii": "2",
    "iii": "3",
    "iv": "4",
    "v": "5",
    "vi": "6",
    "vii": "7",
    "viii": "8",
    "ix": "9",
    "x": "10",
    "xi": "11",
    "xii": "12",
}

# Abbreviations found both in the official names and in what callers type. Expanding
# them on both sides keeps matching symmetric.
_ABBREVIATIONS = {
    "kp": "kampung",
    "kpg": "kampung",
    "kamp": "kampung",
    "tg": "tanjung",
    "tj": "tanjung",
    "tjg": "tanjung",
    "tanjong": "tanjung",
    "negri": "negeri",
    # Spoken spellings: "Pulo Borang" is Pulau Borang, "talang klapa" Talang Kelapa.
    "pulo": "pulau",
    "klapa": "kelapa",
    "sei": "sungai",
    "sg": "sungai",
    "kep": "kepulauan",
    "kepl": "kepulauan",
    "mns": "meunasah",
    "bdr": "bandar",
    "tlk": "teluk",
    "gn": "gunung",
    "gng": "gunung",
    "psr": "pasar",
    "trminal": "terminal",
    "trmnl": "terminal",
    "tjk": "tanjungkarang",
    "tbk": "telukbetung",
    "adm": "administrasi",
}

# Markers that label the words that follow them.
VILLAGE_MARKERS = frozenset(
    {"kel", "kelurahan", "lurah", "desa", "ds", "dsa", "pekon", "tiyuh", "nagari", "gampong"}
)
DISTRICT_MARKERS = frozenset({"kec", "kecamatan", "camat", "distrik", "kapanewon", "kemantren"})
REGENCY_MARKERS = frozenset({"kab", "kabupaten", "kota", "kodya", "kotamadya", "kotamadia"})
PROVINCE_MARKERS = frozenset({"prov", "provinsi", "propinsi", "prop"})
STREET_MARKERS = frozenset(
    {
        "jl",
        "jln",
        "jalan",
        "gg",
        "gang",
        "lr",
        "lrg",
        "lorong",
        "blok",
        "komp",
        "komplek",
        "kompleks",
        "perum",
        "perumahan",
        "griya",
        "dusun",
        "dsn",
        "lingkungan",
        "ling",
        "lk",
    }
)
# Street markers that are also everyday words: a marker only before a number
# ("Lingkungan II", "LK 3").
NUMBERED_MARKERS = frozenset({"lingkungan", "ling"})
ROMAN = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"})
NUMBER_MARKERS = frozenset({"no", "nomor", "nmr", "nomer", "rt", "rw", "kodepos"})
# Words that end a street name in running text ("Jl. Soekarno Hatta dekat Terminal
# Rajabasa": Rajabasa is no longer part of the street).
STREET_END = frozenset(
    {"di", "dekat", "depan", "belakang", "samping", "sebelah", "seberang", "arah", "menuju"}
    | {"sekitar", "ke", "dari", "simpang", "perempatan", "pertigaan", "tepatnya"}
)

LABELS = {
    **dict.fromkeys(VILLAGE_MARKERS, "village"),
    **dict.fromkeys(DISTRICT_MARKERS, "district"),
    **dict.fromkeys(REGENCY_MARKERS, "regency"),
    **dict.fromkeys(PROVINCE_MARKERS, "province"),
    **dict.fromkeys(STREET_MARKERS, "street"),
}

# Common words of reports and addresses that are also the name of some village
# somewhere ("Pasar", "Baru", "Jaya"): on their own they are never a place.
_STOPWORD_TEXT = """
    di ke dari dan atau yang ini itu ada tidak sudah belum akan sedang lagi juga
    dekat depan belakang samping seberang sebelah arah menuju sekitar sekitaran
    kawasan daerah wilayah lokasi alamat tempat area jalan raya rumah toko warung
    kantor sekolah masjid gereja pasar terminal stasiun pelabuhan bandara simpang
    perempatan pertigaan lampu merah tol jembatan sungai kali laut pantai gunung
    bukit hutan kebun sawah lapangan taman tugu kota kabupaten provinsi desa
    kelurahan kecamatan kampung dusun baru lama jaya makmur indah permai asri
    utara selatan timur barat tengah pusat atas bawah ilir ulu hulu hilir dalam luar
    besar kecil panjang pendek tinggi raya sari mulya mulyo rejo harjo agung
    kebakaran banjir longsor kecelakaan tabrakan laka lantas pencurian maling
    begal rampok kriminal sakit pingsan meninggal tewas luka korban tolong bantu
    bantuan segera cepat darurat mohon minta lapor laporan pengaduan keluhan
    api asap air listrik mati padam rusak macet sampah bau anjing ular pohon tumbang
    motor mobil truk bus angkot orang anak bapak ibu pak bu mas mbak warga
    pagi siang sore malam hari jam tadi sekarang kemarin besok
    mau bisa harus sangat banyak sedikit satu dua tiga
    rt rw no nomor gg gang blok
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_SEGMENT_SPLIT = re.compile(r"[,;\n\r\t|()\[\]{}<>/\\]+|\s[-\u2013\u2014]\s")
_TOKEN = re.compile(r"[a-z0-9]+")
# ASCII and typographic apostrophes, the modifier letter apostrophe, the acute accent.
_QUOTES = str.maketrans("", "", "'`\u2019\u2018\u02bc\u00b4")


def fold(text: str) -> str:
    """Lowercase ASCII without accents; apostrophes vanish ("Pu'uk" -> "puuk")."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        # Typographic apostrophes go before the ASCII filter would drop them anyway.
        text = text.translate(_QUOTES).encode("ascii", "ignore").decode("ascii")
    return text.lower().translate(_QUOTES)


def _strip_zeros(token: str) -> str:
    # "01" and "1" are the same number ("RT 01", "Kelurahan 01" in older data).
    if token.isdigit():
        return token.lstrip("0") or "0"
    return token


def head_form(token: str) -> str:
    """A token at the start of a name: abbreviations expanded, numbers as they are."""
    return _ABBREVIATIONS.get(token, _strip_zeros(token))


def tail_form(token: str) -> str:
    """A token after the first one of a name: numerals also become digits."""
    numeral = _NUMERALS.get(token)
    if numeral is not None:
        return numeral
    return head_form(token)


def name_tokens(name: str) -> list[str]:
    return _TOKEN.findall(fold(name))


# A word said twice, in full or in part: "Batu-Batu", "Manembo-nembo".
_REDUPLICATED = re.compile(r"\b(\w+)-(\w+)\b")


def sms_forms(name: str) -> list[str]:
    """A name with a word said twice as a text message writes it, with a 2:
    "manembo2 tengah" for Manembo-nembo Tengah, "batu2" for Batu-Batu."""
    said = _REDUPLICATED.sub(
        lambda m: m[1] + "2" if m[1].lower().endswith(m[2].lower()) else m[0], name
    )
    return [said] if said != name else []


def without_repeat(name: str) -> str:
    """A name with the word said twice said once: "RSUD Manembo" for RSUD
    Manembo-nembo, as people shorten it."""
    return _REDUPLICATED.sub(lambda m: m[1] if m[1].lower().endswith(m[2].lower()) else m[0], name)


def name_key(name: str) -> str:
    """The compact key of a place name: what two spellings of it have in common."""
    tokens = name_tokens(name)
    if not tokens:
        return ""
    return head_form(tokens[0]) + "".join(tail_form(t) for t in tokens[1:])


@dataclass(slots=True)
class Token:
    """One normalized word of a query.

    `head`/`tail` are its forms as the first or a later word of a name. `marker` is
    the level a marker word announces ("village" for "Kel.", "street" for "Jl."),
    `label` the level announced by the marker right before this word, and `street`
    tells the word lies in a street, house complex or hamlet name.
    """

    raw: str
    head: str
    tail: str
    marker: str | None = None
    label: str | None = None
    street: bool = False


@dataclass(slots=True)
class Tokenized:
    segments: list[list[Token]] = field(default_factory=list)
    postal_codes: list[str] = field(default_factory=list)
    numbers: dict[str, str] = field(default_factory=dict)


def clip(text: object, limit: int = MAX_INPUT_CHARS) -> str:
    """The part of any input worth reading: a string of at most `limit` characters."""
    if not isinstance(text, str):
        return ""
    return text[:limit]


def tokenize(text: str, limit: int = MAX_INPUT_CHARS) -> Tokenized:
    """Split an address or a free text into segments of normalized, labelled words.

    Segments end at separators (commas, new lines, brackets...) and around house
    numbers, RT/RW and postal codes: a place name never spans them.
    """
    result = Tokenized()
    for part in _SEGMENT_SPLIT.split(fold(clip(text, limit))):
        _tokenize_segment(_TOKEN.findall(part), result)
    return result


def _tokenize_segment(words: list[str], result: Tokenized) -> None:
    segment: list[Token] = []
    in_street = False
    pending_label: str | None = None
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        if word == "kode" and index < len(words) and words[index] == "pos":
            words[index] = "kodepos"
            continue
        if word in NUMBER_MARKERS:
            # "No. 12", "RT 03 RW 05", "kode pos 35141": not place names; they also
            # end the street name before them.
            values = []
            while index < len(words) and _is_house_number(words[index]):
                values.append(words[index])
                index += 1
            if values:
                result.numbers.setdefault(word, " ".join(values))
                if word == "kodepos" and _is_postal(values[0]):
                    result.postal_codes.append(values[0])
            _flush(segment, result)
            segment, in_street, pending_label = [], False, None
            continue
        if _is_postal(word):
            result.postal_codes.append(word)
            _flush(segment, result)
            segment, in_street, pending_label = [], False, None
            continue
        marker = LABELS.get(word)
        if word in NUMBERED_MARKERS and not (index < len(words) and _is_unit_number(words[index])):
            # "Lingkungan II" is an address; "Dinas Lingkungan Hidup" and "kebersihan
            # lingkungan" are words, and no street runs on after them.
            marker = None
        if marker is not None:
            in_street = marker == "street"
        elif word in STREET_END:
            in_street = False
        head = head_form(word)
        segment.append(
            Token(
                raw=word,
                head=head,
                tail=tail_form(word),
                marker=marker,
                label=pending_label,
                street=in_street and marker is None,
            )
        )
        pending_label = marker
    _flush(segment, result)


def _flush(segment: list[Token], result: Tokenized) -> None:
    if segment:
        result.segments.append(segment)


def _is_postal(token: str) -> bool:
    # Indonesian postal codes: five digits, first digit 1-9.
    return len(token) == 5 and token.isdigit() and token[0] != "0"


def _is_unit_number(token: str) -> bool:
    return token.isdigit() or token in ROMAN


def _is_house_number(token: str) -> bool:
    # "12", "12a", "003": digits, optionally followed by one letter.
    if token.isdigit():
        return True
    return len(token) <= 4 and token[:-1].isdigit() and token[-1].isalpha()


@dataclass(slots=True)
class ParsedAddress:
    """The labelled parts of an address, as far as its markers tell them apart."""

    street: str = ""
    house_number: str = ""
    rt: str = ""
    rw: str = ""
    village: str = ""
    district: str = ""
    regency: str = ""
    province: str = ""
    postal_code: str = ""
    other: list[str] = field(default_factory=list)


def parse_address(text: str) -> ParsedAddress:
    """Parse "Jl. Teuku Umar No. 12 RT 03/RW 05, Kel. Kedaton, Kec. Kedaton, ...".

    Only what markers announce lands in a field; unlabelled parts go to `other`
    (the gazetteer decides what they are).
    """
    tokenized = tokenize(text)
    numbers = tokenized.numbers
    parsed = ParsedAddress(
        house_number=numbers.get("no") or numbers.get("nomor") or numbers.get("nmr", ""),
        rt=numbers.get("rt", ""),
        rw=numbers.get("rw", ""),
        postal_code=tokenized.postal_codes[0] if tokenized.postal_codes else "",
    )
    for segment in tokenized.segments:
        for marker, words in _runs(segment):
            _assign(parsed, marker, words)
    return parsed


def _runs(segment: list[Token]) -> list[tuple[str | None, list[str]]]:
    """Cut a segment at its markers: [(marker word or None, following words)]."""
    runs: list[tuple[str | None, list[str]]] = []
    marker: str | None = None
    words: list[str] = []
    for token in segment:
        if token.marker is not None:
            if words or marker is not None:
                runs.append((marker, words))
            marker, words = token.raw, []
        else:
            words.append(token.raw)
    if words or marker is not None:
        runs.append((marker, words))
    return runs


def _assign(parsed: ParsedAddress, marker: str | None, words: list[str]) -> None:
    value = " ".join(words).title()
    if not value:
        return
    slot = LABELS.get(marker) if marker else None
    if slot == "regency":
        prefix = "Kota" if marker in {"kota", "kodya", "kotamadya", "kotamadia"} else "Kabupaten"
        value = f"{prefix} {value}"
    if slot and not getattr(parsed, slot):
        setattr(parsed, slot, value)
    else:
        parsed.other.append(value)
