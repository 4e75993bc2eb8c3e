"""Fast-track signals: a threat to life is P1 whatever the topic, with its reason.

Small rule sets built here test the mechanism (rules.py, engine.py); a few
sentences written for these tests check the shipped rules.toml families.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from priority.engine import assess
from priority.evaluate import main as evaluate_main
from priority.normalize import Normalizer, load_spelling
from priority.rules import RulesError, Ruleset, compile_rules


def _rules(**extra: Any) -> Ruleset:
    """A small rule set: a medical topic capped at P2, a life-threat signal, a past event."""
    data: dict[str, Any] = {
        "categories": {
            "medical": {"base": 50, "min": 30, "max": 69, "agencies": ["dinkes"]},
            "traffic_accident": {"base": 50, "min": 30, "max": 69, "agencies": ["polri"]},
            "information": {"base": 12, "min": 0, "max": 29},
        },
        "topic": [
            {"category": "medical", "name": "medical", "medium": ["sakit", "pasien"]},
            {"category": "traffic_accident", "name": "crash", "strong": ["tabrakan"]},
        ],
        "signal": [
            {
                "name": "not_breathing",
                "label": "life threat: not breathing",
                "group": "life_threat",
                "points": 5,
                "negatable": True,
                "fast_track": True,
                "keyword_of": "medical",
                "keyword_weight": "strong",
                "phrases": ["tidak bernapas", "napas ... berhenti"],
            },
            {
                "name": "injury",
                "label": "injuries",
                "points": 5,
                "negatable": True,
                "fast_track": ["traffic_accident"],
                "phrases": ["luka"],
            },
        ],
        "deescalator": [
            {
                "name": "past",
                "label": "past event",
                "points": -10,
                "stops_fast_track": True,
                "phrases": ["kemarin"],
            },
            {
                "name": "question",
                "label": "question",
                "points": -40,
                "unless": ["life_threat"],
                "becomes": "information",
                "keep_agencies": False,
                "phrases": ["mau tanya"],
            },
        ],
        "negation": {"words": ["tidak", "bukan"], "window": 3},
    }
    data.update(extra)
    return compile_rules(data, {"gak": ("tidak",), "ba": ()})


def test_it_fast_tracks_a_life_threat_above_the_topic_max() -> None:
    result = assess("pasien tidak bernapas", rules=_rules())
    assert (result.category, result.priority, result.fast_track) == ("medical", "P1", True)
    assert "fast track: life threat: not breathing ('tidak bernapas')" in result.reasons
    # Without the signal the topic's max (69) holds.
    assert assess("pasien sakit", rules=_rules()).priority == "P2"


def test_it_lends_signal_phrases_to_their_topic() -> None:
    result = assess("tidak bernapas", rules=_rules())
    assert result.category == "medical"
    assert "keyword 'tidak bernapas' -> medical" in result.reasons


def test_it_does_not_fast_track_a_negated_threat() -> None:
    result = assess("tabrakan, bukan ada yang luka", rules=_rules())
    assert not result.fast_track
    assert any(reason.startswith("negated: 'luka'") for reason in result.reasons)


def test_it_fast_tracks_a_listed_signal_only_in_its_categories() -> None:
    crash = assess("tabrakan, ada yang luka", rules=_rules())
    assert crash.fast_track
    assert "fast track: injuries ('luka')" in crash.reasons
    medical = assess("pasien sakit, ada luka", rules=_rules())
    assert medical.category == "medical" and not medical.fast_track


def test_it_stops_the_fast_track_of_a_past_event_and_says_why() -> None:
    result = assess("kemarin pasien tidak bernapas", rules=_rules())
    assert not result.fast_track
    assert "no fast track: 'kemarin' (past event)" in result.reasons


def test_it_lets_a_question_about_a_past_threat_become_information() -> None:
    live = assess("pasien tidak bernapas, mau tanya", rules=_rules())
    assert (live.category, live.fast_track) == ("medical", True)
    past = assess("kemarin pasien tidak bernapas, mau tanya", rules=_rules())
    assert (past.category, past.fast_track, past.agencies) == ("information", False, [])


def test_it_reads_gapped_phrases_within_one_clause() -> None:
    rules = _rules()
    assert assess("napasnya tiba tiba berhenti", rules=rules).fast_track
    # Parts too far apart, or split by a comma, are not the phrase.
    assert not assess("napas pasien satu dua tiga empat berhenti", rules=rules).fast_track
    assert not assess("napas pasien, berhenti", rules=rules).fast_track


def test_it_drops_tokens_spelled_as_nothing() -> None:
    # Manado "ba" marks a verb: "tidak ba napas" reads as "tidak napas".
    spelling, _ = load_spelling()
    normalizer = Normalizer({"tidak", "napas"}, spelling)
    assert normalizer.tokens("nyanda ba napas") == ("tidak", "napas")


def test_it_reads_regional_endings_only_into_rule_words() -> None:
    normalizer = Normalizer({"darah", "kepala", "rumah", "gerak"}, {"omah": ("rumah",)})
    assert normalizer.tokens("darahnyo kepalo omahe bagerak") == (
        "darah",
        "kepala",
        "rumah",
        "gerak",
    )
    assert normalizer.tokens("toko") == ("toko",)  # "toka" is no rule word


def test_it_rejects_fast_track_mistakes() -> None:
    with pytest.raises(RulesError):
        _rules(signal=[{"name": "x", "keyword_of": "no such topic", "phrases": ["a"]}])
    with pytest.raises(RulesError):
        _rules(signal=[{"name": "x", "applies_to": ["medical"], "fast_track": ["crime"]}])
    with pytest.raises(RulesError):
        _rules(signal=[{"name": "x", "fast_track": "yes"}])
    with pytest.raises(RulesError):
        _rules(categories={"medical": {"yields_to": ["no such topic"]}})
    with pytest.raises(RulesError):
        _rules(topic=[{"category": "medical", "name": "m", "strong": ["a ... "]}])


@pytest.mark.parametrize(
    ("text", "category", "threat"),
    [
        ("tolong, bapak saya gak napas, bibirnya biru", "medical", "not breathing"),
        ("Mbah kakung semaput ning sawah, ora tangi", "medical", "unconscious"),
        ("Papa so nda ba bangun dari tadi pagi", "medical", "unconscious"),
        ("ayah 60 th mengeluh nyeri dada kiri, keringat dingin", "medical", "chest pain"),
        ("nenek tiba-tiba bicara pelo dan mulutnya mencong", "medical", "stroke"),
        ("budak aku kejang-kejang dak berenti", "medical", "seizure"),
        ("tangan kena gerinda, darahnya ngucur terus", "medical", "severe bleeding"),
        ("istri saya mau melahirkan, ketuban sudah pecah", "medical", "childbirth"),
        ("adik minum racun serangga, sekarang muntah", "medical", "poisoning"),
        ("petani dipatok ulo di sawah, kakinya bengkak", "medical", "snakebite"),
        ("my son is choking on a sweet", "medical", "choking"),
        ("anak tenggelam di kolam renang hotel", "rescue", "drowning"),
        ("perahu nelayan terbalik di muara, dua orang di air", "rescue", "boat capsized"),
        ("pemuda mengancam akan melompat dari jembatan", "medical", "suicide"),
        ("rumah tetangga kobong, genine gedhe", "fire", "active fire"),
        ("bau gas elpiji menyengat dari dapur tetangga", "fire", "leak"),
        ("orang tertimbun longsoran di galian pasir", "disaster", "trapped"),
        ("balita terkunci di dalam mobil di parkiran", "rescue", "child in danger"),
        ("ada yang ngelempar bayi ke kali, masih nangis", "rescue", "child in danger"),
        ("ada cewek mau nyebur dari jembatan ampera", "medical", "suicide"),
        ("mantan suami mengancam mau membunuh saya, dia di depan rumah", "crime", "threat"),
        (
            "kecelakaan motor, pengendaranya tergeletak dan berdarah",
            "traffic_accident",
            "fast track",
        ),
        ("a motorbike crash, the rider is lying in the road", "traffic_accident", "injuries"),
        (
            "mobil travel masuk jurang di kelok sembilan, penumpang teriak",
            "traffic_accident",
            "serious",
        ),
        ("lngsr di blkg rmh, tnh nimpa rmh tetangga, org msh di dlm", "disaster", "landslide"),
        (
            "kabel PLN putus di depan warung, ada api-api kecil, anak main dekat situ",
            "infrastructure",
            "fire from a fallen line",
        ),
        (
            "tolong, anak SMP ditarik laki-laki ke mobil hitam di depan sekolah",
            "crime",
            "abduction",
        ),
        ("one of our divers did not surface after the dive near the reef", "rescue", "missing"),
        ("pumboat ta balik dekat Lembeh, ada dua orang nyanda tau berenang", "rescue", "capsized"),
    ],
)
def test_it_fast_tracks_each_life_threat_family(text: str, category: str, threat: str) -> None:
    result = assess(text, "phone")
    assert (result.category, result.priority) == (category, "P1"), result.reasons
    assert any(reason.startswith("fast track:") and threat in reason for reason in result.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "kemarin ada kebakaran di gudang, sekarang sudah padam, mau tanya bantuan",
        "simulasi kebakaran di kantor camat besok pagi",
        "harga gas elpiji 3 kg naik lagi",
        "otak gue kebakaran mikirin cicilan wkwk",
        "tabrakan motor, tidak ada yang luka, cuma penyok",
        "listrik padam dari tadi pagi di perumahan kami",
        "banjir setinggi lutut di jalan depan rumah, warga masih aman",
        "ada ular di kebun belakang, tidak masuk rumah",
        "bagaimana cara melapor kalau ada orang pingsan di jalan?",
        "anak saya yang tadi dilaporkan hilang sudah ketemu, terima kasih",
        "anak-anak nyebur ke sungai buat main tiap sore",
        "tukang sampah buang bayi kucing ke sungai",
        "rame orang di air terjun, parkir sembarangan",
    ],
)
def test_it_keeps_hard_negatives_out_of_p1(text: str) -> None:
    assert not assess(text, "phone").fast_track


def test_it_gives_way_from_medical_to_the_scene() -> None:
    result = assess("motor nyungsep ke parit, pengendara tergeletak tidak sadar", "phone")
    assert result.category == "traffic_accident"
    assert result.fast_track


def test_it_refuses_to_list_holdout_misses(tmp_path: Path, capsys: Any) -> None:
    rows = [
        {
            "text": "kebakaran rumah",
            "channel": "phone",
            "category": "fire",
            "fast_track": True,
            "agencies": ["damkar"],
            "split": "tune",
        },
        {
            "text": "jalan berlubang",
            "channel": "web",
            "category": "fire",
            "fast_track": True,
            "agencies": ["damkar"],
            "split": "holdout",
        },
    ]
    path = tmp_path / "set.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    with pytest.raises(SystemExit):
        evaluate_main(["--path", str(path), "--errors"])
    with pytest.raises(SystemExit):
        evaluate_main(["--path", str(path), "--split", "holdout", "--errors"])
    capsys.readouterr()
    results = evaluate_main(["--path", str(path), "--split", "tune", "--errors"])
    assert set(results) == {"tune"}
    printed = capsys.readouterr().out
    assert "jalan berlubang" not in printed
    assert "== holdout" not in printed
