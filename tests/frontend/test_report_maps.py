"""The reports' maps hold no caller's name, number or words: codes and counts only.

A report whose words, name, number and address are a unique marker is seeded; the
marker must be in no map picture (its pixels or any PNG chunk), in no map table,
and nowhere in the PDFs (which carry no caller's words at all)."""

from __future__ import annotations

import base64
import io
import json
import re
import struct
from typing import Any

import pytest
from django.utils import timezone
from pypdf import PdfReader

from dispatch.models import Incident, Report
from frontend import map_image, reports
from tests.conftest import open_incident

pytestmark = pytest.mark.django_db

MARKER = "Zqxmarker7731"
PHONE = "+6281299887766"


@pytest.fixture
def marked(cast: Any) -> Incident:
    incident = open_incident(
        text=f"Kebakaran {MARKER}", phone=PHONE, region_code="18.71.01.1003", lat=-5.43
    )
    Report.objects.filter(incident=incident).update(
        reporter_name=f"Ibu {MARKER}", address=f"Jl. {MARKER} 12"
    )
    return incident


def png_chunks(png: bytes) -> list[bytes]:
    """The chunk types of a PNG file."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, offset = [], 8
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        chunks.append(png[offset + 4 : offset + 8])
        offset += 12 + length
    return chunks


def assert_clean_png(png: bytes) -> None:
    assert set(png_chunks(png)) <= {b"IHDR", b"PLTE", b"IDAT", b"IEND"}
    for secret in (MARKER, PHONE, "Ibu"):
        assert secret.encode() not in png


def map_parts(html: str) -> tuple[bytes, str]:
    """The map picture and the table by kecamatan of a page."""
    [uri] = re.findall(r'<img src="data:image/png;base64,([^"]+)"[^>]*class="map-image"', html)
    [table] = re.findall(r'<table class="table" id="by-district">.*?</table>', html, re.S)
    return base64.b64decode(uri), table


def test_the_map_data_is_codes_and_counts(marked: Incident) -> None:
    data = reports.daily_report_data(day=timezone.localdate())["map"]
    assert [set(p) for p in data["points"]] == [{"code", "lat", "lon", "count"}]
    assert data["points"][0]["code"] == "1871011003"
    assert MARKER not in repr(data) and PHONE not in repr(data)


@pytest.mark.parametrize("path", ["/statistik/", "/statistik/harian/", "/statistik/tahunan/"])
def test_no_caller_text_in_a_pages_map(page_client: Any, marked: Incident, path: str) -> None:
    html = page_client("supervisor").get(path).content.decode()
    png, table = map_parts(html)
    assert_clean_png(png)
    assert MARKER not in table and PHONE not in table
    assert "<td>" in table  # the kecamatan of the report is listed, by name


def test_the_statistics_pages_live_map_gets_codes_and_counts(
    page_client: Any, marked: Incident
) -> None:
    response = page_client("supervisor").get("/statistik/")
    html = response.content.decode()
    [script] = re.findall(
        r'<script id="stats-map-data" type="application/json">(.*?)</script>', html
    )
    data = json.loads(script)
    assert [set(p) for p in data["points"]] == [{"code", "lat", "lon", "count"}]
    assert MARKER not in script and "99887766" not in script
    assert data["map"]["basemap"]["files"].startswith("/peta/dasar/")  # offline like the live map


@pytest.mark.parametrize("path", ["/statistik/harian.pdf", "/statistik/tahunan.pdf"])
def test_no_caller_text_in_the_pdfs(page_client: Any, marked: Incident, path: str) -> None:
    body = page_client("supervisor").get(path).content
    assert MARKER.encode() not in body
    reader = PdfReader(io.BytesIO(body))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert MARKER not in text and "Ibu" not in text and "99887766" not in text
    [picture] = [image for page in reader.pages for image in page.images]
    assert MARKER.encode() not in picture.data


def test_the_picture_draws_a_disc_where_the_incidents_are() -> None:
    empty = map_image.render_png(points=[], home_region="18.71")
    drawn = map_image.render_png(
        points=[{"code": "1871011001", "lat": -5.43, "lon": 105.26, "count": 12}],
        home_region="18.71",
    )
    assert_clean_png(drawn)
    assert drawn != empty
    from PIL import Image

    image = Image.open(io.BytesIO(drawn))
    x, y = map_image.Projection(map_image.region_bbox("18.71"))(105.26, -5.43)
    assert image.getpixel((round(x), round(y))) == map_image.RAMP[-1]
