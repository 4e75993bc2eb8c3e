"""Everyday words: in a report they are words, not place names.

Thousands of Indonesian villages carry the name of an everyday thing (Gudang,
Kebun, Sawah, Pasar, Rawa, Tanjung...). "Gudang belakang rumah saya terbakar"
names no place; read as a place name it put a fire in Kota Bogor, 200 km from
the call centre. The list (geo/data/everyday_words.txt, built by
geo/build_words.py) holds the dictionary's common words and common English words;
geo.evidence decides when such a word may still name a place.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from geo.address import STOPWORDS

WORDS_FILE = Path(__file__).resolve().parent / "data" / "everyday_words.txt"
REGION_WORDS_FILE = WORDS_FILE.parent / "everyday_region_words.txt"

# Everyday words of the registers callers write in that the list lacks: Javanese,
# Palembang and Manado Malay, and SMS spellings.
REGIONAL = """
    omah umah wong uwong kali kalen tegal tegalan kebon sabin alas dalan ratan
    pondok gubuk langgar musala musholla surau kobong sabua dusun lorong gang
    tambak empang kolam jugangan lebak talang parit kuala muara rawa payau
    dermaga jetty tpi pelelangan pangkalan ladang huma tegalan
    psr pasa rmh skolah sklh mesjid msjd jln jl gg kec kel kab lebung
    pesawahan perkebunan enggal motto pancuran
"""

# Words formed from an everyday root are everyday too: "mainan" (a toy) from
# "main", "harapan" from "harap". Only suffixes: a confix such as ke-...-an makes
# names ("Kedamaian") as often as words.
SUFFIXES = ("nya", "kan", "an")


@functools.cache
def everyday_words() -> frozenset[str]:
    """The everyday words, folded to lowercase ASCII like the tokenizer's."""
    lines = WORDS_FILE.read_text(encoding="utf-8").splitlines()
    listed = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    return frozenset(listed) | STOPWORDS | frozenset(REGIONAL.split())


def is_everyday(word: str) -> bool:
    """A common word of Indonesian or English, or one formed from such a root with a
    suffix; any word of one or two letters."""
    words = everyday_words()
    if len(word) <= 2 or word in words:
        return True
    for suffix in SUFFIXES:
        root = word.removesuffix(suffix)
        if root != word and len(root) >= 3 and root in words:
            return True
    return False


@functools.cache
def region_words() -> frozenset[str]:
    """Everyday words that are also the one-word name of a regency or a province
    ("Batu", "Agam"): callers of the area say them as places, a text from
    elsewhere says them as words (geo/data/everyday_region_words.txt)."""
    lines = REGION_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@functools.cache
def _dictionary() -> tuple[frozenset[str], Callable[[str], str]]:
    """The dictionary's root words (KBBI, as PySastrawi ships them), every one however
    rare, and its stemmer."""
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    from Sastrawi.Stemmer.Stemmer import Stemmer
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    roots = StemmerFactory().get_words()
    return frozenset(roots), Stemmer(ArrayDictionary(roots)).stem_word


@functools.lru_cache(maxsize=4096)
def is_dictionary_word(word: str) -> bool:
    """A word of the dictionary, rare ones too ("ketapang", a tree), or formed from one
    ("kedamaian" from "damai", "pesawahan" from "sawah"). Many villages carry such a
    name: geo.evidence takes it as a place only when it is said as one."""
    if is_everyday(word):
        return True
    roots, stem = _dictionary()
    if word in roots:
        return True
    try:
        root = stem(word) if word.isalpha() else word
    except Exception:  # third-party code: a word it cannot stem is not a word of it
        return False
    return root != word and root in roots
