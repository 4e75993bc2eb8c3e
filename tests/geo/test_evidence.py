"""Placement on evidence: an everyday word is no place, a far place needs its region.

Each case names a call centre's area (HOME_REGION) and the words of a report.
"""

from __future__ import annotations

import pytest

from geo.services import locate

pytestmark = pytest.mark.django_db


def place(settings: pytest.FixtureRequest, home: str, text: str = "", address: str = ""):  # type: ignore[no-untyped-def]
    settings.HOME_REGION = home  # type: ignore[attr-defined]
    return locate(text=text, address=address)


def codes(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [r["code"] for r in result.reasons]


def test_it_reads_an_everyday_word_as_a_word(settings) -> None:  # type: ignore[no-untyped-def]
    # Gudang is a kelurahan of Kota Bogor; the warehouse is not.
    result = place(settings, "18.71", "Kebakaran di gudang belakang rumah, tolong cepat")
    assert (result.state, result.lat) == ("unknown", None)
    assert codes(result) == ["common_word"]
    assert result.reasons[0]["words"] == "gudang"


def test_it_does_not_send_a_report_to_another_province_on_a_lone_name(settings) -> None:  # type: ignore[no-untyped-def]
    result = place(settings, "71.72", "ada begal di Sidomulyo")
    assert result.state == "unknown"
    assert codes(result) == ["outside_area"]


def test_it_reads_a_regency_named_like_a_word_as_a_word_outside_the_area(settings) -> None:  # type: ignore[no-untyped-def]
    # Kota Batu is in East Java; "lempar batu" throws stones in Bandar Lampung.
    result = place(settings, "18.71", "ada org ngamuk di pasar, lempar2 batu ke pedagang")
    assert result.state == "unknown"
    assert "outside_area" in codes(result)
    # Announced, the city is the city.
    assert place(settings, "18.71", "kecelakaan bus di Kota Medan").region["code"] == "12.71"


def test_it_leaves_unplaced_a_town_outside_the_area_named_alone(settings) -> None:  # type: ignore[no-untyped-def]
    # A hotel guest in Bandar Lampung, or a call about Medan: the dispatcher asks.
    alone = place(settings, "18.71", "kecelakaan bus di Medan")
    assert alone.state == "unknown"
    assert codes(alone) == ["town_outside"]
    assert alone.reasons[0]["place"] == "Kota Medan"


def test_it_needs_a_far_name_of_several_words_said_as_a_place(settings) -> None:  # type: ignore[no-untyped-def]
    # Karang Taruna and Ketapang Besar are villages far away, and a youth group and
    # a big ketapang tree in a report from Bandar Lampung.
    for text in (
        "banjir lg di gang kami, posko karang taruna blm buka",
        "pohon ketapang besar tumbang menimpa pagar rumah",
    ):
        assert place(settings, "18.71", text).state == "unknown", text


def test_it_reads_a_word_formed_from_an_everyday_root_as_a_word(settings) -> None:  # type: ignore[no-untyped-def]
    # Mainan is a village of Banyuasin, and a toy.
    result = place(settings, "16.07", "Anak saya nelan mainan kecil, sekarang susah napas")
    assert result.state == "unknown"
    assert codes(result) == ["common_word"]


def test_it_places_a_far_place_named_with_its_region(settings) -> None:  # type: ignore[no-untyped-def]
    result = place(settings, "18.71", "rumah roboh di Kelurahan Gudang, Bogor Tengah")
    assert result.state == "known"
    assert result.region["code"].startswith("32.71")
    assert "with_parent" in codes(result)


def test_it_asks_when_the_area_has_several_villages_of_the_name(settings) -> None:  # type: ignore[no-untyped-def]
    # Banyuasin has more than one village called Purwodadi, and one Sukajadi.
    result = place(settings, "16.07", "ada orang tenggelam di Purwodadi")
    assert result.state == "unknown"
    assert codes(result) == ["several_places"]
    assert result.reasons[0]["count"] >= 2
    assert place(settings, "16.07", "kebakaran di Sukajadi").region["code"] == "16.07.10.1004"


def test_it_takes_a_distinct_name_of_the_area(settings) -> None:  # type: ignore[no-untyped-def]
    result = place(settings, "18.71", "maling motor di Segalamider, warga ngamuk")
    assert (result.state, result.region["code"]) == ("known", "18.71.03.1011")
    assert codes(result) == ["named", "name_in_area"]


def test_it_calls_a_district_approximate(settings) -> None:  # type: ignore[no-untyped-def]
    result = place(settings, "18.71", "kebakaran di Kedaton")
    assert result.state == "approximate"
    assert codes(result)[-1] == "district_only"


def test_it_takes_a_district_named_like_a_word_after_di(settings) -> None:  # type: ignore[no-untyped-def]
    # Rambutan is a fruit and a district of Banyuasin.
    assert place(settings, "16.07", "kebakaran di Rambutan").state == "approximate"
    assert place(settings, "16.07", "anak jatuh dari pohon rambutan").state == "unknown"


def test_it_reads_regional_words_that_are_places_of_the_area_as_words(settings) -> None:  # type: ignore[no-untyped-def]
    # Javanese "enggal" (quickly) is Bandar Lampung's Enggal district; "pesawahan"
    # (the rice fields) its Kelurahan Pesawahan.
    assert place(settings, "18.71", "Tulung pak, omah kobong. Enggal mrene pak!").state == (
        "unknown"
    )
    assert place(settings, "18.71", "ada yg bakar lahan di pesawahan blkg kampung").state == (
        "unknown"
    )
    # Said as the place: the district after "di", the village with its capital.
    assert place(settings, "18.71", "kebakaran di enggal dekat pasar").state == "approximate"
    assert place(settings, "18.71", "my friend fell off his scooter in Pesawahan").state == (
        "known"
    )
    # Bitung's Motto and Pancuran: a slogan and a water spout.
    assert place(settings, "71.72", "Motto kantor PLN melayani, listrik padam").state == "unknown"
    assert place(settings, "71.72", "torang ambe aer dari pancuran").state == "unknown"
    assert place(settings, "71.72", "kebakaran di Pancuran").state == "known"


def test_it_takes_the_words_over_the_phone_of_a_caller_who_is_not_there(settings) -> None:  # type: ignore[no-untyped-def]
    # The phone is in Bandar Lampung; the caller tells of their mother in Kenali,
    # Belalau (Lampung Barat), 150 km away, and says where they themselves are.
    settings.HOME_REGION = "18"
    text = "Ibu kulo neng pekon Kenali, Belalau, ambruk ora sadar. Kulo saiki neng Bandar Lampung"
    result = locate(lat=-5.3695, lon=105.2431, text=text)
    assert result.region["code"].startswith("18.04.")
    assert codes(result)[-1] == "device_elsewhere"
    # Without those words the phone's point stands and the words are said.
    here = locate(lat=-5.3695, lon=105.2431, text="Ibu kulo neng pekon Kenali, Belalau, ambruk")
    assert (here.lat, here.lon) == (-5.3695, 105.2431)
    assert codes(here)[-1] == "text_elsewhere"


def test_it_says_when_the_device_is_outside_indonesia(settings) -> None:  # type: ignore[no-untyped-def]
    settings.HOME_REGION = "18.71"
    result = locate(lat=0.0, lon=0.0, text="tolong ada kebakaran")
    assert (result.state, result.lat) == ("unknown", None)
    assert codes(result)[0] == "device_outside"


def test_it_keeps_the_device_point_and_notes_words_far_from_it(settings) -> None:  # type: ignore[no-untyped-def]
    settings.HOME_REGION = "18.71"
    text = "kecelakaan di Kelurahan Girian Weru, Kota Bitung"
    result = locate(lat=-5.3867, lon=105.2620, text=text)
    assert result.state == "known"
    assert (result.lat, result.lon) == (-5.3867, 105.2620)
    assert codes(result) == ["device", "text_elsewhere"]
    # A town outside named alone places nothing, but is still said to be elsewhere.
    alone = locate(lat=-5.3867, lon=105.2620, text="kebakaran pasar di Prabumulih")
    assert (alone.lat, alone.lon) == (-5.3867, 105.2620)
    assert codes(alone) == ["device", "town_outside"]


@pytest.mark.parametrize(
    "text",
    [
        "jalan gang rt rw dekat situ",
        "12345 678",
        "Sukamaju Sidomulyo Karang Anyar Tanjung Sari",
        "🔥🔥🔥",
        "\x00\x00",
        "x" * 5000,
    ],
)
def test_it_answers_bad_input_with_a_state_and_a_reason(settings, text: str) -> None:  # type: ignore[no-untyped-def]
    result = place(settings, "18.71", text)
    assert result.state in ("unknown", "approximate", "known")
    assert result.reasons


def test_it_reads_dictionary_words_of_the_area_said_as_words_as_words(settings) -> None:  # type: ignore[no-untyped-def]
    # Kelapa Dua and Ketapang are villages of the area; the trees are not.
    coconut = place(settings, "71.72", "pohon kelapa dua batang so rubuh ka jalan, tolong")
    assert (coconut.state, coconut.lat) == ("unknown", None)
    tree = place(settings, "18.71", "tlg pak ada pohon ketapang tumbang nutup jln")
    assert tree.state == "unknown"
    # "keteguhan" (firmness) is formed from "teguh": a word, and a kelurahan.
    thanks = place(settings, "18.71", "terima kasih atas keteguhan petugas damkar semalam")
    assert thanks.state == "unknown"


def test_it_places_a_numbered_village_written_as_a_name(settings) -> None:  # type: ignore[no-untyped-def]
    # "sungsang" is a word (upside down); "warga Sungsang II" is the village, its
    # number in capitals like an acronym.
    result = place(settings, "16.07", "ado buayo di belakang rumah warga Sungsang II, takut nian")
    assert (result.state, result.region["code"]) == ("known", "16.07.02.2002")
    assert place(settings, "16.07", "bayinya lahir sungsang ii kali").state == "unknown"


def test_it_does_not_take_a_numbered_village_for_its_namesake_elsewhere(settings) -> None:  # type: ignore[no-untyped-def]
    # Bitung's Kakenturan Dua is not in the gazetteer; Kakenturan of Minahasa
    # Selatan, 80 km away, is not what the caller named.
    result = place(settings, "71.72", "suami mabuk pukul istri di rumah Kel. Kakenturan Dua")
    assert (result.state, result.lat) == ("unknown", None)
    assert codes(result) == ["outside_area"]
    assert place(settings, "71.72", "di Kakenturan Satu").region["code"] == "71.72.07.1006"


def test_it_reads_a_balinese_given_name_as_a_person(settings) -> None:  # type: ignore[no-untyped-def]
    # Parwata is a kelurahan of the city; I Ketut Parwata is the caller.
    text = "PL a.n. I Ketut Parwata melaporkan sepeda motornya hilang di depan minimarket"
    result = place(settings, "18.71", text)
    assert (result.state, codes(result)) == ("unknown", ["person_name"])


def test_it_places_nothing_on_the_name_of_the_whole_area(settings) -> None:  # type: ignore[no-untyped-def]
    # The province's own call centre: "I am in Lampung" is true of every caller.
    text = "My colleague had a crash in Palembang city, South Sumatra. I am in Lampung"
    result = place(settings, "18", text)
    assert (result.state, result.lat) == ("unknown", None)
    assert codes(result) == ["whole_area"]
    alone = place(settings, "18.71", "tolong ada kebakaran di Bandar Lampung")
    assert (alone.state, alone.lat) == ("unknown", None)
    assert codes(alone) == ["whole_area"]


def test_it_reads_dictionary_words_that_begin_a_sentence_as_words(settings) -> None:  # type: ignore[no-untyped-def]
    # Gotong Royong and Kedamaian are kelurahan of the city; these sentences are not
    # about them. Listed first, or followed by "area", they are the places.
    for text in (
        "Gotong Royong warga sudah kami laksanakan, sampah belum diangkut",
        "Kedamaian warga udah nggak ada lagi pak, balap liar tiap malam",
    ):
        assert place(settings, "18.71", text).state == "unknown", text
    assert place(settings, "18.71", "Kedamaian, kebakaran rumah").state != "unknown"
    assert place(settings, "16.07", "Talang Kelapa area, jalannya rusak parah").state != "unknown"


def test_it_takes_the_callers_word_that_they_do_not_know_where_it_is(settings) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Saya warga Girian Indah, ini lagi di jalan pulang, ada tabrakan. Nggak tau ini daerah mana"
    )
    result = place(settings, "71.72", text)
    assert (result.state, codes(result)) == ("unknown", ["caller_unsure"])
    # A place announced outweighs it: the caller read the sign.
    sign = "ada tabrakan di Kel. Girian Indah, saya bukan orang sini, nggak tau ini daerah mana"
    assert place(settings, "71.72", sign).state == "known"


