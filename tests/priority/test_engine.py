"""The urgency engine: categories, priorities, agencies, reasons, bad input."""

from __future__ import annotations

import random
import subprocess
import sys
from dataclasses import FrozenInstanceError

import pytest

from priority import normalize
from priority.engine import Assessment, assess
from priority.normalize import Normalizer
from priority.rules import (
    AGENCY_KINDS,
    CATEGORIES,
    PRIORITIES,
    RULES_PATH,
    RulesError,
    compile_rules,
    default_rules,
)

_NOISE = random.Random(7)
CONTRACT_KEYS = {"category", "priority", "score", "fast_track", "agencies", "reasons"}


def check_valid(result: Assessment) -> None:
    assert result.category in CATEGORIES
    assert result.priority in PRIORITIES
    assert isinstance(result.score, int) and 0 <= result.score <= 100
    assert result.fast_track is (result.priority == "P1")
    assert all(kind in AGENCY_KINDS for kind in result.agencies)
    assert result.reasons and all(isinstance(r, str) for r in result.reasons)
    assert default_rules().band(result.score) == result.priority


def test_it_fast_tracks_an_active_house_fire_to_damkar() -> None:
    result = assess("Tolong ada kebakaran rumah di Jl. Pagar Alam, apinya besar", "phone")
    check_valid(result)
    assert (result.category, result.priority, result.fast_track) == ("fire", "P1", True)
    assert result.agencies[0] == "damkar"
    assert "keyword 'kebakaran rumah' -> fire" in result.reasons


def test_it_reads_sms_spelling() -> None:
    result = assess("tlg cpt ad kbakaran di jln kenanga, rmh pak rt", "sms")
    assert result.category == "fire"
    assert result.fast_track


def test_it_collapses_stretched_words_and_stems_inflections() -> None:
    assert assess("tolonggg kebakaraaan").category == "fire"
    assert assess("rumahnya kebakarannya sudah merembet").category == "fire"


def test_it_understands_english() -> None:
    result = assess("My neighbour's house is on fire, people trapped inside!", "phone")
    assert result.category == "fire"
    assert result.fast_track


def test_it_reads_an_english_snatch_theft_as_theft() -> None:
    text = "someone on a motorbike just grabbed my phone out of my hand outside the mall"
    result = assess(text, "whatsapp", second_reading=False)
    assert (result.category, result.topic) == ("crime", "theft or robbery")


def test_it_reads_water_in_a_house_as_a_flood_and_in_a_boat_as_a_boat_sinking() -> None:
    house = assess("air sudah sampai lutut, rumah kami sudah kemasukan air", "phone")
    assert (house.category, house.topic, house.fast_track) == ("disaster", "flood", False)
    boat = assess("perahu kami kemasukan air di tengah laut", "phone")
    assert (boat.category, boat.fast_track) == ("rescue", True)


def test_it_ignores_operator_boilerplate() -> None:
    text = (
        "Pelapor an. Budi Santoso (0812-7788-1234) melaporkan pukul 14.30 telah terjadi "
        "kecelakaan motor di Jl. Teuku Umar, korban luka berat."
    )
    result = assess(text, "phone")
    assert result.category == "traffic_accident"
    assert result.fast_track
    assert result.agencies[:2] == ["polri", "dinkes"]
    # "pukul 14.30" is a clock time, not violence.
    assert not any("crime" in reason for reason in result.reasons)


def test_it_fast_tracks_accidents_only_with_victims() -> None:
    with_victims = assess("kecelakaan motor dan mobil, korban berdarah", "web")
    without = assess("kecelakaan motor dan mobil, tidak ada korban", "web")
    assert with_victims.fast_track
    assert "victims mentioned: 'korban' (+15)" in with_victims.reasons
    assert without.category == "traffic_accident"
    assert not without.fast_track
    assert any(reason.startswith("de-escalated: 'tidak ada korban'") for reason in without.reasons)


