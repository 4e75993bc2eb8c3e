"""Text normalization for the urgency engine.

Reports are typed in a hurry: SMS abbreviations ("tlg cpt"), stretched words
("tolonggg"), regional words ("kobong"), accents and emoji, operator
boilerplate. Everything here turns such a text into a tuple of canonical
tokens that the rules in rules.toml can match with plain dictionary look-ups.

Pipeline per text: cut to MAX_CHARS, lowercase, fold accents (NFKD) only when
the text is not ASCII, drop clock times ("pukul 14.30" is not "hit"), expand
reduplication ("anak2"), split into tokens, then map every token through a
per-token cache (`Normalizer.canon`): spelling table, direct vocabulary hit,
repeated-letter collapse, English suffixes, Indonesian stemming (PySastrawi).
Stemming costs 20-150 us per word, so it runs once per distinct token and only
for tokens that do not match directly.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

SPELLING_PATH = Path(__file__).with_name("spelling.toml")

# Real reports are a few hundred characters; a longer text is cut so that a
# flood of noise cannot make one assessment expensive.
MAX_CHARS = 5000
MAX_TOKENS = 400
# Words outside this length are never stemmed (noise, ids, URLs).
_STEM_MIN, _STEM_MAX = 4, 20
_TOKEN_CACHE_SIZE = 100_000

# Clause punctuation becomes a BOUNDARY token: phrases never span it and
# negation stops at it ("tanpa palang, korban terjepit" has a victim).
BOUNDARY = ","
# A question mark also leaves this word behind, as a clause of its own, so that
# rules can tell a question from a report ("gempa ya barusan?").
QUESTION = "questionmark"
_ASCII_TOKEN = re.compile(r"[a-z0-9]+|[,.;:!?\n]+")
_WORD_TOKEN = re.compile(r"[^\W_]+|[,.;:!?\n]+")
_BOUNDARY_START = frozenset(",.;:!?\n")
# "anak2", "korban2": reduplication written with a 2 means the plural. With a
# suffix after the 2 ("mabuk2an", "tikam2an", "obat2an") it is the word doubled
# with the suffix on the second half ("mabuk mabukan").
_REDUPLICATION = re.compile(r"\b([a-z]{2,})2(an|nya|lah|kan|in)?\b")
# "pukul 14.30", "pkl 09:00", "jam 3": clock times. Without this, "pukul"
# (also "to hit") would read as violence and "pkl" as street vendors.
_CLOCK_TIME = re.compile(r"\b(?:pukul|pkl|jam|jm)\.?\s*\d{1,2}(?:[.:]\d{2})?")
_RUN3 = re.compile(r"(.)\1{2,}")
# Laughter typed at any length ("hehehe", "wkwkwkwk", "hahahah"): one word the joke
# rule knows, as the laughing emoji are.
_LAUGHTER = re.compile(r"\b(?:ha|he|hi|wk|xi){3,}[hkw]?\b")
_RUNS = re.compile(r"(.)\1+")
# Longer "words" are noise (keyboard mashing, ids): never rewritten.
_MAX_WORD = 30
_ENGLISH_SUFFIXES = (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))
# Regional endings tried when nothing else matched, kept only when the rest is a
# rule word: Palembang "-nyo" and final "o" for "a" ("darahnyo", "kepalo"),
# Javanese "-ne"/"-e" and "-ku"/"-mu" ("omahe", "dadane", "omahku"); Manado
# "ba-" written together with a verb ("bagerak"); Manado "ta-" and Palembang
# "te-" for "ter-" ("tajepit", "tebalik").
_REGIONAL_SUFFIXES = (("nyo", ""), ("nyo", "nya"), ("ne", ""), ("e", ""), ("ku", ""), ("mu", ""))
_REGIONAL_MIN_BASE = 3
_REGIONAL_MIN_PREFIX_BASE = 4
# Letters of a spoken or SMS verb read through its prefix ("nyuri" is "mencuri").
_COLLOQUIAL_MIN = 5
# Manado verb markers written apart from the verb: "ta jepit" is "terjepit", "dapa
# pukul" (or "da pukul") is "dipukul". The pair becomes the prefixed verb when the rules know it;
# otherwise the marker is read through spelling.toml ("ta" drops out, "dapa" = "kena").
_PREFIX_WORDS = {"ta": "ter", "dapa": "di", "da": "di"}
# Laughing emoji mark a joke ("hatiku terbakar 😂"): they become a word the rules can see.
_LAUGHING = {"\U0001f602": " wkwk ", "\U0001f923": " wkwk ", "\U0001f606": " wkwk "}


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """The canonical tokens of a text plus what the prank checks need."""

    tokens: tuple[str, ...]  # canonical tokens, with BOUNDARY between clauses
    raw_count: int  # tokens as typed, before expansion
    known_count: int  # tokens that are rule words, spelling entries or common words
    non_latin: int  # tokens written in another script (Cyrillic, CJK, Arabic, ...)
    mixed_tokens: int  # tokens mixing Latin with another script: spam and look-alikes


def load_spelling(path: Path = SPELLING_PATH) -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """Read spelling.toml: ({token: standard words}, common known words)."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    spelling: dict[str, tuple[str, ...]] = {}
    for key, value in data.get("spelling", {}).items():
        # An empty value drops the token (Manado verb marker "ba": "ba napas" = "napas").
        words = tuple(str(value).lower().split())
        if words != (key,):
            spelling[key.lower()] = words
    known = frozenset(str(data.get("known", {}).get("words", "")).lower().split())
    return spelling, known