def test_it_takes_a_place_the_text_announces_over_a_far_address(settings) -> None:  # type: ignore[no-untyped-def]
    # The form's address is the reporter's home; the fire is where the text says.
    text = "kbkrn rmh adik sy di Desa Upang Karya, Muara Telang, api msh besar"
    home = "Jl. Merdeka No. 12, Kel. Kayuara Kuning, Kec. Banyuasin III"
    result = place(settings, "16.07", text, address=home)
    assert result.region["code"] == "16.07.08.2027"
    assert "address_elsewhere" in codes(result)
    # A text that only names a place loosely leaves the address standing.
    loose = place(settings, "16.07", "kebakaran rumah, api besar", address=home)
    assert loose.region["code"] == "16.07.03.1008"


def test_it_takes_no_parent_from_a_streets_name(settings) -> None:  # type: ignore[no-untyped-def]
    # Jl. Lintas Palembang-Jambi runs through Betung; Kelurahan Betung of Banyuasin is
    # meant, not the Betung of Jambi province.
    text = "bnjr di Jl. Lintas Palembang-Jambi RT 03 Kel Betung, air msk rmh"
    assert place(settings, "16.07", text).region["code"] == "16.07.05.1017"
    # Right after the place, inside the road's name, a regency is the place's own:
    # the highway at Sungai Lilin, in Musi Banyuasin, not Banyuasin's Sungai Lilin.
    text = "adek aku kecelakaan di jalan lintas Sungai Lilin Muba, kakinyo patah"
    assert place(settings, "16.07", text).region["code"].startswith("16.06.07")