def test_it_negates_victims_within_a_clause_only() -> None:
    negated = assess("tabrakan motor, pengendaranya tidak terluka", "web")
    assert not negated.fast_track
    assert any(reason.startswith("negated: 'terluka'") for reason in negated.reasons)
    # "tanpa palang" negates nothing after the comma.
    crossing = assess("kecelakaan di perlintasan tanpa palang, korban terjepit", "web")
    assert crossing.fast_track


def test_it_deescalates_a_past_extinguished_fire() -> None:
    result = assess("kebakaran kemarin sudah padam", "web")
    assert result.category == "fire"
    assert result.priority == "P3"
    assert "de-escalated: 'sudah padam' (already handled, -30)" in result.reasons


def test_it_turns_drills_into_information_for_the_relevant_agency() -> None:
    result = assess("Besok ada latihan pemadaman kebakaran di kantor bupati", "web")
    assert result.category == "information"
    assert result.priority == "P4"
    assert result.agencies == ["damkar"]


def test_it_turns_how_to_questions_into_information() -> None:
    result = assess("Bagaimana cara melaporkan jalan rusak?", "web")
    assert (result.category, result.priority) == ("information", "P4")
    assert result.agencies == ["pupr"]


def test_it_keeps_questions_about_a_civil_registry_service_in_that_service() -> None:
    # The rules' reading: asking the steps of a KTP or a permit is a request to that
    # service. (The trained reader reads the first as a question: information.)
    for text in ("Bagaimana cara mengurus KTP yang hilang?", "kk sy mau ganti, syaratnya apa pak"):
        result = assess(text, "web", second_reading=False)
        assert (result.category, result.priority) == ("public_service", "P4")
        assert result.agencies == ["disdukcapil"]
    permit = assess("Mohon informasi prosedur pengajuan izin keramaian untuk acara adat", "web")
    assert permit.category == "public_service"
    # Opening hours and contacts stay information.
    hours = assess("jam buka kantor dukcapil hari sabtu?", "sms")
    assert hours.category == "information"


def test_it_keeps_an_urgent_question_urgent() -> None:
    result = assess("bagaimana cara memadamkan api, dapur saya sedang terbakar", "phone")
    assert result.category == "fire"
    assert result.fast_track


def test_it_routes_complaints_to_the_responsible_agency() -> None:
    cases = {
        "lampu jalan di gang mawar mati sudah seminggu": ("infrastructure", "dishub"),
        "jalan berlubang di depan sekolah": ("infrastructure", "pupr"),
        "listrik padam sejak sore di perumahan kami": ("infrastructure", "pln"),
        "air PDAM tidak mengalir sudah 3 hari": ("infrastructure", "pdam"),
        "sampah menumpuk di TPS pasar tidak diangkut": ("environment", "dlh"),
        "PKL berjualan di trotoar menutup jalan": ("public_order", "satpolpp"),
        "KTP elektronik saya belum jadi, blanko habis": ("public_service", "disdukcapil"),
        "pasien miskin tidak punya BPJS, tidak mampu bayar rumah sakit": (
            "social_welfare",
            "dinsos",
        ),
        "obat di puskesmas kosong terus": ("health_service", "dinkes"),
        "ada ular kobra masuk rumah": ("rescue", "damkar"),
        "suami saya melakukan KDRT, saya dipukuli": ("crime", "dp3a"),
        "banjir masuk rumah warga, air naik terus": ("disaster", "bpbd"),
        "motor saya dicuri di parkiran": ("crime", "polri"),
    }
    for text, (category, lead) in cases.items():
        result = assess(text, "web")
        assert (result.category, result.agencies[0]) == (category, lead), text


def test_it_adds_supporting_agencies_from_signals() -> None:
    victims = assess("kebakaran rumah, ada korban luka bakar", "phone")
    assert victims.agencies[:2] == ["damkar", "dinkes"]
    electrical = assess("korsleting listrik, rumah terbakar", "phone")
    assert "pln" in electrical.agencies
    assert electrical.agencies[0] == "damkar"
    kdrt = assess("KDRT, istri dipukul suami sampai berdarah", "phone")
    assert kdrt.agencies[:2] == ["dp3a", "polri"]


