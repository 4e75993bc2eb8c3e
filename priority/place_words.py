"""The names a report gives its place in words: the street, landmark or village
after "di", "dekat", "depan", "jl", "pasar"... ("kabel putus di sultan agung dkt
transmart" names "sultan", "agung", "transmart").

priority.same_event compares them when the reports have no points to compare: two
callers without GPS who name the same street and the same shop speak of one place.
A word the rules or the spelling table know ("rumah", "kebakaran", "pasar") is
never a name; a name is what is left.
"""

from __future__ import annotations

import functools
import itertools
import re

from priority.rules import Ruleset, default_rules


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words after which callers name a place.
CUES = _words(
    """
    di dekat dkt deket dket depan dpn belakang blkg sebelah samping seberang sebrang
    arah ke jl jln jalan gg gang lorong pasar psr desa ds kel kelurahan kec kecamatan
    kampung dusun perum perumahan komplek kompleks blok simpang jembatan flyover tol
    pantai pante sungai kali kuala muara pulau selat gunung teluk terminal stasiun
    pelabuhan dermaga spbu masjid gereja sekolah rs rsud puskesmas mall lapangan kantor
    daerah wilayah kawasan sekitar near at in on
    d pekon tiyuh lingkungan lingk neng ning nang
    """
)
# Words that end a place name ("di sultan agung yang ...").
STOPS = _words(
    """
    yang yg ada ado dan atau tapi sudah udah sdh masih lagi itu ini sini situ sana
    dengan deng karena krn saat waktu tadi skrg sekarang mau mo so the a an and is
    street road st rd rt rw
    """
)
# Numbered neighbourhoods, followed by the village they are in ("RT 03 Kangkung").
NUMBERED = frozenset({"rt", "rw"})
# Parts of many names ("Way Halim Permai", "Korpri Jaya", "Sumur Batu"): alone they
# tie nothing, joined with their neighbour they do ("korprijaya").
NAME_PARTS = _words(
    """
    jaya raya baru indah permai agung makmur mulya mulia sari asri timur barat utara
    selatan tengah ilir ulu satu dua tiga lama atas bawah besar kecil rejo harjo
    """
)
NAME_WORDS = 4  # words read after a cue
MIN_NAME = 4  # letters in a name on its own ("ki maja" counts only joined: "kimaja")
_TOKENS = re.compile(r"[a-z0-9]+|[,.;:!?\n]")
# A consonant, an "e" and an r or l opening a name: often written without the "e".
CLUSTER = re.compile(r"^([bcdfgjkmnpstv])e([rl])")
# A numbered state school, said in many ways: "SMP Negeri 12", "SMPN 12", "smp 12"
# are one place, "smp12".
SCHOOL = re.compile(r"\b(sd|smp|sma|smk)\s*(?:negeri|n)?\s*(\d{1,3})\b")


OF_ITS = 5


def place_names(
    text: str, rules: Ruleset | None = None, cues: frozenset[str] = CUES
) -> frozenset[str]:
    """The names a text gives its place (lowercase), single words and two joined."""
    ruleset = rules if rules is not None else default_rules()
    tokens = _TOKENS.findall(text.lower())
    names: set[str] = set()
    for i, token in enumerate(tokens):
        start = i + 1
        if token in NUMBERED and start < len(tokens) and tokens[start].isdigit():
            start += 1  # "RT 03 Kangkung": the kelurahan after the neighbourhood's number
        elif token not in cues:
            continue
        run: list[str] = []
        if start < len(tokens) and tokens[start] == ".":  # "Jl. Sultan Agung"
            start += 1
        if start < len(tokens) and tokens[start] == "the":  # "in the Lembeh Strait"
            start += 1
        for word in tokens[start : start + NAME_WORDS]:
            if not word.isalpha() or word in STOPS or word in CUES:
                break
            run.append(word)
        names |= _names(run, ruleset)
    names |= {kind + number.lstrip("0") for kind, number in SCHOOL.findall(text.lower())}
    return frozenset(_spoken(name) for name in names)