def test_it_places_dictionary_words_said_as_a_place(settings) -> None:  # type: ignore[no-untyped-def]
    # After "di", written as a name, announced or in a street address: the place.
    for text in (
        "pohon tumbang di kelapa dua, jalan tertutup",
        "Pohon tumbang nutup jalan Kelapa Dua, tolong",
        "pohon tumbang di Kel. Kelapa Dua",
    ):
        result = place(settings, "71.72", text)
        assert result.state == "known", text
        assert result.region["village"] == "Kelapa Dua", text
    street = place(settings, "18.71", "ada kbkrn ruko di jl sultan agung way halim permai")
    assert street.region["village"] == "Way Halim Permai"


def test_it_leaves_unplaced_a_village_outside_the_area_named_alone(settings) -> None:  # type: ignore[no-untyped-def]
    # Tanjung Enim is in South Sumatra: to Lampung's centre a relative's word.
    far = place(settings, "18", "Tulung, ning Tanjung Enim ono longsor, omah ketimbun lemah")
    assert (far.state, far.lat) == ("unknown", None)
    # With its regency named, it is placed where it is.
    named = place(settings, "18", "ning Tanjung Enim, Muara Enim ono longsor")
    assert named.state != "unknown"
    assert named.region["code"].startswith("16.03")