def test_it_adds_a_little_urgency_for_phone_calls_but_never_p1_alone() -> None:
    web = assess("kecelakaan motor sekarang tolong", "web")
    phone = assess("kecelakaan motor sekarang tolong", "phone")
    assert web.priority == "P2"
    assert web.score < phone.score <= web.score + 4
    assert phone.priority == "P2"
    assert phone.score == 69  # 66 + 4 would reach P1; the channel may not do that
    complaint_web = assess("jalan berlubang di depan sekolah", "web")
    complaint_phone = assess("jalan berlubang di depan sekolah", "phone")
    assert complaint_phone.score > complaint_web.score


def test_it_keeps_complaints_out_of_p1() -> None:
    result = assess(
        "tolong sekarang juga jalan berlubang sangat berbahaya, korban 5 orang jatuh", "phone"
    )
    assert result.category in ("infrastructure", "traffic_accident")
    if result.category == "infrastructure":
        assert result.priority != "P1"


def test_it_scores_inside_the_priority_bands() -> None:
    for text in ("kebakaran rumah", "jalan rusak", "bagaimana cara buat KTP", "halo", ""):
        check_valid(assess(text))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "🔥🔥🔥",
        "😂" * 50,
        "Привет 你好 мир テスト",
        "halo",
        "test",
        "tes",
        "p",
        "P",
        "\x00\x01\x02",
        "\u200b\u200b\u200b",
        "?!?!...,,,",
        "".join(_NOISE.choice("abcdefghijklmnopqrstuvwxyz   ") for _ in range(4000)),
        "k" * 4000,
        "xQ3 " * 1000,
        # Cyrillic look-alikes mixed into Latin words, then Chinese and Russian.
        "\u0405\u0441r\u0456\u0440t m\u0456\u0445 \u0405\u0420\u0410\u041c"
        " \u6d4b\u8bd5 \u0442\u0435\u0441\u0442",
    ],
)
def test_it_gives_bad_input_a_valid_p4_other(text: str) -> None:
    result = assess(text, "phone")
    check_valid(result)
    assert (result.category, result.priority, result.agencies) == ("other", "P4", [])
    assert {"prank_suspect", "empty"} & set(result.flags)


def test_it_flags_empty_text_as_empty() -> None:
    assert assess("").flags == ["empty"]
    assert "prank_suspect" in assess("halo").flags
    assert "prank_suspect" in assess("cuma iseng nelpon, maaf").flags


def test_it_keeps_keywords_next_to_another_script() -> None:
    result = assess("السلام عليكم ada kebakaran rumah di Kedaton", "whatsapp")
    assert result.category == "fire"
    assert "mixed_scripts" in result.flags


def test_it_never_raises_on_random_strings() -> None:
    rng = random.Random(112)
    alphabets = [
        "abcdefghijklmnopqrstuvwxyz ,.!?0123456789",
        "kebakaran tolong korban banjir jalan rusak ",
        "\u0400\u0410\u0430\u4e00\u4e8c\u0627\u0644\u00e9\u00fc\U0001f525\u200d ",
        "".join(chr(c) for c in range(0x20, 0x250)),
    ]
    for _ in range(300):
        alphabet = rng.choice(alphabets)
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300)))
        check_valid(assess(text, rng.choice([None, "phone", "web", "fax"])))


def test_it_accepts_non_string_input_without_raising() -> None:
    check_valid(assess(None))  # type: ignore[arg-type]
    check_valid(assess(12345))  # type: ignore[arg-type]


def test_it_returns_the_contract_keys_only_from_as_dict() -> None:
    result = assess("kebakaran rumah", "phone")
    data = result.as_dict()
    assert set(data) == CONTRACT_KEYS
    assert "flags" not in data
    data["agencies"].append("polri")  # type: ignore[union-attr]
    assert "polri" not in result.agencies


