"""Photos and voice notes: what a file is (by its bytes, never its name), and the
public rendition of a photo (re-encoded, without EXIF or any other metadata).

No database here: dispatch.services.media stores what this module accepts.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# A decompression bomb (a tiny PNG of 50000 x 50000 pixels) is refused before
# Pillow allocates it: 40 megapixels is more than any phone camera makes.
MAX_PIXELS = 40_000_000
RENDITION_SIDE = 1600
THUMBNAIL_SIDE = 320
JPEG_QUALITY = 85

IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
AUDIO_TYPES = {"audio/ogg": "ogg", "audio/mp4": "m4a", "audio/aac": "aac", "audio/mpeg": "mp3"}


class MediaRefused(Exception):
    """A file we do not take: `status` is 400 (what it is) or 413 (how big it is)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Accepted:
    kind: str  # dispatch.models.MediaKind
    content_type: str
    extension: str
    data: bytes
    rendition: bytes = b""
    thumbnail: bytes = b""


def _sniff_image(head: bytes) -> str:
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return ""


def _is_heic(head: bytes) -> bool:
    return head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"hevc")


def _sniff_audio(head: bytes) -> str:
    if head.startswith(b"OggS"):
        return "audio/ogg"  # WhatsApp's voice notes: Opus in Ogg
    if head[4:8] == b"ftyp" and head[8:11] in (b"M4A", b"mp4", b"iso", b"3gp"):
        return "audio/mp4"  # AAC in an MP4 container (.m4a)
    if len(head) > 1 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0:
        return "audio/aac"  # ADTS
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    return ""


def limit_for(kind: str) -> int:
    return settings.MEDIA_MAX_AUDIO_BYTES if kind == "audio" else settings.MEDIA_MAX_IMAGE_BYTES


def too_large(size: int, kind: str) -> MediaRefused:
    limit_mb = limit_for(kind) / (1024 * 1024)
    return MediaRefused(413, _("The file is too large: at most %(mb).0f MB.") % {"mb": limit_mb})


def accept(data: bytes, *, allow_audio: bool = True) -> Accepted:
    """The file, recognised by its first bytes and opened; MediaRefused otherwise."""
    head = data[:32]
    image_type = _sniff_image(head)
    if image_type:
        if len(data) > settings.MEDIA_MAX_IMAGE_BYTES:
            raise too_large(len(data), "image")
        rendition, thumbnail = _renditions(data)
        return Accepted("image", image_type, IMAGE_TYPES[image_type], data, rendition, thumbnail)
    if _is_heic(head):
        raise MediaRefused(
            400, _("HEIC photos are not accepted yet: send the photo as JPEG, PNG or WebP.")
        )
    audio_type = _sniff_audio(head) if allow_audio else ""
    if audio_type:
        if len(data) > settings.MEDIA_MAX_AUDIO_BYTES:
            raise too_large(len(data), "audio")
        return Accepted("audio", audio_type, AUDIO_TYPES[audio_type], data)
    if allow_audio:
        message = _(
            "This file is not a photo (JPEG, PNG, WebP) or a voice note (OGG/Opus, AAC/M4A, MP3)."
        )
    else:
        message = _("This file is not a photo (JPEG, PNG or WebP).")
    raise MediaRefused(400, message)


def _open(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            raise MediaRefused(413, _("The photo has too many pixels."))
        image.load()
    except MediaRefused:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise MediaRefused(400, _("The photo cannot be read: the file is damaged.")) from None
    return image


def _renditions(data: bytes) -> tuple[bytes, bytes]:
    """A JPEG rendition and a thumbnail, made from the pixels only.

    Saving fresh pixels (no exif=, no icc_profile=, no info copied) writes no
    EXIF (GPS, camera, time), no XMP and no comments; the orientation is applied
    to the pixels first, so the photo still stands the right way without it.
    """
    image = ImageOps.exif_transpose(_open(data))
    pixels = image.convert("RGB")
    rendition = pixels.copy()
    rendition.thumbnail((RENDITION_SIDE, RENDITION_SIDE))
    thumbnail = pixels.copy()
    thumbnail.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    return _jpeg(rendition), _jpeg(thumbnail)


def _jpeg(image: Image.Image) -> bytes:
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()