def test_it_reads_a_name_after_a_title_as_a_person(settings) -> None:  # type: ignore[no-untyped-def]
    # Maesa is a kecamatan of Bitung, and Om Maesa a neighbour.
    result = place(settings, "71.72", "rumah Om Maesa kemasukan maling tadi subuh")
    assert result.state == "unknown"
    assert codes(result) == ["person_name"]
    assert place(settings, "71.72", "kebakaran di Maesa").state == "approximate"


def test_it_reads_lingkungan_as_a_word_unless_numbered(settings) -> None:  # type: ignore[no-untyped-def]
    # Kedamaian is a kelurahan of Bandar Lampung; "Dinas Lingkungan Hidup" started
    # no street address the word could sit in.
    text = "Mohon Dinas Lingkungan Hidup angkut sampah demi kebersihan dan kedamaian warga"
    assert place(settings, "18.71", text).state == "unknown"
    numbered = place(settings, "18.71", "banjir di Lingkungan II Kedamaian")
    assert numbered.state != "unknown"
    assert numbered.region["district"] == "Kedamaian"


def test_it_places_numbered_villages_named_together_between_them(settings) -> None:  # type: ignore[no-untyped-def]
    # Jagabaya I, II and III of Way Halim lie within 1.6 km of each other; Jagabaya
    # without a number is also a village in Banten and West Java.
    result = place(settings, "18.71", "Ada kebakaran rumah di Jagabaya, deket sekolah.")
    assert result.state == "approximate"
    assert result.region["code"] == "18.71.15"
    assert codes(result)[-1] == "numbered_villages"
    assert abs(result.lat - -5.4006) < 0.001 and abs(result.lon - 105.2693) < 0.001
    # With its number it is the one village.
    one = place(settings, "18.71", "kebakaran di Jagabaya II")
    assert (one.state, one.region["code"]) == ("known", "18.71.15.1005")