def fold(text: str) -> str:
    """Drop accents and compatibility forms ('kébakaran' -> 'kebakaran', fullwidth letters)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _is_latin_letter(ch: str) -> bool:
    if ch.isascii():
        return True
    if ch.isdigit():
        return True
    return unicodedata.name(ch, "").startswith("LATIN")


def prepare(text: object) -> str:
    """Lowercase, fold, and strip clock times and reduplication markers."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = text[:MAX_CHARS].lower()
    if not text.isascii():
        for emoji, word in _LAUGHING.items():
            if emoji in text:
                text = text.replace(emoji, word)
        text = fold(text)
    if "h" in text or "wk" in text:
        text = _LAUGHTER.sub(" wkwk ", text)
    if "2" in text:
        text = _REDUPLICATION.sub(r"\1 \1\2", text)
    if "pukul" in text or "pkl" in text or "jam" in text or "jm" in text:
        text = _CLOCK_TIME.sub(" ", text)
    return text


def split_tokens(text: str) -> tuple[list[str], int, int]:
    """Split a prepared text: (Latin tokens and BOUNDARY marks, non-Latin count, mixed count)."""
    found = _ASCII_TOKEN.findall(text) if text.isascii() else _WORD_TOKEN.findall(text)
    tokens: list[str] = []
    non_latin = mixed = 0
    for token in found[: MAX_TOKENS * 2]:
        if token[0] in _BOUNDARY_START:
            if tokens and tokens[-1] != BOUNDARY:
                tokens.append(BOUNDARY)
            if "?" in token and tokens:
                tokens += [QUESTION, BOUNDARY]
            continue
        if not token.isascii():
            flags = [_is_latin_letter(ch) for ch in token]
            if not all(flags):
                if any(flags):
                    mixed += 1
                else:
                    non_latin += 1
                continue
        tokens.append(token)
    return tokens[:MAX_TOKENS], non_latin, mixed


@functools.cache
def _sastrawi() -> Callable[[str], str] | None:
    """The PySastrawi stemmer without its unbounded result cache (we cache per token)."""
    try:
        from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
        from Sastrawi.Stemmer.Stemmer import Stemmer
        from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
    except ImportError:  # pragma: no cover - the dependency is pinned in requirements.txt
        return None
    words = StemmerFactory().get_words()
    return Stemmer(ArrayDictionary(words)).stem_word


