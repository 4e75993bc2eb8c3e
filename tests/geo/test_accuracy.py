"""Forward geocoding accuracy on addresses across Indonesia.

Expected coordinates are approximate true locations (town or district centres from
general knowledge, not from the gazetteer); `km` is the allowed distance between the
answer and that truth, wider where the named area is large.
"""

from __future__ import annotations

import statistics

import pytest
from geopy.distance import distance

from geo.gazetteer import Gazetteer

# (address, expected lat, expected lon, max km, expected region code prefix)
ADDRESSES = [
    # Lampung: Kota Bandar Lampung (HOME_REGION)
    ("Kedaton, Bandar Lampung", -5.385, 105.262, 3, "18.71.01"),
    ("Jl. Teuku Umar No. 12, Kedaton, Bandar Lampung", -5.387, 105.260, 3, "18.71.01"),
    ("Kel. Rajabasa, Kec. Rajabasa, Kota Bandar Lampung", -5.364, 105.238, 3, "18.71.10"),
    ("Sukarame, Bandar Lampung", -5.385, 105.300, 3, "18.71.02"),
    ("Way Halim, Bandar Lampung", -5.386, 105.278, 3, "18.71.15"),
    ("Tanjung Karang Pusat", -5.417, 105.252, 3, "18.71.06"),
    ("Tanjungkarang Timur", -5.413, 105.268, 3, "18.71.05"),
    ("Teluk Betung Selatan, Bandar Lampung", -5.443, 105.260, 3, "18.71.07"),
    ("telukbetung utara", -5.434, 105.262, 3, "18.71.09"),
    ("Kecamatan Panjang, Kota Bandar Lampung", -5.475, 105.322, 4, "18.71.04"),
    ("Kemiling, Bandar Lampung", -5.398, 105.205, 4, "18.71.13"),
    ("Tanjung Senang", -5.360, 105.275, 3, "18.71.11"),
    ("Kel. Pahoman, Enggal", -5.428, 105.270, 2, "18.71.17"),
    ("Gedong Meneng, Rajabasa", -5.368, 105.243, 2, "18.71.10"),
    ("Labuhan Ratu, Bandar Lampung", -5.372, 105.256, 3, "18.71.14"),
    ("Kel. Way Kandis, Kec. Tanjung Senang", -5.350, 105.285, 2, "18.71.11"),
    ("Kedatonn, Bandar Lampung", -5.385, 105.262, 3, "18.71.01"),  # typo
    # Lampung: other regencies
    ("Kota Metro, Lampung", -5.113, 105.307, 6, "18.72"),
    ("Kalianda, Lampung Selatan", -5.720, 105.590, 6, "18.01"),
    ("Natar, Kabupaten Lampung Selatan", -5.320, 105.200, 6, "18.01"),
    ("Pringsewu, Kabupaten Pringsewu", -5.357, 104.975, 6, "18.10"),
    ("Kotabumi, Lampung Utara", -4.830, 104.885, 6, "18.03"),
    ("Gedong Tataan, Pesawaran", -5.395, 105.080, 6, "18.09"),
    ("Menggala, Tulang Bawang", -4.465, 105.240, 8, "18.05"),
    ("Liwa, Lampung Barat", -5.030, 104.070, 8, "18.04"),
    # South Sumatra: Palembang and beyond
    ("Ilir Timur I, Palembang", -2.975, 104.755, 3, "16.71.05"),
    ("Kecamatan Ilir Timur Satu, Kota Palembang", -2.975, 104.755, 3, "16.71.05"),
    ("Kec. Seberang Ulu I, Palembang", -3.005, 104.765, 3, "16.71.02"),
    ("Seberang Ulu II, Palembang", -2.995, 104.785, 3, "16.71.03"),
    ("Plaju, Palembang", -3.005, 104.815, 3, "16.71.14"),
    ("Sukarami, Palembang", -2.915, 104.710, 5, "16.71.07"),
    ("Kayu Agung, Ogan Komering Ilir", -3.395, 104.830, 8, "16.02"),
    ("Kota Prabumulih", -3.430, 104.235, 10, "16.74"),
    ("Lubuklinggau, Sumatera Selatan", -3.300, 102.860, 10, "16.73"),
    # North Sulawesi: Manado and Bitung
    ("Wenang, Manado", 1.490, 124.840, 3, "71.71"),
    ("Kel. Malalayang Satu, Kec. Malalayang, Kota Manado", 1.455, 124.810, 3, "71.71"),
    ("Tikala, Kota Manado", 1.475, 124.855, 3, "71.71"),
    ("Madidir, Bitung", 1.445, 125.175, 5, "71.72"),
    ("Kec. Maesa, Kota Bitung", 1.445, 125.185, 5, "71.72"),
    ("Tomohon, Sulawesi Utara", 1.325, 124.830, 8, "71.73"),
    ("Kotamobagu", 0.735, 124.315, 8, "71.74"),
    # Other provinces
    ("Kel. Menteng, Kec. Menteng, Jakarta Pusat", -6.196, 106.835, 2, "31.71"),
    ("Gambir, Jakarta Pusat", -6.172, 106.820, 3, "31.71"),
    ("Coblong, Kota Bandung", -6.888, 107.613, 3, "32.73"),
    ("Gondokusuman, Yogyakarta", -7.785, 110.380, 3, "34.71"),
    ("Tegalsari, Surabaya", -7.270, 112.738, 3, "35.78"),
    ("Medan Baru, Kota Medan", 3.575, 98.660, 4, "12.71"),
    ("Denpasar Selatan", -8.700, 115.220, 6, "51.71"),
    ("Kuta, Badung, Bali", -8.720, 115.175, 4, "51.03"),
    ("Kec. Makassar, Kota Makassar", -5.145, 119.425, 3, "73.71"),
    ("Banda Aceh", 5.550, 95.320, 6, "11.71"),
    ("Jayapura Utara, Kota Jayapura", -2.535, 140.710, 5, "91.71"),
    ("Kota Ternate", 0.790, 127.380, 10, "82.71"),
    ("Pontianak Kota, Kota Pontianak", -0.030, 109.325, 4, "61.71"),
    ("Kota Kupang, NTT", -10.170, 123.600, 8, "53.71"),
    ("Samarinda Ulu, Samarinda", -0.480, 117.140, 5, "64.72"),
    ("Mataram, Nusa Tenggara Barat", -8.585, 116.115, 6, "52.71"),
]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    # An explicit home region: the table must not depend on the deployment's.
    return Gazetteer(home_region="18.71")


def _error_km(gazetteer: Gazetteer, row: tuple[str, float, float, float, str]) -> float:
    address, lat, lon, _, _ = row
    location = gazetteer.geocode(address)
    assert location is not None, address
    return distance((lat, lon), (location.latitude, location.longitude)).km


@pytest.mark.parametrize("row", ADDRESSES, ids=[row[0] for row in ADDRESSES])
def test_it_geocodes_within_distance(
    gazetteer: Gazetteer, row: tuple[str, float, float, float, str]
) -> None:
    address, _, _, max_km, prefix = row
    location = gazetteer.geocode(address)
    assert location is not None, address
    error = _error_km(gazetteer, row)
    assert error <= max_km, f"{address}: {error:.1f} km off ({location.address})"
    assert location.raw["code"].startswith(prefix), f"{address}: {location.raw['code']}"


def test_it_has_a_table_of_at_least_40_addresses() -> None:
    assert len(ADDRESSES) >= 40


def test_it_keeps_median_error_small(gazetteer: Gazetteer) -> None:
    errors = [_error_km(gazetteer, row) for row in ADDRESSES]
    assert statistics.median(errors) <= 2.0