def test_it_reads_simpang_and_a_number_as_a_crossroads(settings) -> None:  # type: ignore[no-untyped-def]
    # Simpang Tiga is a village of Way Kanan and of forty other places.
    result = place(settings, "18", "lampu PJU di simpang tiga dkt lapangan bola mati")
    assert (result.state, result.lat) == ("unknown", None)
    assert codes(result) == ["common_word"]
    crossroads = place(settings, "18.71", "lampu merah di Simpang Empat rusak, nyala hijau semua")
    assert crossroads.state == "unknown"
    # Announced as a village, it is one.
    village = place(settings, "18", "banjir di Desa Simpang Tiga, Way Kanan")
    assert village.state == "known"


def test_it_places_a_town_announced_as_one_outside_before_a_village_of_its_name(settings) -> None:  # type: ignore[no-untyped-def]
    # Bengkulu is also a village of Way Kanan, Lampung; "Kota Bengkulu" is the city.
    result = place(settings, "18", "ibu saya di Kota Bengkulu, rumahnya kebanjiran")
    assert result.state == "approximate"
    assert result.place == "regency:17.71"
    # Said alone, the village of the area is meant.
    alone = place(settings, "18", "banjir di Bengkulu, Gunung Labuhan")
    assert alone.place.startswith("village:18.08")


def test_it_reads_a_town_split_by_the_compass_as_its_parent(settings) -> None:  # type: ignore[no-untyped-def]
    # Langowan was split into Langowan Barat, Timur, Selatan and Utara; the name
    # alone is in no row of the gazetteer. Bitung has a Karondoran of its own, but
    # "Karondoran Langowan" is the village of Langowan Timur, in Minahasa.
    text = "Pak, adik saya kecelakaan motor di Karondoran Langowan, kakinya patah"
    result = place(settings, "71.72", text)
    assert (result.state, result.region["code"]) == ("known", "71.02.09.2006")
    assert codes(result) == ["named", "with_parent"]
    # The caller's own town, said later, does not make it Bitung's Karondoran.
    later = place(settings, "71.72", text + ", dibawa ke RS. Kita dari Bitung")
    assert later.region["code"] == "71.02.09.2006"
    # Named alone, the town outside the area is said to be elsewhere, unplaced.
    alone = place(settings, "71.72", "kecelakaan di Langowan, adik saya luka")
    assert (alone.state, codes(alone)) == ("unknown", ["outside_area"])


def test_it_takes_the_kecamatan_said_with_the_village_over_a_town_said_after_it(settings) -> None:  # type: ignore[no-untyped-def]
    # Kedaton is a kecamatan of Bandar Lampung and a village of Kalianda, among others.
    # "Desa Kedaton Kec. Kalianda" says which; the caller's own city, in the next
    # part of the text, does not outweigh it.
    text = (
        "rumah orang tuanya di Desa Kedaton Kec. Kalianda terbakar; "
        "PL sendiri berada di Bandar Lampung"
    )
    result = place(settings, "18.71", text)
    assert result.region["code"] == "18.01.06.2018"


def test_it_does_not_read_an_everyday_word_as_a_town_split_by_the_compass(settings) -> None:  # type: ignore[no-untyped-def]
    # Pesisir Tengah, Selatan and Utara are kecamatan of Pesisir Barat, and "di
    # pesisir" is on the coast.
    assert place(settings, "18", "perahu terbalik di pesisir, 2 orang hilang").state == "unknown"


def test_it_takes_the_text_over_the_address_when_the_caller_is_not_at_home(settings) -> None:  # type: ignore[no-untyped-def]
    # The address field is the reporter's home in Girian Permai; the caller says
    # the event is not there and names Makawidey, without any marker.
    text = "Bukan di rumah sy pak, sy skrg di Makawidey, ada anak hanyut di kali, tlg cepat"
    home = "Perum Girian Permai Blok C No. 7, Kel. Girian Permai"
    result = place(settings, "71.72", text, address=home)
    assert result.region["code"] == "71.72.04.1007"
    assert "address_elsewhere" in codes(result)
    # Without those words the address stands: a village named in passing is not
    # where the event is.
    passing = place(settings, "71.72", "sy dr Makawidey, ada anak hanyut di kali", address=home)
    assert passing.region["code"] != "71.72.04.1007"


