"""Which words a report writes as names: capitals inside a sentence, not at its start."""

from __future__ import annotations

from geo.spans import capitalized_words


def test_it_takes_the_capitalized_words_inside_a_sentence() -> None:
    words = capitalized_words("Pohon tumbang di Kelapa Dua. Motor gak bisa lewat")
    assert words == {"kelapa", "dua"}


def test_it_skips_the_first_word_of_each_sentence() -> None:
    assert capitalized_words("Motto kami melayani. Terima kasih!") == frozenset()


def test_it_reads_nothing_into_a_text_that_capitalizes_most_words() -> None:
    assert capitalized_words("Kebakaran Di Pasar Tugu Tolong Cepat") == frozenset()
    assert capitalized_words("ADA KEBAKARAN DI PASAR") == frozenset()


def test_it_keeps_a_hyphenated_name_whole() -> None:
    assert capitalized_words("kecelakaan di depan RSUD Manembo-nembo tadi") == {
        "manembo",
        "nembo",
    }


def test_it_folds_accents_like_the_tokenizer() -> None:
    assert capitalized_words("banjir di Citeureup dan Pulau Pé") >= {"citeureup", "pulau", "pe"}
