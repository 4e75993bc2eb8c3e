"""priority.persons: two callers who describe different people are two emergencies."""

from __future__ import annotations

from priority.persons import in_danger, one_birth, other_person, other_role, stuck


def test_it_hears_a_father_said_with_aku_as_a_man() -> None:
    father = "bapak aku sesak nian, dado nyo sakit, dak biso napas"
    wife = "Istri saya pecah ketuban mau melahirkan, nggak ada kendaraan"
    assert other_person(father, wife)


def test_it_takes_a_pupil_for_a_child() -> None:
    pupil = "Siswa SMPN 12 kejang-kejang di kelas, mulut berbusa"
    neighbour = "tetangganya laki-laki 60 tahun tiba-tiba tidak bisa bicara, mulut mencong"
    assert other_person(pupil, neighbour)
    assert not other_person(pupil, "murid kelas 3 kejang, guru sudah telepon orang tua")


def test_it_reads_an_operators_lk_as_a_man() -> None:
    assert other_person("nenek saya jatuh, nggak sadar", "mertua sy (lk 72 th) pingsan di teras")


def test_it_reads_a_bapak_as_a_man_but_not_the_call_taker_addressed() -> None:
    assert other_person(
        "oma jatuh di kamar mandi, kepala ba darah", "PL melaporkan bapak +-55 th sesak napas"
    )
    assert not other_person("Bapak, tolong ibu saya pingsan", "ibu2 pingsan di rumah")


def test_it_hears_one_birth_in_the_words_of_a_village_and_of_the_road() -> None:
    assert one_birth("bojoku arep nglairke, ketubane wis pecah", "menantu sudah kontraksi kuat")
    assert one_birth("istri sayo nak melahirke", "kepala bayi sudah kelihatan, tolong")
    assert not one_birth("istri sayo nak melahirke", "bayi saya demam tinggi")


def test_it_tells_a_pregnant_woman_from_an_old_one() -> None:
    assert other_person("Pasien lansia sesak napas, riwayat asma", "ibu hamil pendarahan, tlg")
    # The grandmother at her pregnant granddaughter's side is no second patient.
    assert not other_person("ibu hamil pendarahan, neneknya panik", "bumil perdarahan di rumah")


def test_it_hears_someone_who_cannot_get_out_however_it_is_spelled() -> None:
    assert stuck("nenek sy stroke gk bisa jalan")
    assert stuck("ada oma nda bisa kaluar rumah")
    assert stuck("my grandfather cannot walk, water is rising")
    assert not stuck("hp nggak bisa dihubungi dari tadi")


def test_it_hears_someone_carried_off_by_the_water_as_in_danger() -> None:
    assert in_danger("ada anak kecil kebawa arus di parit besar")
    assert in_danger("nenek saya terjebak di rumah, air udah sedada")
    assert not in_danger("air sudah masuk rumah, warga mengungsi ke masjid")


def test_it_hears_a_grandparent_with_my_fused_on() -> None:
    assert other_person("ibu hamil 9 bulan ketuban pecah", "Mbahku tibo nang kamar mandi")


def test_it_tells_patients_apart_by_what_they_do_only_when_both_say_it() -> None:
    assert other_role("buruh jatuh dari tangga kapal", "sopir truk pingsan di kabin")
    assert not other_role("buruh jatuh dari tangga kapal", "bapak2 jatuh di dermaga")
    assert not other_role("sopir truk pingsan", "supir truk tak sadarkan diri")