def test_it_reads_a_word_said_twice_as_a_plural(settings) -> None:  # type: ignore[no-untyped-def]
    # Tambak is a village of Kecamatan Tambak, in Gresik; "tambak-tambak" are the
    # fish ponds, not the village named with its kecamatan.
    text = "Pak, banyu kali munggah, tambak-tambak wis kelelep kabeh, ana wong tuwo ora iso metu"
    assert place(settings, "18", text).state == "unknown"


def test_it_reads_a_name_said_twice_written_with_a_2(settings) -> None:  # type: ignore[no-untyped-def]
    # Manembo-nembo Tengah, as a text message writes it.
    result = place(settings, "71.72", "banjir lg di manembo2 tengah, air sdh sepinggang")
    assert (result.state, result.region["code"]) == ("known", "71.72.05.1013")
    assert place(settings, "71.72", "anak2 main di kali").state == "unknown"


def test_it_reads_a_landmark_named_the_english_way(settings) -> None:  # type: ignore[no-untyped-def]
    # Pelabuhan Tanjung Api-Api, as a visitor says it.
    text = "Our ferry is stuck at Tanjung Api-Api port, a passenger collapsed"
    result = place(settings, "16.07", text)
    assert (result.state, result.name) == ("known", "Pelabuhan Tanjung Api-Api")


def test_it_reads_a_station_and_a_monument_named_the_english_way(settings) -> None:  # type: ignore[no-untyped-def]
    text = "my wallet was stolen at the Tanjung Karang railway station just now"
    assert place(settings, "18.71", text).name == "Stasiun Tanjung Karang"
    text = "someone fainted near the Trikora monument, please hurry"
    assert place(settings, "71.72", text).name == "Monumen Trikora"


def test_it_reads_terminal_typed_without_its_first_vowel(settings) -> None:  # type: ignore[no-untyped-def]
    # "trminal tangkoko" is the bus terminal, not the Tangkoko nature reserve.
    result = place(settings, "71.72", "tabrakan angkot di trminal tangkoko")
    assert (result.state, result.name) == ("known", "Terminal Tangkoko")


def test_it_does_not_place_an_event_where_a_victim_is_taken(settings) -> None:  # type: ignore[no-untyped-def]
    # The fire is in Sagerat; RSUD Manembo-nembo is where the old woman was taken.
    text = "upd kbkrn sagerat: api sdh padam, oma dibawa ke RSUD Manembo-nembo, sesak napas"
    result = place(settings, "71.72", text)
    assert result.region["village"] == "Sagerat"
    # Who carried them, and how, may come between ("diangkut warga pakai mobil bak ke").
    text = "korban laka simpang Sebalik diangkut warga pakai mobil bak ke Puskesmas Tanjung Lago"
    assert place(settings, "16.07", text).region["village"] == "Sebalik"


def test_it_reads_a_village_named_before_its_town(settings) -> None:  # type: ignore[no-untyped-def]
    # Kayuara Kuning and Pangkalan Balai are kelurahan of Banyuasin III, 6 km
    # apart; the town named after the village says where it is, not the event.
    text = "PL an. Ibu Rosmala, warga Kayu Ara Kuning Pangkalan Balai, melaporkan suaminya pingsan"
    assert place(settings, "16.07", text).region["code"] == "16.07.03.1008"
    assert place(settings, "16.07", "banjir di Pangkalan Balai").region["code"] == "16.07.03.1012"


def test_it_places_a_village_named_near_a_national_park_at_the_village(settings) -> None:  # type: ignore[no-untyped-def]
    # Way Kambas National Park covers 1,300 km2; its point is no place to send a
    # crew to when the caller names the kecamatan they are in.
    text = "gajah liar masuk kebun warga di Labuhan Ratu, Lampung Timur, deket Way Kambas"
    assert place(settings, "18", text).region["code"].startswith("18.07.21")
    assert place(settings, "18", text).name != "Taman Nasional Way Kambas"
    # Named alone, the park is the place.
    assert place(settings, "18", "gajah liar di Way Kambas").name == "Taman Nasional Way Kambas"