def stem(word: str) -> str:
    """Indonesian stem of one lowercase word ('kebakarannya' -> 'bakar')."""
    stemmer = _sastrawi()
    if stemmer is None or not (_STEM_MIN <= len(word) <= _STEM_MAX) or not word.isalpha():
        return word
    try:
        return stemmer(word)
    except Exception:  # the stemmer is third-party code: never let it fail a report
        return word


class Normalizer:
    """Turns texts into canonical tokens for one vocabulary (the words of the rules).

    `vocab` holds every word that appears in a rule phrase; a text token that
    is not in it is only worth rewriting if the rewrite lands in it.
    """

    def __init__(
        self,
        vocab: Iterable[str],
        spelling: Mapping[str, tuple[str, ...]],
        known: Iterable[str] = (),
        cache_size: int = _TOKEN_CACHE_SIZE,
    ) -> None:
        self.vocab = frozenset(vocab)
        self.spelling = dict(spelling)
        self.known = frozenset(known) | self.vocab | frozenset(self.spelling)
        self.canon: Callable[[str], tuple[tuple[str, ...], bool]] = functools.lru_cache(
            maxsize=cache_size
        )(self._canon)

    def _lookup(self, token: str) -> tuple[str, ...] | None:
        expanded = self.spelling.get(token)
        if expanded is not None:
            return expanded
        if token in self.vocab:
            return (token,)
        return None

    def _canon(self, token: str) -> tuple[tuple[str, ...], bool]:
        """(canonical tokens, is a known word) for one raw token; cached."""
        direct = self._lookup(token)
        if direct is not None:
            return direct, True
        if token.isdigit():
            return (token,), True
        if token in self.known:
            return (token,), True
        # "tolonggg" -> "tolongg" -> "tolong": try a double letter first
        # ("floood" -> "flood"), then single letters.
        if len(token) > _MAX_WORD:
            return (token,), False
        if _RUNS.search(token):
            for candidate in (_RUN3.sub(r"\1\1", token), _RUNS.sub(r"\1", token)):
                found = self._lookup(candidate)
                if found is not None:
                    return found, True
        for suffix, replacement in _ENGLISH_SUFFIXES:
            if token.endswith(suffix) and len(token) - len(suffix) >= 3:
                found = self._lookup(token[: -len(suffix)] + replacement)
                if found is not None:
                    return found, True
        found = self._regional(token) or self._colloquial(token)
        if found is not None:
            return found, True
        stemmed = stem(token)
        if stemmed != token:
            found = self._lookup(stemmed)
            if found is not None:
                return found, True
            if stemmed in self.known:
                return (token,), True
        return (token,), False

    def _regional(self, token: str) -> tuple[str, ...] | None:
        """A regional ending or vowel the rules know in standard form, or None."""
        for suffix, replacement in _REGIONAL_SUFFIXES:
            base = token[: -len(suffix)]
            if token.endswith(suffix) and len(base) >= _REGIONAL_MIN_BASE:
                for candidate in (base + replacement, _o_to_a(base + replacement)):
                    found = self._lookup(candidate)
                    if found is not None:
                        return found
        if token.endswith("o") and len(token) >= _REGIONAL_MIN_BASE:
            found = self._lookup(_o_to_a(token))
            if found is not None:
                return found
        if len(token) - 2 >= _REGIONAL_MIN_PREFIX_BASE:
            # Manado verb marker written together with the verb: "bagerak", "banapas".
            if token.startswith("ba"):
                found = self._lookup(token[2:])
                if found is not None:
                    return found
            # Manado "ta-" and Palembang "te-" for "ter-": "tajepit", "tebakar".
            if token.startswith(("ta", "te")) and not token.startswith("ter"):
                return self._lookup("ter" + token[2:])
        return None

    def _colloquial(self, token: str) -> tuple[str, ...] | None:
        """A spoken or SMS form of a rule word, or None: the nasal prefix of spoken
        Indonesian without its "me-" ("nyuri" = "mencuri", "nyerang" = "menyerang",
        "ngancam" = "mengancam", "ngerampok" = "merampok") and SMS "tr-" for "ter-"
        ("trbakar", "trjepit"); Palembang and Malay "be-" for "ber-" ("bejudi",
        "betengkar")."""
        if len(token) < _COLLOQUIAL_MIN or not token.isalpha():
            return None
        rest = token[2:]
        if token.startswith("ny"):
            candidates: tuple[str, ...] = ("meny" + rest, "menc" + rest, "s" + rest, "c" + rest)
        elif token.startswith("nge"):
            candidates = ("me" + token[3:], token[3:], "meng" + token[3:])
        elif token.startswith("ng"):
            candidates = ("me" + token, "k" + rest, rest)
        elif token.startswith("tr") and token[2] not in "aiueo":
            candidates = ("ter" + rest,)
        elif token.startswith("be") and not token.startswith("ber"):
            candidates = ("ber" + rest,)
        else:
            return None
        for candidate in candidates:
            found = self._lookup(candidate)
            if found is None and stem(candidate) != candidate:
                found = self._lookup(stem(candidate))
            if found is not None:
                return found
        return None

    def _prefixed(self, prefix: str, token: str) -> tuple[str, ...] | None:
        """The prefixed verb of a Manado "ta jepit" ("terjepit"), "ta balek" ("terbalik"),
        "dapa pukul" ("dipukul") when the rules know it, or None."""
        if not token.isalpha() or len(token) < _REGIONAL_MIN_BASE:
            return None
        found = self._lookup(prefix + token)
        if found is None:
            spelled = self.spelling.get(token)
            if spelled is not None and len(spelled) == 1:
                found = self._lookup(prefix + spelled[0])
        return found

    def phrase(self, phrase: str) -> tuple[str, ...]:
        """Canonical tokens of a rule phrase: spelling only, never stemmed."""
        return spelling_phrase_tokens(phrase, self.spelling)

    def normalize(self, text: object) -> NormalizedText:
        prepared = prepare(text)
        raw, non_latin, mixed = split_tokens(prepared)
        canon = self.canon
        tokens: list[str] = []
        known = words = 0
        skip = False
        for i, token in enumerate(raw):
            if skip:
                skip = False
                continue
            if token in (BOUNDARY, QUESTION):
                tokens.append(token)
                continue
            canonical = None
            if token in _PREFIX_WORDS and i + 1 < len(raw):
                canonical = self._prefixed(_PREFIX_WORDS[token], raw[i + 1])
            if canonical is None:
                canonical, is_known = canon(token)
            else:
                is_known = skip = True
                known += 1  # the marker and its verb are two known words
                words += 1
            tokens += canonical
            known += is_known
            words += 1
        if tokens and tokens[-1] == BOUNDARY:
            tokens.pop()
        return NormalizedText(tuple(tokens), words, known, non_latin, mixed)

    def tokens(self, text: object) -> tuple[str, ...]:
        return self.normalize(text).tokens

    def clear_cache(self) -> None:
        self.canon.cache_clear()  # type: ignore[attr-defined]


def _o_to_a(word: str) -> str:
    """Palembang final "o" for standard "a": "kepalo" -> "kepala", "mukonyo" -> "muka"."""
    return word[:-1] + "a" if word.endswith("o") else word


def spelling_phrase_tokens(phrase: str, spelling: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """Canonical tokens of a rule phrase before a Normalizer exists (to build the vocabulary)."""
    tokens, _, _ = split_tokens(prepare(phrase))
    out: list[str] = []
    for token in tokens:
        if token != BOUNDARY:
            out.extend(spelling.get(token, (token,)))
    return tuple(out)
