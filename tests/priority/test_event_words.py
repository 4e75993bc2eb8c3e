"""priority.event_words: what callers say about the event, phrase by phrase."""

from __future__ import annotations

from priority import event_words
from priority.event_kind import ELECTROCUTED
from priority.sighting import refers_back


def test_it_finds_a_phrase_only_where_a_word_starts() -> None:
    # "arah" (from the direction of) is in "berdarah" and "parah"; "tadi" in "stadion".
    assert not event_words.says("korban berdarah, luka parah", event_words.FROM_AFAR)
    assert event_words.says("asap hitam dari arah pasar", event_words.FROM_AFAR)
    assert not event_words.says("macet depan stadion", ("tadi",))
    assert not event_words.says_new_event("sorry min complain lagi, air masih mati")
    assert event_words.says_new_event("ini lain lagi pak, ada kebakaran")


def test_it_finds_a_phrase_after_a_prefix() -> None:
    assert event_words.says("ada orang kesetrum di genangan", ELECTROCUTED)
    assert event_words.says("terlihat asap dari jalan raya", event_words.FROM_AFAR)
    assert event_words.says("kemacetan panjang sampai tol", event_words.JAM)
    assert event_words.says("anaknya sudah ketemu di pantai", event_words.SEARCH)


def test_it_reads_what_is_so_now_from_a_whole_word() -> None:
    # "now" is inside "Danowudu", a kelurahan of Bitung.
    text = "kabel putus di danowudu, sekarang ada api di tiang"
    assert event_words.said_now(text) == "sekarang ada api di tiang"
    assert event_words.said_now("kabel putus di danowudu") == ""


def test_it_does_not_count_a_phrase_its_caller_denies() -> None:
    # The smoke hides the road: nothing is seen from afar.
    text = "asap tebel bgt sampe jalan poros gak keliatan"
    assert not event_words.says_plainly(text, event_words.FROM_AFAR)
    assert event_words.says_plainly("asapnya keliatan dari jauh", event_words.FROM_AFAR)
    assert event_words.says(text, event_words.FROM_AFAR)


def test_it_reads_an_operators_note_that_the_caller_reports_again() -> None:
    text = "PL a.n. Hendra (pemandu) kembali melapor: pohon tumbang menutup jalan akses"
    assert event_words.reports_again(text)
    assert event_words.said_now(text).startswith("kembali melapor: pohon tumbang")
    again = "PL a.n. Stevi (pelapor sebelumnya) melaporkan tabrakan di simpang yang sama"
    assert event_words.reports_again(again)
    assert "tabrakan" in event_words.said_now(again)


def test_it_reads_a_fault_still_there_as_a_complaint_made_again() -> None:
    # "Still off", in Javanese; "I already reported": the caller speaks of a report.
    for text in (
        "Lampu PJU ngarep SMA Makarti Jaya isih mati, peteng ndhedhet",
        "Saya sudah melapor beberapa hari lalu, sampah di TPS masih menumpuk",
        "lubang bsr di jln dpn smpn 12 blm dtambal jg",
    ):
        assert refers_back(text), text
    assert not refers_back("Lampu jalan depan SMAN 1 mati sudah 2 minggu, malam gelap")


def test_it_hears_a_caller_who_drove_past_or_went_to_the_hospital_call_back() -> None:
    passed = "tadi saya lewat ada mobil kebakar di bypass, sekarang saya udah lewat jauh"
    assert event_words.calls_back(passed)
    hospital = "sy skrg di rsud manembo2 antar korban tabrakan tadi dkt polsek matuari"
    assert event_words.calls_back(hospital)
    fled = "kita so lari ke Polsek Matuari, tu orang bawa parang masih di pasar Sagerat"
    assert event_words.calls_back(fled)
    assert not event_words.calls_back("pelaku lari ke arah pasar Sagerat bawa parang")
    # At the hospital with nothing said of earlier: a report of its own.
    assert not event_words.calls_back("ada kebakaran sekarang di rumah sakit, asap di lt 2")
    at = "kami di rsud, tadi bawa korban tabrakan dari simpang pasar"
    assert event_words.calls_back(at)
    assert not event_words.calls_back("kami di rsud, ada pasien ngamuk bawa pisau")
    took = "PL mengantar korban laka di jalan lintas ke RS, minta polisi ke TKP"
    assert event_words.calls_back(took)
    note = "PL menelepon dari IGD RSUD: ayahnya yang tadi dilaporkan sudah diantar tetangga"
    assert event_words.calls_back(note)
    assert event_words.from_hospital("PL nelpon dari puskesmas, anaknya tadi kejang")
    took = "anak yang dipatuk ular tadi sudah kami bawa naik motor ke puskesmas"
    assert event_words.calls_back(took)
    assert event_words.calls_back("update dr keluarga nelayan: perahunya sudah kelihatan")
    assert not event_words.calls_back("perahu nelayan terbalik, 2 org blm ketemu")
    moved = "omah kula kobong wonten Podomoro, kula sakniki ngungsi teng griyane adik"
    assert event_words.calls_back(moved)
    assert not event_words.calls_back("kami sekarang butuh bantuan, api makin besar")
    assert not event_words.from_hospital("ambulans dari RS tadi belum datang")


def test_it_hears_a_thefts_next_victim() -> None:
    assert event_words.says("mas rumah kami kemalingan juga, motor hilang", event_words.ANOTHER)
    assert event_words.says("rumah sy jg kebobolan semalam", event_words.ANOTHER)
    assert not event_words.says("rumah saya kemalingan, tolong", event_words.ANOTHER)