def test_it_knows_a_regency_by_the_name_its_people_use(settings) -> None:  # type: ignore[no-untyped-def]
    # "Bolmong" is Bolaang Mongondow, "Talaud" the Kepulauan Talaud: named alone,
    # elsewhere, and no village of Bitung.
    for text, regency in (
        ("anak sy kecelakaan di Bolmong, skrg di RS", "Kabupaten Bolaang Mongondow"),
        ("kapal dari Talaud tenggelam, keluarga panik", "Kabupaten Kepulauan Talaud"),
    ):
        result = place(settings, "71.72", text)
        assert result.state == "unknown", text
        assert [(r["code"], r["place"]) for r in result.reasons] == [("town_outside", regency)]
    announced = place(settings, "71.72", "banjir di Kab. Talaud, keluarga kami mengungsi")
    assert announced.region["code"] == "71.04"


def test_it_reads_another_provinces_name_as_that_province(settings) -> None:  # type: ignore[no-untyped-def]
    # Way Kanan has a village called Bengkulu; a caller's sister "di Bengkulu" is
    # in the province next door. Announced, the village is meant.
    sister = place(settings, "18", "Bu, kakak saya di Bengkulu rumahnya kebanjiran sampai atap")
    assert (sister.state, codes(sister)) == ("unknown", ["town_outside"])
    village = place(settings, "18", "banjir di desa Bengkulu, Way Kanan")
    assert village.region["code"] == "18.08.10.2009"


def test_it_reads_a_balinese_second_born_name_as_a_person(settings) -> None:  # type: ignore[no-untyped-def]
    result = place(settings, "18.71", "tlg ambulans, anak Pak Made Parwata kejang2 panas tinggi")
    assert codes(result) == ["person_name"]


def test_it_finds_a_landmark_whose_name_is_said_once(settings) -> None:  # type: ignore[no-untyped-def]
    # RSUD Manembo-nembo, as people shorten it.
    result = place(settings, "71.72", "mama so tunggu 6 jam di IGD RSUD manembo, nyanda ada dokter")
    assert result.name == "RSUD Manembo-nembo"


def test_it_keeps_the_address_when_the_caller_is_away_from_home(settings) -> None:  # type: ignore[no-untyped-def]
    # The house on fire is the reporter's; the caller is at work, in Makawidey.
    text = "rumah sy kebakaran pak, sy tidak di rumah, sy lg kerja di Makawidey"
    home = "Perum Girian Permai Blok C No. 7, Kel. Girian Permai"
    assert place(settings, "71.72", text, address=home).region["code"] != "71.72.04.1007"


def test_it_does_not_place_an_event_where_the_caller_says_it_is_not(settings) -> None:  # type: ignore[no-untyped-def]
    # Girian is a kecamatan of Bitung, Sagerat a kelurahan of Matuari.
    text = "Bukan di Girian, kita ulang, di Sagerat! Ada orang tatikam di muka warung"
    assert place(settings, "71.72", text).region["village"] == "Sagerat"
    assert place(settings, "71.72", "ada orang tatikam di Girian").region["district"] == "Girian"


def test_it_places_a_village_one_of_several_in_its_named_regency_at_the_regency(settings) -> None:  # type: ignore[no-untyped-def]
    # Lampung Timur has three villages called Sumberejo; the regency named with it
    # does not tell which.
    result = place(settings, "18", "banjir masuk rumah warga di Desa Sumberejo, Lampung Timur")
    assert (result.state, result.region["code"]) == ("approximate", "18.07")
    assert codes(result)[-1] == "several_in_parent"
    assert result.reasons[-1]["count"] == 3
    # Its kecamatan named too tells which one.
    one = place(settings, "18", "banjir di Desa Sumberejo, Kec. Batanghari, Lampung Timur")
    assert (one.state, one.region["district"]) == ("known", "Batanghari")


def test_it_asks_when_the_parent_named_is_the_area_itself(settings) -> None:  # type: ignore[no-untyped-def]
    # Pesisir Barat has two villages called Walur: naming the regency to its own
    # call centre tells nothing.
    result = place(settings, "18.13", "pohon tumbang di Walur, Pesisir Barat")
    assert result.state == "unknown"
    assert codes(result) == ["several_places"]


