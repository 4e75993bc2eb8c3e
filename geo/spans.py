"""Forward geocoding, first half: the spans of a text that name places.

A span is a run of 1..MAX_WORDS words whose compact key is a region or landmark
name (geo.address tokenizes and normalizes). A span inside a longer matching span
is dropped ("Tanjung" inside "Tanjung Karang Timur"); words no span covers get a
fuzzy (rapidfuzz) try; postal codes name their villages. geo.matching weighs the
places the spans name against each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from geo.address import STOPWORDS, Token, clip, fold, tokenize
from geo.landmarks import LandmarkIndex
from geo.regions import DISTRICT, LEVEL_NAMES, PROVINCE, REGENCY, VILLAGE, Regions
from geo.words import is_dictionary_word

MAX_WORDS = 5
LANDMARK = 4  # a level above village: a named point
LEVEL_LABELS = {**dict(enumerate(LEVEL_NAMES)), LANDMARK: "landmark"}
_LEVEL_OF_LABEL = {name: level for level, name in enumerate(LEVEL_NAMES)}

# Evidence weights. Higher levels weigh more: a lone "Bitung" is the city before it
# is some village called Bitung.
WEIGHTS = {PROVINCE: 1.0, REGENCY: 1.0, DISTRICT: 0.9, VILLAGE: 0.8, LANDMARK: 1.0}
POSTAL_WEIGHT = 0.5
LABEL_BONUS = 0.1
# Words after "Jl."/"Gg." are a street name; streets are named after places and
# heroes ("Jl. Pagar Alam" is in Bandar Lampung, Kota Pagar Alam is 300 km away).
STREET_FACTOR = 0.4
FUZZY_MIN_KEY = 5
FUZZY_CUTOFF = 87.0
FUZZY_SCOPED_CUTOFF = 80.0
FUZZY_MAX_CALLS = 4
# A misspelt name of the area said after "di" ("Sagrat Weru 2", "Papusunga"): only
# close spellings, of a name long enough not to be a word by chance.
FUZZY_HOME_CUTOFF = 90.0
FUZZY_HOME_MIN_KEY = 7
HOME_WORDS = 3


@dataclass(slots=True)
class Span:
    seg: int
    start: int
    end: int
    ids: list[int]
    marks: list[int]
    label: int | None = None  # level announced by a marker
    strict: bool = False  # the label came from "Kel."/"Kec."/"Kab."/"Prov." (not "Kota")
    street: bool = False
    sim: float = 1.0
    postal: str = ""
    at_marker: bool = False  # starts with the marker word itself ("Kota Baru", "Desa Baru")
    words: tuple[str, ...] = ()  # the words as written (folded), for explanations
    after: str = ""  # the word right before the span ("di", "dekat", ...)
    then: str = ""  # the word right after it ("Dua" of "Kakenturan Dua")
    capitalized: bool = False  # written as a name: "Kelapa Dua", not "kelapa dua"
    taken_to: bool = False  # where someone is taken: "dibawa ke RSUD Bitung"
    denied: bool = False  # not the event's place: "bukan di Girian", "telpon dari Manado"

    def overlaps(self, other: Span) -> bool:
        return self.seg == other.seg and self.start < other.end and other.start < self.end

    def weight(self, level: int) -> float:
        weight = POSTAL_WEIGHT if self.postal else WEIGHTS[level]
        if self.label == level:
            weight += LABEL_BONUS
        weight *= self.sim * self.sim
        if self.street:
            weight *= STREET_FACTOR
        return weight


class SpanFinder:
    """Finds the spans of a text that name places. Holds lazily built fuzzy-match keys."""

    def __init__(self, regions: Regions) -> None:
        self.regions = regions
        self._fuzzy_keys: dict[int, list[str]] = {}
        self._home_scope: dict[str, list[str]] = {}

    # -- spans -------------------------------------------------------------------

    def spans(
        self, text: str, landmarks: LandmarkIndex | None, free_text: bool, home: str = ""
    ) -> list[Span]:
        tokenized = tokenize(text)
        spans: list[Span] = []
        for seg, tokens in enumerate(tokenized.segments):
            spans.extend(self._exact_spans(seg, tokens, landmarks))
        spans = _drop_contained(spans)
        fuzzy = self._fuzzy_spans(tokenized.segments, spans, free_text, home)
        if fuzzy:
            spans = _drop_contained(spans + fuzzy)
        names = capitalized_words(text)
        for span in spans:
            span.capitalized = _written_as_a_name(span.words, names)
        for code in tokenized.postal_codes:
            villages = self.regions.postal_index.get(code)
            if villages:
                spans.append(
                    Span(seg=-1, start=0, end=0, ids=villages, marks=[], postal=code, words=(code,))
                )
        return spans

    def _exact_spans(
        self, seg: int, tokens: list[Token], landmarks: LandmarkIndex | None
    ) -> list[Span]:
        keys = self.regions.keys
        marks_index = landmarks.keys if landmarks else {}
        out: list[Span] = []
        count = len(tokens)
        for start in range(count):
            first = tokens[start]
            label, strict = _label_at(tokens, start)
            key = ""
            for end in range(start, min(count, start + MAX_WORDS)):
                key += first.head if end == start else tokens[end].tail
                if end == start and not _may_stand_alone(first, key, label):
                    continue
                ids = keys.get(key)
                marks = marks_index.get(key)
                if not ids and not marks:
                    continue
                span = Span(
                    seg=seg,
                    start=start,
                    end=end + 1,
                    ids=ids or [],
                    marks=marks or [],
                    label=label,
                    strict=strict,
                    street=first.street or first.marker == "street",
                    at_marker=first.marker is not None,
                    words=tuple(t.raw for t in tokens[start : end + 1]),
                    after=tokens[start - 1].raw if start > 0 else "",
                    then=tokens[end + 1].raw if end + 1 < count else "",
                    taken_to=_taken_to(tokens, start),
                    denied=_denied(tokens, start),
                )
                self._apply_label(span)
                out.append(span)
        return out

    def _apply_label(self, span: Span) -> None:
        """After "Kel."/"Kec."/"Kab."/"Prov.", keep only the regions of that level.

        A loose label ("Kota ...", which also begins names) only earns a bonus in
        Span.weight; a strict one whose level has no such name is dropped: "Kec. X"
        where X is no district still names whatever X is.
        """
        if span.label is None or not span.strict:
            return
        levels = self.regions.levels
        wanted = [rid for rid in span.ids if levels[rid] == span.label]
        if wanted:
            span.ids, span.marks = wanted, []
        else:
            span.label, span.strict = None, False

    def _fuzzy_spans(
        self, segments: list[list[Token]], exact: list[Span], free_text: bool, home: str = ""
    ) -> list[Span]:
        """Fuzzy matches for the words that no exact span covers.

        Tried first on the whole segment ("Tanjung Senag": the exact "Tanjung", a
        village name, must not hide the misspelt "Tanjung Senang"), then on the runs
        of uncovered words.
        """
        scope: list[str] | None = None
        scoped = False
        out: list[Span] = []
        calls = 0
        for seg, tokens in enumerate(segments):
            covered = [False] * len(tokens)
            for span in exact:
                if span.seg == seg:
                    for position in range(span.start, span.end):
                        covered[position] = True
            runs = _uncovered_runs(tokens, covered)
            if not runs:
                continue
            whole = _whole_window(tokens)
            candidates = ([whole] if whole and whole not in runs else []) + runs
            for start, end in candidates:
                label, strict = _label_at(tokens, start)
                # In free text only a word announced by a marker is worth a fuzzy try:
                # anything else is most likely just a word. Except a word no dictionary
                # knows said as a place ("di Sagrat Weru 2", "pesisir Papusunga"),
                # looked for among the area's own villages only.
                if free_text and label is None:
                    at = next((p for p in range(start, end) if _said_at(tokens, p)), None)
                    if home and at is not None and calls < FUZZY_MAX_CALLS:
                        calls += 1
                        # Its words may run on over a word that names a place
                        # elsewhere ("Sagrat Weru 2": Weru is in Cirebon).
                        span = self._fuzzy_home(seg, tokens, at, len(tokens), home)
                        if span is not None:
                            out.append(span)
                    continue
                if any(s.seg == seg and s.start < end and start < s.end for s in out):
                    continue
                if calls >= FUZZY_MAX_CALLS:
                    return out
                calls += 1
                if not scoped:
                    scope, scoped = self._scope(exact), True
                span = self._fuzzy_run(seg, tokens, start, end, label, strict, scope)
                if span is not None:
                    out.append(span)
        return out

    def _fuzzy_run(
        self,
        seg: int,
        tokens: list[Token],
        start: int,
        end: int,
        label: int | None,
        strict: bool,
        scope: list[str] | None,
    ) -> Span | None:
        end = min(end, start + MAX_WORDS)
        found = self._fuzzy_find(tokens, start, end, label, scope)
        # "kel makawide skrg": after a marker the name may be followed by other
        # words; its first words alone are tried too, unless they are words of the
        # dictionary ("desa belum disebut" is no Desa Belu).
        while found is None and label is not None and end - start > 1:
            end -= 1
            if not all(is_dictionary_word(t.raw) for t in tokens[start:end]):
                found = self._fuzzy_find(tokens, start, end, label, scope)
        if found is None:
            return None
        matched_keys, score = found
        ids = [rid for matched in matched_keys for rid in self.regions.keys[matched]]
        span = _fuzzy_span(seg, tokens, start, end, ids, score, label, strict)
        self._apply_label(span)
        return span

    def _fuzzy_home(
        self, seg: int, tokens: list[Token], start: int, end: int, home: str
    ) -> Span | None:
        """The longest run of words from `start` that is, misspelt, a village or a
        district of the home area; its first word must be no word of the dictionary."""
        if is_dictionary_word(tokens[start].raw):
            return None
        keys = self._home_keys(home)
        for stop in range(min(end, start + HOME_WORDS), start, -1):
            key = tokens[start].head + "".join(t.tail for t in tokens[start + 1 : stop])
            if len(key) < FUZZY_HOME_MIN_KEY or key.isdigit():
                continue
            found = _best_fuzzy(key, keys, FUZZY_HOME_CUTOFF)
            if found is None:
                continue
            matched_keys, score = found
            ids = [
                rid
                for matched in matched_keys
                for rid in self.regions.keys[matched]
                if self.regions.codes[rid].startswith(home)
            ]
            return _fuzzy_span(seg, tokens, start, stop, ids, score)
        return None

    def _home_keys(self, home: str) -> list[str]:
        keys = self._home_scope.get(home)
        if keys is None:
            regions = self.regions
            keys = sorted(
                {
                    regions.name_keys[rid]
                    for rid, code in enumerate(regions.codes)
                    if code.startswith(home) and regions.levels[rid] in (DISTRICT, VILLAGE)
                }
            )
            self._home_scope[home] = keys
        return keys

    def _fuzzy_find(
        self,
        tokens: list[Token],
        start: int,
        end: int,
        label: int | None,
        scope: list[str] | None,
    ) -> tuple[list[str], float] | None:
        key = tokens[start].head + "".join(t.tail for t in tokens[start + 1 : end])
        if len(key) < FUZZY_MIN_KEY or key.isdigit():
            return None
        if scope and label in (None, VILLAGE, DISTRICT):
            found = _best_fuzzy(key, scope, FUZZY_SCOPED_CUTOFF)
            if found is not None:
                return found
        levels = (label,) if label is not None else (REGENCY, DISTRICT, VILLAGE)
        for level in levels:
            found = _best_fuzzy(key, self._keys_of_level(level), FUZZY_CUTOFF)
            if found is not None:
                return found
        return None

    def _keys_of_level(self, level: int) -> list[str]:
        keys = self._fuzzy_keys.get(level)
        if keys is None:
            levels = self.regions.levels
            keys = [
                k for k, ids in self.regions.keys.items() if any(levels[i] == level for i in ids)
            ]
            self._fuzzy_keys[level] = keys
        return keys

    def _scope(self, spans: list[Span]) -> list[str] | None:
        """Name keys of the districts and villages inside the regencies or districts
        the text names exactly: a misspelt village is looked for there first."""
        regions = self.regions
        roots = {
            rid
            for span in spans
            if len(span.ids) <= 3 and not span.street
            for rid in span.ids
            if regions.levels[rid] in (REGENCY, DISTRICT)
        }
        if not roots:
            return None
        keys: set[str] = set()
        stack = list(roots)
        while stack:
            rid = stack.pop()
            for child in regions.children.get(rid, ()):
                keys.add(regions.name_keys[child])
                if regions.levels[child] != VILLAGE:
                    stack.append(child)
        return sorted(keys)


def _fuzzy_span(
    seg: int,
    tokens: list[Token],
    start: int,
    end: int,
    ids: list[int],
    score: float,
    label: int | None = None,
    strict: bool = False,
) -> Span:
    """The span of tokens[start:end] that fuzzy matching read as `ids`."""
    return Span(
        seg=seg,
        start=start,
        end=end,
        ids=ids,
        marks=[],
        label=label,
        strict=strict,
        street=tokens[start].street,
        sim=score / 100.0,
        words=tuple(t.raw for t in tokens[start:end]),
        after=tokens[start - 1].raw if start > 0 else "",
        then=tokens[end].raw if end < len(tokens) else "",
        taken_to=_taken_to(tokens, start),
        denied=_denied(tokens, start),
    )


# Words after which a caller names where they are.
AT_WORDS = frozenset({"di", "d", "dekat", "dkt", "deket", "neng", "ning", "nang", "pesisir", "in"})


def _said_at(tokens: list[Token], start: int) -> bool:
    return start > 0 and tokens[start - 1].raw in AT_WORDS


def _label_at(tokens: list[Token], start: int) -> tuple[int | None, bool]:
    """The level announced for a span starting at `start`, and whether strictly.

    A span starting right after a marker has the marker's level; a span starting at
    the marker word itself ("Kota Bandar Lampung", "Kota Baru") has it loosely.
    """
    token = tokens[start]
    if token.label is not None and token.label != "street":
        marker_word = tokens[start - 1].raw if start > 0 else ""
        return _LEVEL_OF_LABEL[token.label], marker_word != "kota"
    if token.marker is not None and token.marker != "street":
        return _LEVEL_OF_LABEL[token.marker], False
    return None, False


def _may_stand_alone(token: Token, key: str, label: int | None) -> bool:
    """Whether a single word may be a place name on its own."""
    if key.isdigit() or token.marker is not None:
        return False
    if label is not None:
        return len(key) >= 2
    return len(key) >= 3 and token.raw not in STOPWORDS


def _drop_contained(spans: list[Span]) -> list[Span]:
    """Drop spans inside a longer matching span ("Tanjung" in "Tanjung Karang Timur").

    A span that begins with a marker word is only one reading of it ("Desa Baru" is
    a village name, and "Desa" + "Baru" too): it hides nothing.
    """
    kept = []
    for span in spans:
        inside = any(
            other is not span
            and not other.at_marker
            and other.seg == span.seg
            and other.start <= span.start
            and span.end <= other.end
            and (other.end - other.start) > (span.end - span.start)
            for other in spans
        )
        if not inside:
            kept.append(span)
    return kept


def _uncovered_runs(tokens: list[Token], covered: list[bool]) -> list[tuple[int, int]]:
    """Maximal runs of words no span covers, outside markers and street names; a lone
    stopword is no run."""
    runs = []
    start = None
    for position, token in enumerate(tokens):
        usable = not covered[position] and token.marker is None and not token.street
        if usable and start is None:
            start = position
        elif not usable and start is not None:
            runs.append((start, position))
            start = None
    if start is not None:
        runs.append((start, len(tokens)))
    return [(a, b) for a, b in runs if b - a > 1 or tokens[a].raw not in STOPWORDS]


def _whole_window(tokens: list[Token]) -> tuple[int, int] | None:
    """The words of a short segment after its leading marker, if it is a plain name."""
    start = 1 if tokens and tokens[0].marker is not None and tokens[0].raw != "kota" else 0
    window = tokens[start:]
    if not window or len(window) > MAX_WORDS:
        return None
    if any(t.marker is not None or t.street for t in window[1:]) or window[0].street:
        return None
    return start, len(tokens)


def _best_fuzzy(key: str, choices: list[str], cutoff: float) -> tuple[list[str], float] | None:
    found = process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=4)
    if not found:
        return None
    best = found[0][1]
    return [choice for choice, score, _ in found if score >= best - 1e-9], best


# A text more capitalized than this writes every word so (a title, a shout): its
# capitals say nothing of names.
CAPITALIZED_SHARE_MAX = 0.5
_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"[.!?:]['\")]*$")


# A numbered village's number, written in capitals or digits ("Sungsang II").
NUMBERS = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"})


def _written_as_a_name(words: tuple[str, ...], names: frozenset[str]) -> bool:
    """Every word capitalized, but a number: "Sungsang II" is written as a name,
    though "II" is in capitals like an acronym."""
    named = [word for word in words if word not in NUMBERS and not word.isdigit()]
    return bool(named) and all(word in names for word in named)


def capitalized_words(text: str) -> frozenset[str]:
    """The words a text writes capitalized inside a sentence ("pohon tumbang di
    Kelapa Dua"), folded like the tokenizer's; none when it capitalizes most words.
    The first word of a sentence is capitalized whatever it is."""
    text = clip(text)
    names: set[str] = set()
    words = 0
    start = True
    for chunk in text.split():
        # "Manembo-nembo" is one name: its first part's capital holds for the rest.
        parts = _WORD.findall(chunk)
        if parts:
            words += 1
            first = parts[0]
            if not start and first[0].isupper() and not first.isupper():
                names.update(fold(part) for part in parts)
            start = False
        if _SENTENCE_END.search(chunk):
            start = True
    if not words or len(names) > CAPITALIZED_SHARE_MAX * words:
        return frozenset()
    return frozenset(names)


# Words that take someone to a place: the hospital a victim is brought to, the
# shelter a family is moved to, is not where the event is.
TAKEN = frozenset(
    {"dibawa", "dibw", "dilarikan", "dirujuk", "diantar", "dievakuasi", "diungsikan"}
    | {"dikirim", "diangkut", "digotong", "dibopong", "taken", "brought", "rushed", "evacuated"}
)
# "diangkut warga pakai mobil bak ke Puskesmas": who carried them, and how, may
# stand between the word and the place.
TAKEN_REACH = 5


def _taken_to(tokens: list[Token], start: int) -> bool:
    """The span comes after "dibawa ke", "taken to", "diangkut warga ke"..."""
    if start < 2 or tokens[start - 1].raw not in ("ke", "k", "to"):
        return False
    return any(t.raw in TAKEN for t in tokens[max(0, start - 2 - TAKEN_REACH) : start - 1])


# Words that deny a place: "bukan di Girian, di Sagerat" corrects the first.
DENIALS = frozenset({"bukan", "bkn", "not"})
PLACE_WORDS = frozenset({"di", "d", "dari", "dr", "in", "at"})


# Where the caller phones from is not where the event is: "kita ada telpon dari
# Manado", "calling from Jakarta".
CALLING = frozenset(
    {"telpon", "telepon", "tlp", "telp", "tlpn", "nelpon", "nelfon", "menelepon", "menelpon"}
    | {"calling", "call", "phoning"}
)
FROM_WORDS = frozenset({"dari", "dr", "from"})


# Where the caller lives is not where the event is when they name another place
# too: "alamat saya di Pahoman, ... tapi sekarang kami di Pantai Mutun", "saya warga
# Kelurahan Kenten, melaporkan kecelakaan di depan Pasar Betung", "I live in Kenten".
# One caller's own: "kami warga Desa Hanura melaporkan banjir rob" is a village
# reporting what happens in it.
ME = frozenset({"saya", "sy", "aku", "i", "my"})
RESIDENT = frozenset({"warga", "tinggal", "domisili", "live", "lives", "living"})
ADDRESS = frozenset({"alamat", "alamatnya", "address"})


def _own_address(tokens: list[Token], start: int) -> bool:
    """The span is the caller's own address: after "alamat saya (di)", "saya warga
    (Kel.)", "sy tinggal di", "my address is", "I live in"."""
    i = start - 1
    while i >= 0 and (tokens[i].marker is not None or tokens[i].raw in (*PLACE_WORDS, "is")):
        i -= 1  # "di", "Kel.", "is" between the words and the name
    if i < 1:
        return False
    word, before = tokens[i].raw, tokens[i - 1].raw
    if word in RESIDENT:
        return before in ME
    return (word in ME and before in ADDRESS) or (word in ADDRESS and before in ME)


def _denied(tokens: list[Token], start: int) -> bool:
    """The span comes right after "bukan", "bukan di", "not in"..., or it is the
    place the caller phones from ("telpon dari Manado"), or their own address."""
    if start >= 1 and tokens[start - 1].raw in DENIALS:
        return True
    if _own_address(tokens, start):
        return True
    calling = tokens[max(0, start - 3) : start - 1]
    if (
        start >= 2
        and tokens[start - 1].raw in FROM_WORDS
        and any(t.raw in CALLING for t in calling)
    ):
        return True
    return start >= 2 and tokens[start - 1].raw in PLACE_WORDS and tokens[start - 2].raw in DENIALS
