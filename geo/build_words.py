"""Build geo/data/everyday_words.txt: words a report uses as words, not place names.

    .venv/bin/pip install wordfreq==3.1.1      # build-time only, not a dependency
    .venv/bin/python -m geo.build_words

An Indonesian word is everyday when it is a root word of the dictionary (KBBI, as
PySastrawi ships it) and common in use (wordfreq's Zipf frequency for Indonesian
at least ZIPF_ID): "gudang", "kebun", "pasar", "talang" are; "natar", an archaic
word, is not. An English word is everyday when common (ZIPF_EN). Words that are
the one-word name of a district, a regency or a province are left out: callers
use "Lampung", "Betung" or "Wenang" as places.

Sources and licences (see geo/data/README.md): PySastrawi's root words (MIT),
wordfreq's frequencies (data CC BY-SA 4.0, Robyn Speer and contributors).
"""

from __future__ import annotations

import argparse
from importlib import resources
from pathlib import Path

from geo.address import name_tokens
from geo.regions import PROVINCE, REGENCY, get_regions

OUTPUT = Path(__file__).resolve().parent / "data" / "everyday_words.txt"
REGION_OUTPUT = OUTPUT.parent / "everyday_region_words.txt"
ZIPF_ID = 3.0
ZIPF_EN = 4.0


def region_words() -> set[str]:
    """One-word names of regencies and provinces (base names too)."""
    regions = get_regions()
    words = set()
    for region_id, level in enumerate(regions.levels):
        if level not in (PROVINCE, REGENCY):
            continue
        tokens = name_tokens(regions.names[region_id])
        if tokens and tokens[0] in ("kabupaten", "kota", "kota administrasi"):
            tokens = tokens[1:]
        if len(tokens) == 1:
            words.add(tokens[0])
    return words


def common_words() -> set[str]:
    from wordfreq import top_n_list, zipf_frequency

    roots = resources.files("Sastrawi.Stemmer.data").joinpath("kata-dasar.txt")
    indonesian = {
        word
        for word in roots.read_text(encoding="utf-8").split()
        if word.isalpha() and zipf_frequency(word, "id") >= ZIPF_ID
    }
    english = {
        word
        for word in top_n_list("en", 20_000)
        if word.isascii() and word.isalpha() and zipf_frequency(word, "en") >= ZIPF_EN
    }
    return indonesian | english


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--region-output", type=Path, default=REGION_OUTPUT)
    args = parser.parse_args(argv)
    common, regions = common_words(), region_words()
    words = sorted(common - regions)
    header = (
        "# Everyday words (geo/build_words.py): PySastrawi root words (MIT) common in\n"
        f"# wordfreq's Indonesian list (Zipf >= {ZIPF_ID}), and common English words\n"
        f"# (Zipf >= {ZIPF_EN}); wordfreq data CC BY-SA 4.0. Less one-word names of\n"
        "# regencies and provinces. One word a line.\n"
    )
    args.output.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {args.output}")
    both = sorted(common & regions)
    header = (
        "# Everyday words that are also the one-word name of a regency or a province\n"
        "# (geo/build_words.py, same sources): places inside a call centre's area,\n"
        "# words outside it. One word a line.\n"
    )
    args.region_output.write_text(header + "\n".join(both) + "\n", encoding="utf-8")
    print(f"{len(both)} words -> {args.region_output}")


if __name__ == "__main__":
    main()