def test_it_takes_the_area_s_place_over_a_phone_outside_it_that_calls_from_there(settings) -> None:  # type: ignore[no-untyped-def]
    # Kedaung is a kelurahan of Bandar Lampung and a village of Lampung Selatan;
    # the caller phones from Lampung Selatan, where their phone is.
    settings.HOME_REGION = "18.71"
    for town in ("Kalianda", "Lampung Selatan"):
        text = f"rumah kakak saya di Kedaung kebakaran, saya nelpon dari {town}"
        result = locate(lat=-5.7263, lon=105.5926, text=text)
        assert result.region["code"] == "18.71.13.1006", town
        assert codes(result)[-1] == "device_elsewhere"
    # Without those words the phone's point stands and the words are said.
    here = locate(lat=-5.7263, lon=105.5926, text="rumah kakak saya di Kedaung kebakaran")
    assert codes(here)[-1] == "text_elsewhere"


def test_it_reads_a_misspelt_village_after_its_marker_before_other_words(settings) -> None:  # type: ignore[no-untyped-def]
    result = place(settings, "18.71", "ada maling di kel segalamidr skrg, tolong")
    assert (result.state, result.region["code"]) == ("known", "18.71.03.1011")
    # Words of the dictionary after the marker are not a misspelt name: no Desa Belu.
    text = "PL melaporkan kebakaran, desa belum disebut, sambungan putus"
    assert place(settings, "18", text).state == "unknown"


def test_it_reads_negri_as_negeri(settings) -> None:  # type: ignore[no-untyped-def]
    result = place(settings, "18", "pohon tumbang di Negri Pandan, Kalianda")
    assert (result.state, result.region["code"]) == ("known", "18.01.06.2026")


def test_it_reads_pulo_as_pulau_and_klapa_as_kelapa(settings) -> None:  # type: ignore[no-untyped-def]
    result = place(settings, "16.07", "omah ning Pulo Borang ambruk kena angin gede")
    assert (result.state, result.region["code"]) == ("known", "16.07.01.2014")
    result = place(settings, "16.07", "ad begal di kec talang klapa, korban luka")
    assert result.region["code"] == "16.07.10"


def test_it_reads_a_misspelt_name_of_the_area_said_after_di(settings) -> None:  # type: ignore[no-untyped-def]
    result = place(settings, "18.71", "kebakaran rumah di Segalamidr, api besar")
    assert (result.state, result.region["code"]) == ("known", "18.71.03.1011")
    # Its words may run over a word that names a village elsewhere (Weru).
    result = place(settings, "71.72", "Di Sagrat Weru 2 air so maso rumah")
    assert (result.state, result.region["code"]) == ("known", "71.72.05.1012")
    # Only the area's own names are looked for so: elsewhere it stays unplaced.
    assert place(settings, "18.71", "Di Sagrat Weru 2 air so maso rumah").state == "unknown"


def test_it_takes_the_area_s_village_over_the_phone_of_a_caller_who_says_they_are_away(
    settings,
) -> None:  # type: ignore[no-untyped-def]
    # The phone is in Rajabasa; the caller is at work and tells of their house in
    # Sukaraja, 11 km away, in the same city.
    settings.HOME_REGION = "18.71"
    text = "I'm at my office, my son just called: our kitchen in Sukaraja is on fire"
    result = locate(lat=-5.3645, lon=105.2346, text=text)
    assert result.region["code"] == "18.71.20.1001"
    assert codes(result)[-1] == "device_elsewhere"


def test_it_takes_the_event_s_place_over_the_caller_s_own_address(settings) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Alamat saya di Pahoman, Enggal, tapi sekarang saya di Kel. Way Halim Permai, ada tabrakan"
    )
    result = place(settings, "18.71", text)
    assert result.region["village"] == "Way Halim Permai"
    text = "Saya warga Kelurahan Pahoman, melaporkan kebakaran di Kelurahan Way Halim Permai"
    assert place(settings, "18.71", text).region["village"] == "Way Halim Permai"


def test_it_keeps_the_caller_s_address_when_it_is_the_only_place_named(settings) -> None:  # type: ignore[no-untyped-def]
    # Its kecamatan, named as part of the address, does not take its place.
    text = "Dengan hormat, saya warga Kelurahan Segalamider, Kecamatan Tanjungkarang Barat, "
    result = place(settings, "18.71", text + "melaporkan jembatan kecil amblas sejak semalam")
    assert (result.state, result.region["village"]) == ("known", "Segalamider")
