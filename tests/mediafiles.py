"""Files for the media tests: real photos (with GPS EXIF), a voice note, liars."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

GPS_IFD = 0x8825


def jpeg_with_gps(size: tuple[int, int] = (800, 600)) -> bytes:
    """A JPEG as a phone makes it: EXIF with the camera and where it was taken."""
    image = Image.new("RGB", size, (200, 40, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0131] = "Camera 1.0"  # Software
    exif.get_ifd(GPS_IFD).update({1: "S", 2: (5.0, 25.0, 12.0), 3: "E", 4: (105.0, 15.0, 36.0)})
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def png(size: tuple[int, int] = (64, 64)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (0, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def ogg_opus() -> bytes:
    """The first page of an Ogg Opus stream (a WhatsApp voice note begins so)."""
    head = b"OpusHead" + bytes([1, 1, 0x38, 0x01, 0x80, 0xBB, 0, 0, 0, 0, 0])
    return b"OggS" + bytes(22) + bytes([1, len(head)]) + head


def gps_of(data: bytes) -> dict[int, Any]:
    """The GPS tags Pillow reads from a photo ({} when it has none)."""
    return dict(Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD))


def metadata_of(data: bytes) -> dict[str, Any]:
    """Every EXIF tag and every metadata block Pillow finds in a photo."""
    image = Image.open(io.BytesIO(data))
    exif = image.getexif()
    blocks = {k for k in image.info if k in ("exif", "xmp", "icc_profile", "comment")}
    return {"exif": dict(exif), "gps": dict(exif.get_ifd(GPS_IFD)), "blocks": blocks}


@pytest.fixture
def media_root(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
