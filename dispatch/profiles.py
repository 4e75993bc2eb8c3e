"""The deployments the product is built for: their defaults and their demo data.

Each profile is one call centre: its home region, which priorities wait for a
supervisor's disposition, where its maps open, its agencies (kind, name, Kemendagri
prefixes, contact), extra users and sample calls, and how fast its units travel (the
road factor and speeds of units.recommend). The routing, SLA and disposition
rules are the same code for all; what differs is data.

This module is the single source of a profile's defaults: config/settings.py reads
them (the environment still overrides each), and `seed_demo --profile NAME` seeds
the data. It is plain data with no Django import, so settings may import it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# (kind, name, jurisdiction prefixes, contact)
Agency = tuple[str, str, list[str], str]
# (channel, text, address, lat, lon, phone)
Call = tuple[str, str, str, float | None, float | None, str]
# (username, role, name of the agency or "")
User = tuple[str, str, str]

# Average speed of each unit kind on the roads, km/h, unless a profile says otherwise
# (units.recommend: ETA = straight-line distance x road factor / speed). A profile's
# units themselves are demo data in units/data/demo_units.csv.
DEFAULT_UNIT_SPEEDS_KMH: dict[str, float] = {
    "fire_engine": 35.0,
    "water_tanker": 30.0,
    "aerial_ladder": 30.0,
    "rescue_truck": 40.0,
    "ambulance": 45.0,
    # BPBD and SAR boats travel to the water on a trailer.
    "rescue_boat": 30.0,
    "patrol_car": 45.0,
    "patrol_motorbike": 40.0,
    "bpbd_truck": 35.0,
    "tow_truck": 35.0,
    "utility_crew": 35.0,
}


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    home_region: str  # the Kemendagri code of the call centre's area
    map_center: tuple[float, float]
    map_zoom: int
    agencies: list[Agency]
    calls: list[Call]
    users: list[User] = field(default_factory=list)
    # Priorities held for a supervisor's disposition before routing (P1/P2 never are).
    disposition_required_for: tuple[str, ...] = ()
    # Roads are longer than the straight line between two points: by this factor.
    road_factor: float = 1.4
    # Unit speeds that differ here from DEFAULT_UNIT_SPEEDS_KMH (km/h by unit kind).
    unit_speeds_kmh: dict[str, float] = field(default_factory=dict)

    def unit_speed_kmh(self, kind: str) -> float:
        return self.unit_speeds_kmh.get(kind, DEFAULT_UNIT_SPEEDS_KMH.get(kind, 30.0))


BANDAR_LAMPUNG_AGENCIES: list[Agency] = [
    ("bpbd", "BPBD Kota Bandar Lampung", ["18.71"], "0721-123112"),
    ("satpolpp", "Satpol PP Kota Bandar Lampung", ["18.71"], "0721-252041"),
    ("dinkes", "Dinas Kesehatan Kota Bandar Lampung", ["18.71"], "0721-253484"),
    ("damkar", "Dinas Pemadam Kebakaran dan Penyelamatan Kota Bandar Lampung", ["18.71"], "113"),
    ("dishub", "Dinas Perhubungan Kota Bandar Lampung", ["18.71"], "0721-481733"),
    ("dinsos", "Dinas Sosial Kota Bandar Lampung", ["18.71"], "0721-266184"),
    ("dlh", "Dinas Lingkungan Hidup Kota Bandar Lampung", ["18.71"], "0721-262390"),
    ("dp3a", "DP3A Kota Bandar Lampung", ["18.71"], "0721-255310"),
    ("polri", "Polresta Bandar Lampung", ["18.71"], "110"),
    ("pupr", "Dinas PUPR Kota Bandar Lampung", ["18.71"], "0721-481325"),
    ("disdukcapil", "Disdukcapil Kota Bandar Lampung", ["18.71"], "0721-263430"),
    ("pln", "PLN UP3 Tanjung Karang", ["18.71"], "123"),
    ("pdam", "Perumda Air Minum Way Rilau", ["18.71"], "0721-483855"),
    ("basarnas", "Kantor SAR Lampung (Basarnas)", ["18"], "115"),
    ("bpbd", "BPBD Provinsi Lampung", ["18"], "0721-251112"),
    ("satpolpp", "Satpol PP Provinsi Lampung", ["18"], "0721-481166"),
    ("dinkes", "Dinas Kesehatan Provinsi Lampung", ["18"], "0721-703123"),
    ("dishub", "Dinas Perhubungan Provinsi Lampung", ["18"], "0721-702253"),
    ("dinsos", "Dinas Sosial Provinsi Lampung", ["18"], "0721-703422"),
    ("dlh", "Dinas Lingkungan Hidup Provinsi Lampung", ["18"], "0721-703445"),
    ("dp3a", "DP3A Provinsi Lampung", ["18"], "0721-241451"),
    ("polri", "Polda Lampung", ["18"], "110"),
    ("pupr", "Dinas Bina Marga dan Bina Konstruksi Provinsi Lampung", ["18"], "0721-702581"),
    ("pln", "PLN UID Lampung", ["18"], "123"),
]


BANDAR_LAMPUNG_REPORTS: list[Call] = [
    (
        "phone",
        "Kebakaran rumah di dekat Pasar Tugu, api besar, ada warga terjebak di dalam",
        "Jl. Hayam Wuruk, Tanjung Karang Timur",
        -5.4186,
        105.2701,
        "081279001001",
    ),
    (
        "whatsapp",
        "Tolong ada kecelakaan motor vs truk di Jl. Soekarno-Hatta, 2 orang korban berdarah",
        "Jl. Soekarno Hatta, Rajabasa",
        -5.3722,
        105.2461,
        "081279001002",
    ),
    (
        "phone",
        "Banjir setinggi lutut masuk rumah warga di Kelurahan Kupang Kota",
        "Kel. Kupang Kota, Kec. Teluk Betung Utara",
        -5.4398,
        105.2584,
        "081279001003",
    ),
    (
        "sms",
        "jln rusak berlubang besar di depan SD, sdh sbln tdk diperbaiki",
        "Jl. Pramuka, Kemiling",
        -5.3905,
        105.2120,
        "081279001004",
    ),
    (
        "web",
        "Lampu penerangan jalan mati sepanjang 200 meter, rawan begal malam hari",
        "Jl. Ryacudu, Way Huwi",
        -5.3645,
        105.3156,
        "",
    ),
    (
        "whatsapp",
        "Ada ular kobra masuk ke dapur rumah, anak kecil di rumah, mohon bantuan",
        "Perumahan Villa Citra, Kedaton",
        -5.3870,
        105.2580,
        "081279001006",
    ),
    (
        "phone",
        "Ibu hamil pendarahan butuh ambulans segera",
        "Kel. Sukarame, Kec. Sukarame",
        -5.3791,
        105.3086,
        "081279001007",
    ),
    (
        "web",
        "Sampah menumpuk di pinggir jalan sudah seminggu tidak diangkut, bau menyengat",
        "Jl. Teuku Umar, Kedaton",
        -5.3931,
        105.2562,
        "",
    ),
    (
        "sms",
        "pasien miskin di RSUD Abdul Moeloek tdk punya BPJS mohon bantuan biaya",
        "RSUD Abdul Moeloek",
        -5.4010,
        105.2575,
        "081279001009",
    ),
    ("web", "Bagaimana cara mengurus KTP elektronik yang hilang?", "", None, None, ""),
    (
        "phone",
        "Pohon tumbang menutup jalan di Jl. Wolter Monginsidi, tidak ada korban",
        "Jl. Wolter Monginsidi, Teluk Betung",
        -5.4290,
        105.2620,
        "081279001011",
    ),
    (
        "whatsapp",
        "Keributan antar pemuda di dekat Tugu Adipura, saling lempar batu",
        "Tugu Adipura, Enggal",
        -5.4166,
        105.2588,
        "081279001012",
    ),
]


LAMPUNG_AGENCIES: list[Agency] = [
    ("dinkes", "Dinas Kesehatan Provinsi Lampung", ["18"], "0721-703123"),
    ("dinsos", "Dinas Sosial Provinsi Lampung", ["18"], "0721-703422"),
    ("pupr", "Dinas Bina Marga dan Bina Konstruksi Provinsi Lampung", ["18"], "0721-702581"),
    ("bpbd", "BPBD Provinsi Lampung", ["18"], "0721-251112"),
    ("satpolpp", "Satpol PP Provinsi Lampung", ["18"], "0721-481166"),
    ("dishub", "Dinas Perhubungan Provinsi Lampung", ["18"], "0721-702253"),
    ("dlh", "Dinas Lingkungan Hidup Provinsi Lampung", ["18"], "0721-703445"),
    ("dp3a", "DP3A Provinsi Lampung", ["18"], "0721-241451"),
    ("disdukcapil", "Biro Pemerintahan Provinsi Lampung", ["18"], "0721-481107"),
    ("polri", "Polda Lampung", ["18"], "110"),
    ("basarnas", "Kantor SAR Lampung (Basarnas)", ["18"], "115"),
    ("pln", "PLN UID Lampung", ["18"], "123"),
    # Kabupaten/kota call centres the province forwards to, by region.
    ("damkar", "Damkar Kota Bandar Lampung", ["18.71"], "113"),
    ("pupr", "Dinas PUPR Kota Bandar Lampung", ["18.71"], "0721-481325"),
    ("dinkes", "Dinas Kesehatan Kota Bandar Lampung", ["18.71"], "0721-253484"),
    ("pupr", "Dinas PUPR Kabupaten Pesawaran", ["18.09"], "0721-5626111"),
    ("damkar", "Damkar Kabupaten Pesawaran", ["18.09"], "113"),
    ("dinkes", "Dinas Kesehatan Kabupaten Pesawaran", ["18.09"], "0721-5626222"),
    ("pupr", "Dinas PUPR Kabupaten Lampung Selatan", ["18.01"], "0727-322111"),
    ("damkar", "Damkar Kabupaten Lampung Selatan", ["18.01"], "113"),
]

LAMPUNG_CALLS: list[Call] = [
    (
        "whatsapp",
        "Mohon bantuan, ibu saya pasien miskin dirawat di RSUD Abdul Moeloek "
        "tidak punya BPJS, butuh bantuan biaya",
        "RSUD Abdul Moeloek, Bandar Lampung",
        -5.4010,
        105.2575,
        "081179050001",
    ),
    (
        "sms",
        "Jalan provinsi rusak parah berlubang di Gedong Tataan, sering kecelakaan",
        "Kec. Gedong Tataan, Kab. Pesawaran",
        -5.3960,
        105.1297,
        "081179050002",
    ),
    (
        "whatsapp",
        "Saran: mohon ditambah jadwal vaksinasi anak di puskesmas kecamatan",
        "Kota Metro",
        -5.1131,
        105.3067,
        "081179050003",
    ),
    (
        "phone",
        "Kebakaran rumah warga di Kalianda, api besar",
        "Kalianda, Lampung Selatan",
        -5.7282,
        105.5936,
        "081179050004",
    ),
    ("web", "Bagaimana cara mendaftar bantuan sosial PKH untuk lansia?", "", None, None, ""),
]

BANYUASIN_AGENCIES: list[Agency] = [
    ("damkar", "Dinas Pemadam Kebakaran Kabupaten Banyuasin", ["16.07"], "113"),
    ("bpbd", "BPBD Kabupaten Banyuasin", ["16.07"], "0711-891112"),
    ("dinkes", "Dinas Kesehatan Kabupaten Banyuasin", ["16.07"], "0711-891234"),
    ("dinsos", "Dinas Sosial Kabupaten Banyuasin", ["16.07"], "0711-891345"),
    ("satpolpp", "Satpol PP Kabupaten Banyuasin", ["16.07"], "0711-891456"),
    ("dishub", "Dinas Perhubungan Kabupaten Banyuasin", ["16.07"], "0711-891567"),
    ("dlh", "Dinas Lingkungan Hidup Kabupaten Banyuasin", ["16.07"], "0711-891678"),
    ("pupr", "Dinas PUPR Kabupaten Banyuasin", ["16.07"], "0711-891789"),
    ("pdam", "Perumda Air Minum Tirta Betuah Banyuasin", ["16.07"], "0711-891890"),
    ("disdukcapil", "Disdukcapil Kabupaten Banyuasin", ["16.07"], "0711-891901"),
    ("polri", "Polres Banyuasin", ["16.07"], "110"),
    ("pln", "PLN ULP Pangkalan Balai", ["16.07"], "123"),
    ("basarnas", "Kantor SAR Palembang (Basarnas)", ["16"], "115"),
]

BANYUASIN_CALLS: list[Call] = [
    (
        "phone",
        "Kebakaran lahan dekat permukiman di Pangkalan Balai, asap tebal",
        "Pangkalan Balai, Banyuasin III",
        -2.8983,
        104.4039,
        "081300070001",
    ),
    (
        "phone",
        "Air PDAM tidak mengalir sudah tiga hari di perumahan kami",
        "Kel. Mariana, Banyuasin I",
        -2.9817,
        104.8848,
        "081300070002",
    ),
    (
        "web",
        "Pengurusan KK lama sekali di kantor kecamatan",
        "Banyuasin III",
        -2.8983,
        104.4039,
        "",
    ),
]

BITUNG_AGENCIES: list[Agency] = [
    ("satpolpp", "Satpol PP Kota Bitung", ["71.72"], "0438-21011"),
    ("dinkes", "Dinas Kesehatan Kota Bitung", ["71.72"], "0438-21012"),
    ("dishub", "Dinas Perhubungan Kota Bitung", ["71.72"], "0438-21013"),
    ("dinsos", "Dinas Sosial Kota Bitung", ["71.72"], "0438-21014"),
    ("dlh", "Dinas Lingkungan Hidup Kota Bitung", ["71.72"], "0438-21015"),
    ("dp3a", "Dinas P3A Kota Bitung", ["71.72"], "0438-21016"),
    ("bpbd", "BPBD Kota Bitung", ["71.72"], "0438-21017"),
    ("pupr", "Dinas PUPR Kota Bitung", ["71.72"], "0438-21018"),
]

BITUNG_CALLS: list[Call] = [
    (
        "phone",
        "Tabrakan mobil dan motor di Jl. Sam Ratulangi, dua korban luka berat",
        "Jl. Sam Ratulangi, Bitung",
        1.4400,
        125.1250,
        "081240000001",
    ),
    (
        "phone",
        "Sampah menumpuk di pasar, bau menyengat",
        "Pasar Girian, Bitung",
        1.4700,
        125.1500,
        "081240000002",
    ),
]

PROFILES: dict[str, Profile] = {
    "bandar-lampung": Profile(
        name="bandar-lampung",
        title="Lapor Call Center Kota Bandar Lampung",
        home_region="18.71",
        map_center=(-5.4100, 105.2600),
        map_zoom=12,
        # Complaints wait for the mayor's disposition, given through the supervisor.
        disposition_required_for=("P3", "P4"),
        agencies=BANDAR_LAMPUNG_AGENCIES,
        calls=BANDAR_LAMPUNG_REPORTS,
        # The Bagian Organisasi collects complaints and waits for the mayor's word.
        users=[("organisasi", "supervisor", "")],
        # Hills and a congested centre: roads run half again as long as the line.
        road_factor=1.5,
    ),
    "lampung": Profile(
        name="lampung",
        title="Call Center Pemerintah Provinsi Lampung",
        home_region="18",
        map_center=(-4.9000, 105.0000),
        map_zoom=8,
        agencies=LAMPUNG_AGENCIES,
        calls=LAMPUNG_CALLS,
        users=[("pupr-pesawaran", "agency", "Dinas PUPR Kabupaten Pesawaran")],
        # Provincial roads between towns run closer to the straight line.
        road_factor=1.3,
    ),
    "banyuasin": Profile(
        name="banyuasin",
        title="Call Center 112 Kabupaten Banyuasin",
        home_region="16.07",
        map_center=(-2.6000, 104.7500),
        map_zoom=9,
        agencies=BANYUASIN_AGENCIES,
        calls=BANYUASIN_CALLS,
        # Rivers with few bridges: the way round is long, the roads between are open.
        road_factor=1.6,
        unit_speeds_kmh={"fire_engine": 40.0, "ambulance": 50.0},
    ),
    "bitung": Profile(
        name="bitung",
        title="Call Center 112 Kota Bitung",
        home_region="71.72",
        map_center=(1.4650, 125.1800),
        map_zoom=12,
        agencies=BITUNG_AGENCIES,
        calls=BITUNG_CALLS,
        users=[("sekda", "supervisor", "")],
    ),
}