def test_it_assessments_are_frozen() -> None:
    result = assess("kebakaran rumah")
    with pytest.raises(FrozenInstanceError):
        result.priority = "P4"  # type: ignore[misc]


def test_it_only_stems_tokens_that_do_not_match(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real_stem = normalize.stem

    def counting_stem(word: str) -> str:
        calls.append(word)
        return real_stem(word)

    monkeypatch.setattr(normalize, "stem", counting_stem)
    normalizer = Normalizer(vocab={"kebakaran", "bakar"}, spelling={"tlg": ("tolong",)})
    assert normalizer.tokens("kebakaran") == ("kebakaran",)
    assert calls == []
    assert normalizer.tokens("terbakarnya tlg") == ("bakar", "tolong")
    assert calls == ["terbakarnya"]
    normalizer.tokens("terbakarnya terbakarnya")
    assert calls == ["terbakarnya"]  # cached per token


def test_it_loads_the_rules_file_and_rejects_mistakes() -> None:
    rules = default_rules()
    assert {topic.category for topic in rules.topics} <= set(CATEGORIES)
    assert RULES_PATH.exists()
    bad = [
        {"topic": [{"category": "fires", "strong": ["api"]}]},
        {"categories": {"fire": {"agencies": ["firebrigade"]}}},
        {"topic": [{"category": "fire", "ignore_signals": ["nope"], "strong": ["api"]}]},
        {"deescalator": [{"name": "x", "becomes": "question", "phrases": ["tanya"]}]},
        {"channels": {"fax": 3}},
    ]
    for data in bad:
        with pytest.raises(RulesError):
            compile_rules(data, {})


def test_it_runs_without_django() -> None:
    code = (
        "import sys, priority.engine, priority.duplicates, priority.sla, priority.evaluate;"
        "priority.engine.assess('kebakaran');"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_it_reads_manado_ta_verbs_written_apart() -> None:
    tokens = default_rules().normalizer.tokens("oto ta balek, orang di dalam ta jepit")
    assert tokens == ("mobil", "terbalik", ",", "orang", "di", "dalam", "terjepit")
    result = assess("Ada oto ta balek di jalan tol, orang di dalam ta jepit, darah banya!", "phone")
    assert result.category == "traffic_accident"
    assert result.fast_track


def test_it_reads_regional_words_as_vocabulary() -> None:
    # Javanese: "sirahe getihen" (head bleeding), "enggal" (quickly).
    crash = assess("wonten wong ketabrak mobil, sirahe getihen. Tulung enggal.", "phone")
    assert (crash.category, crash.fast_track) == ("traffic_accident", True)
    # Manado "mabo" (drunk) without a weapon is public order.
    drunk = assess("Dorang mabo di lorong, ba maki-maki orang lewat.", "phone")
    assert drunk.category == "public_order"


def test_it_lets_a_threat_to_life_outrank_a_complaint_category() -> None:
    # The chief complaint decides, not the setting (a factory smell, a bridge).
    worker = assess(
        "pekerja pabrik ditemukan tidak sadarkan diri dekat tangki, bau menyengat", "phone"
    )
    assert (worker.category, worker.fast_track) == ("medical", True)
    assert any("outranks environment" in reason for reason in worker.reasons)
    jumper = assess("seorang pria berdiri di pagar jembatan dan menyatakan akan melompat", "phone")
    assert (jumper.category, jumper.fast_track) == ("medical", True)
    # Not when the threat is long past, nor for a weapon used on livestock.
    assert not assess("Ibu kami sudah tiga tahun lumpuh akibat stroke, butuh kursi roda").fast_track
    kurban = assess("pemotongan hewan kurban pakai golok, darahnya dibuang ke got, bau")
    assert (kurban.category, kurban.fast_track) == ("environment", False)


def test_it_keeps_a_fallen_live_line_with_pln_and_fast_tracks_it() -> None:
    result = assess("kabel listrik jatuh ke genangan, ada anjing mati kesetrum, orang mau lewat")
    assert (result.category, result.fast_track) == ("infrastructure", True)
    assert result.agencies[0] == "pln"


def test_it_does_not_fast_track_an_update_on_a_patient_in_care() -> None:
    for text in (
        "yang tadi saya lapor kejang di pasar udah sadar dan dibawa pulang keluarganya",
        "pasien yang tadi dilaporkan perdarahan sudah stabil dan dirujuk",
        "Kita pe papa yang tadi sesak napas so dapa bawa ke RS. Ambulans nyanda usah datang.",
    ):
        result = assess(text, "phone")
        assert (result.category, result.fast_track) == ("medical", False), text
    # Waking up does not end chest pain.
    assert assess("bapak tadi pingsan, sudah sadar tapi nyeri dada hebat", "phone").fast_track


def test_it_turns_complaints_about_a_health_service_into_health_service() -> None:
    result = assess(
        "Kami menyampaikan keluhan: ayah kami dibawa ke IGD dengan sesak napas namun "
        "menunggu lebih dari 4 jam tanpa ditangani dokter."
    )
    assert (result.category, result.fast_track) == ("health_service", False)
    assert result.agencies == ["dinkes"]


def test_it_finds_clause_wide_phrases() -> None:
    # "kapal ~ terbalik": a boat named, then overturned, anywhere in the clause.
    boat = assess("Kapal wisata dari Pahawang mau ke Ketapang miring terus kebalik, ada anak-anak")
    assert (boat.category, boat.fast_track) == ("rescue", True)
    assert boat.agencies[0] == "basarnas"
    # Not across a clause boundary: a car that overturned is a road accident.
    car = assess("kapal sudah sandar di dermaga, mobil terbalik di jalan lintas")
    assert car.category == "traffic_accident"


def test_it_fast_tracks_euphemisms_of_sexual_violence_and_abduction() -> None:
    for text in (
        "tlg pak sy br aj dipaksa cowok d mobil, skrg sy kabur d toilet spbu",
        "anak perempuan kecil nangis, katanya tadi dibawa bapak-bapak terus diapa-apain",
        "ada bapak-bapak narik paksa anak SD ke mobil di depan sekolah",
    ):
        result = assess(text, "phone")
        assert (result.category, result.fast_track) == ("crime", True), text


def test_it_reads_a_silent_line_with_a_threat_described_as_the_threat() -> None:
    result = assess("anak bayi nyanda ba napas, so biru, mar nyanda ada suara!", "phone")
    assert (result.category, result.fast_track) == ("medical", True)


def test_it_keeps_a_victims_question_about_a_crime_with_the_police() -> None:
    for text in (
        "sy ditipu arisan online, udh setor 5jt, admin nya ngilang. bs lapor kmn?",
        "minggu lalu warung aku dirampok, sekarang nak nanyo pelakunyo lah ketangkep belum",
    ):
        result = assess(text, "sms")
        assert (result.category, result.agencies[0]) == ("crime", "polri"), text
    # Asking about counselling is information.
    counselling = assess(
        "Kakak saya dulu korban KDRT. Mau nanya pendampingan psikologis gratis kah?"
    )
    assert counselling.category == "information"


def test_it_keeps_a_crash_with_a_dispute_and_disaster_damage_claims_in_their_category() -> None:
    crash = assess(
        "Mobil saya ditabrak dari belakang, semua selamat. "
        "Yang nabrak nggak mau tanggung jawab, gimana pak?"
    )
    assert (crash.category, crash.fast_track) == ("traffic_accident", False)
    flood = assess("sawah di rawajitu kebanjiran, padi terendam, rmh aman. ada ganti rugi gk pak?")
    assert (flood.category, flood.agencies[0]) == ("disaster", "bpbd")


def test_it_does_not_fast_track_an_animal_in_danger() -> None:
    for text in (
        "Pak, kucingku kecemplung sumur, isih urip, ngeong-ngeong. Iso dibantu?",
        "Ada penyu besar tersangkut jaring di pantai, masih hidup. Bisa dibantu lepasin?",
    ):
        result = assess(text, "phone")
        assert (result.category, result.fast_track) == ("rescue", False), text
    # A person named with the animal keeps the threat.
    assert assess("bapak saya tercebur ke sumur waktu menolong kambing", "phone").fast_track


def test_it_does_not_fast_track_a_watched_burn_or_a_crash_where_all_are_safe() -> None:
    burn = assess("ada warga bakar sisa panen di huma, asapnya banyak tapi masih dijaga", "phone")
    assert not burn.fast_track
    crash = assess("truk kontainer nabrak tiang, nyangkut, macet panjang, gk ada korban", "sms")
    assert (crash.category, crash.fast_track) == ("traffic_accident", False)
    # A house on fire with nobody hurt yet is still a fire.
    assert assess("rumah terbakar, apinya besar, belum ada korban", "phone").fast_track


def test_it_does_not_fast_track_past_abuse_told_to_ask_for_advice() -> None:
    result = assess(
        "PL (guru) melaporkan seorang siswa mengaku sering dipukul di rumah. "
        "Siswa saat ini di sekolah dan aman. Meminta rujukan ke UPTD PPA.",
        "phone",
    )
    assert (result.category, result.fast_track) == ("crime", False)
    assert assess("tolong, suami saya sedang memukuli saya pakai kayu", "phone").fast_track


def test_it_lets_a_topic_give_way_to_its_cause_or_chief_complaint() -> None:
    storm = assess("angin lesus, omah-omah ambruk, tonggoku ketiban kayu, sirahe getihen", "phone")
    assert (storm.category, storm.fast_track, storm.agencies[0]) == ("disaster", True, "bpbd")
    jumper = assess("ada ibu-ibu mau nyemplung dari dermaga, katanya udah nggak kuat hidup")
    assert (jumper.category, jumper.fast_track) == ("medical", True)
    pulled_out = assess("orang tenggelam di kolam renang, udah diangkat tapi nggak napas")
    assert (pulled_out.category, pulled_out.agencies[0]) == ("medical", "dinkes")
    # A well-digger buried in his hole is a rescue, not a landslide.
    digger = assess("tukang gali sumur ketimbun tanah di dalam lubang, tolong", "phone")
    assert (digger.category, digger.fast_track) == ("rescue", True)


def test_it_fast_tracks_people_hurt_by_a_crime_or_a_disaster_and_a_critical_state() -> None:
    mugging = assess("barusan teman saya dibegal di jalan, korbannya luka di kepala", "phone")
    assert (mugging.category, mugging.fast_track) == ("crime", True)
    storm = assess("puting beliung di desa kami, banyak rumah rusak, ada korban", "phone")
    assert (storm.category, storm.fast_track) == ("disaster", True)
    critical = assess("ayah saya kondisinya kritis di rumah", "phone")
    assert (critical.category, critical.fast_track) == ("medical", True)
    # A weapon named generically.
    armed = assess("ada orang bawa senjata ngancam warga di pasar", "phone")
    assert (armed.category, armed.fast_track) == ("crime", True)


def test_it_reads_flames_by_a_fallen_line_as_sparks_and_elsewhere_as_fire() -> None:
    line = assess("kabel listrik putus jatoh ke parit, budak-budak maen air, apinyo keluar-keluar!")
    assert (line.category, line.fast_track, line.agencies[0]) == ("infrastructure", True, "pln")
    car = assess("kendaraan Avanza hitam mengeluarkan api di ruas Jl. Raden Intan", "web")
    assert (car.category, car.fast_track) == ("fire", True)


def test_it_reads_the_tap_water_as_the_water_supply() -> None:
    result = assess("Air ledeng di rumah masih mati juga nih, udah 4 hari", "web")
    assert (result.category, result.topic, result.agencies[0]) == (
        "infrastructure",
        "water supply",
        "pdam",
    )