# Words before the name of a river or a road, which runs for kilometres: two
# events may lie on it far apart ("Sungai Musi dekat Sungsang", "Sungai Musi depan
# Sungai Gerong"). And roads named for what they are.
LINE_CUES = _words("sungai sei kali jl jln jalan tol jalur ruas lintas")
LINES = _words("jalinsum jalintim jalinbar jalinteng bypass")
# Where the caller stands on it, not where they head ("arah Kemiling").
ALONG_CUES = CUES - _words("arah ke")
# Shops found every few hundred metres along any road: no place of their own.
EVERYWHERE = _words("warung warkop warteg toko kios indomaret alfamart alfamidi bengkel pinggir")


TOWARDS = _words("arah ke menuju to")


@functools.lru_cache(maxsize=4096)
def line_names(text: str) -> frozenset[str]:
    """The names a text gives right after a river's or a road's word, and the roads
    named for what they are."""
    tokens = _TOKENS.findall(text.lower())
    names = {token for token in tokens if token in LINES}
    for i, token in enumerate(tokens[:-1]):
        if token in LINE_CUES:
            start = i + 2 if tokens[i + 1] == "." else i + 1
            if start < len(tokens) - 1 and tokens[start] in TOWARDS:
                start += 1  # "tol arah Terbanggi": the road to Terbanggi
            # Not "jalan di atas", "jalan yang rusak": no road's name follows.
            named = start < len(tokens) and tokens[start].isalpha()
            if named and tokens[start] not in CUES and tokens[start] not in STOPS:
                names.add(_spoken(tokens[start]))
                # "tol Manado-Bitung": the road's name of two words, each and joined.
                second = tokens[start + 1] if start + 1 < len(tokens) else ""
                if second.isalpha() and second not in CUES and second not in STOPS:
                    names |= {_spoken(second), _spoken(tokens[start] + second)}
    return frozenset(names)


def _spoken(name: str) -> str:
    """A name's first syllable as it is said: "Berabasan" and "Brabasan", "Kelapa"
    and "Klapa" are one name."""
    return CLUSTER.sub(r"\1\2", name)


def _names(run: list[str], rules: Ruleset) -> set[str]:
    names = set()
    unknown = [word for word in run if not _known(word, rules)]
    for word in unknown:
        if len(word) >= MIN_NAME and word not in NAME_PARTS:
            names.add(word)
    for first, second in itertools.pairwise(run):
        if not _known(first, rules) or not _known(second, rules):
            names.add(first + second)
    return names


def _known(word: str, rules: Ruleset) -> bool:
    """A word of the rules, the spelling table or the common words: not a name. Nor
    a word with "-nya", of its, however it is spelled ("sblhnya", "rumahnya"): a
    handful of Indonesia's 80,000 village names end so."""
    return rules.normalizer.canon(word)[1] or (len(word) > OF_ITS and word.endswith("nya"))


# Titles before a person's name ("PL a.n. Herman", "Ibu Marlin"): the caller's
# name is said again when they call about another event.
TITLES = _words("an n nama ibu bu pak bpk bapak mas mbak sdr saudara saudari kakon om tante")


@functools.lru_cache(maxsize=4096)
def rare_words(text: str) -> frozenset[str]:
    """The words of a text no rule or spelling knows, wherever they stand, but
    people's names: names of places, boats and buses ("Putra Remaja", "katinting").
    Words of the rivers and roads it names are left out: they run for kilometres.
    Cached: matching reads the same open incidents' texts for every new report."""
    ruleset = default_rules()
    tokens = _TOKENS.findall(text.lower())
    lines = line_names(text)
    return frozenset(
        _spoken(word)
        for i, word in enumerate(tokens)
        if word.isalpha()
        and len(word) > MIN_NAME
        and word not in STOPS
        and word not in CUES
        and word not in NAME_PARTS
        and not _titled(tokens, i)
        and _spoken(word) not in lines
        and not _known(word, ruleset)
    )


def _titled(tokens: list[str], i: int) -> bool:
    """A person's name: after a title, stops ("a.n.", "Ibu") skipped."""
    before = [t for t in tokens[max(0, i - 3) : i] if t.isalnum()]
    return bool(before) and before[-1] in TITLES
