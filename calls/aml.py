"""Advanced Mobile Location (ETSI TS 103 625): the two formats a handset's fix comes in.

- HTTPS: a form-encoded POST `v=3&device_number=...&location_latitude=...` (the
  fields of HTTPS_FIELDS; `v` is the interface version, 3 here). Times are Unix
  milliseconds.
- SMS: one text `A"ML=1;lt=...;lg=...;rd=...;top=...;lc=...;pm=...;si=...;ei=...;
  mcc=...;mnc=...;ml=...` (the keys of SMS_KEYS; `A"ML` is the version, 1 here).
  `top` is yyyyMMddHHmmss in UTC; `rd=N` with `pm=N` is a handset without a fix.

Every field is checked; the first problem found is raised as AmlError with words
for the sender. Unknown keys are kept but not read: the standard lets networks add
their own. Pure functions: no database, so every rule has a unit test
(tests/calls/test_aml_fields.py).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.utils.translation import gettext as _

from geo.regions import BBOX

HTTPS_VERSIONS = ("3",)
SMS_VERSIONS = ("1",)
SMS_PREFIX = 'A"ML='
# A handset's clock may run a little ahead of ours; more than this is wrong.
CLOCK_SKEW = timedelta(seconds=60)
# A fix older than this is not where the caller is now.
MAX_AGE = timedelta(hours=24)
# Wider than a cell of a rural mast (about 35 km): not a position worth a circle.
MAX_ACCURACY_M = 50_000.0
LOCATION_SOURCES = ("gps", "wifi", "cell", "fused", "unknown")
SOURCES = ("call", "sms")
# The SMS format's positioning methods: Wi-Fi, GNSS, cell, none.
SMS_METHODS = {"W": "wifi", "G": "gps", "C": "cell", "N": "unknown"}


class AmlError(ValueError):
    """A field of an AML message is missing or wrong; the message says which and why."""


@dataclass(frozen=True)
class AmlFix:
    """A handset's position as the AML message gave it."""

    device_number: str  # as sent; the caller normalises it
    lat: float | None
    lon: float | None
    accuracy_m: float | None
    located_at: datetime | None
    source: str
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def has_position(self) -> bool:
        return self.lat is not None and self.accuracy_m is not None


# --- field checks -----------------------------------------------------------------


def number(name: str, value: str, low: float, high: float) -> float:
    try:
        parsed = float(value)
    except ValueError:
        raise AmlError(_("%(field)s must be a number.") % {"field": name}) from None
    if not math.isfinite(parsed) or not low <= parsed <= high:
        raise AmlError(
            _("%(field)s must be between %(low)s and %(high)s.")
            % {"field": name, "low": f"{low:g}", "high": f"{high:g}"}
        )
    return parsed


def integer(name: str, value: str, low: int, high: int) -> int:
    if not re.fullmatch(r"[+-]?\d{1,19}", value):
        raise AmlError(_("%(field)s must be a whole number.") % {"field": name})
    return int(number(name, value, low, high))


def digits(name: str, value: str, low: int, high: int) -> str:
    if not re.fullmatch(rf"\d{{{low},{high}}}", value):
        raise AmlError(
            _("%(field)s must be %(low)s to %(high)s digits.")
            % {"field": name, "low": low, "high": high}
        )
    return value


def text(name: str, value: str, longest: int) -> str:
    if len(value) > longest or any(ord(c) < 32 for c in value):
        raise AmlError(
            _("%(field)s must be printable text of at most %(n)s characters.")
            % {"field": name, "n": longest}
        )
    return value


def languages(name: str, value: str) -> str:
    """BCP 47 tags, comma separated (`id-ID,en`)."""
    tag = r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*"
    if len(value) > 100 or not re.fullmatch(rf"{tag}(,\s*{tag})*", value):
        raise AmlError(_("%(field)s must be language tags separated by commas.") % {"field": name})
    return value


def hex_digest(name: str, value: str) -> str:
    if not re.fullmatch(r"[0-9a-fA-F]{40}", value):
        raise AmlError(_("%(field)s must be 40 hexadecimal characters.") % {"field": name})
    return value.lower()


def choice(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value.lower() not in allowed:
        raise AmlError(
            _("%(field)s must be one of: %(allowed)s.")
            % {"field": name, "allowed": ", ".join(allowed)}
        )
    return value.lower()


def unix_ms(name: str, value: str, now: datetime) -> datetime:
    if not re.fullmatch(r"\d{10,14}", value):
        raise AmlError(_("%(field)s must be a Unix time in milliseconds.") % {"field": name})
    return checked_time(name, datetime.fromtimestamp(int(value) / 1000, tz=UTC), now)


def compact_utc(name: str, value: str, now: datetime) -> datetime:
    """yyyyMMddHHmmss in UTC, the SMS format's `top`."""
    try:
        if not re.fullmatch(r"\d{14}", value):
            raise ValueError(value)
        parsed = datetime.strptime(value, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        raise AmlError(
            _("%(field)s must be a UTC time written yyyyMMddHHmmss.") % {"field": name}
        ) from None
    return checked_time(name, parsed, now)


def checked_time(name: str, at: datetime, now: datetime) -> datetime:
    if at > now + CLOCK_SKEW:
        raise AmlError(
            _("%(field)s is in the future: check the handset's clock.") % {"field": name}
        )
    if at < now - MAX_AGE:
        raise AmlError(_("%(field)s is more than a day old.") % {"field": name})
    return at


def in_indonesia(lat: float, lon: float) -> None:
    if not (BBOX[0] <= lat <= BBOX[1] and BBOX[2] <= lon <= BBOX[3]):
        raise AmlError(_("This position is outside Indonesia."))


def accuracy(name: str, value: str) -> float:
    metres = number(name, value, -math.inf, math.inf)
    if not 0 < metres <= MAX_ACCURACY_M:
        raise AmlError(
            _("%(field)s of %(value)s m is not a usable accuracy (more than 0, at most %(max)s m).")
            % {"field": name, "value": f"{metres:g}", "max": f"{MAX_ACCURACY_M:g}"}
        )
    return metres


# --- HTTPS ------------------------------------------------------------------------

Check = Callable[[str, str, datetime], Any]

# Every field of the HTTPS format: name -> its check. The position itself
# (latitude, longitude, accuracy, time) and the device number are required.
HTTPS_FIELDS: dict[str, Check] = {
    "v": lambda n, v, now: v,  # checked first, alone (https_parse)
    "emergency_number": lambda n, v, now: digits(n, v, 2, 15),
    "source": lambda n, v, now: choice(n, v, SOURCES),
    "thunderbird_version": lambda n, v, now: integer(n, v, 0, 10**9),
    "time": unix_ms,
    "location_latitude": lambda n, v, now: number(n, v, -90, 90),
    "location_longitude": lambda n, v, now: number(n, v, -180, 180),
    "location_time": unix_ms,
    "location_altitude": lambda n, v, now: number(n, v, -500, 10_000),
    "location_altitude_msl": lambda n, v, now: number(n, v, -500, 10_000),
    "location_floor": lambda n, v, now: text(n, v, 16),
    "location_source": lambda n, v, now: choice(n, v, LOCATION_SOURCES),
    "location_accuracy": lambda n, v, now: accuracy(n, v),
    "location_vertical_accuracy": lambda n, v, now: number(n, v, 0, 10_000),
    "location_confidence": lambda n, v, now: number(n, v, 0, 100),
    "location_bearing": lambda n, v, now: number(n, v, 0, 360),
    "location_bearing_accuracy": lambda n, v, now: number(n, v, 0, 180),
    "location_speed": lambda n, v, now: number(n, v, 0, 350),
    "location_speed_accuracy": lambda n, v, now: number(n, v, 0, 350),
    "device_number": lambda n, v, now: text(n, v, 32),
    "device_model": lambda n, v, now: text(n, v, 100),
    "device_imei": lambda n, v, now: digits(n, v, 14, 16),
    "device_imsi": lambda n, v, now: digits(n, v, 6, 15),
    "cell_carrier": lambda n, v, now: text(n, v, 100),
    "cell_home_mcc": lambda n, v, now: digits(n, v, 3, 3),
    "cell_home_mnc": lambda n, v, now: digits(n, v, 2, 3),
    "cell_network_mcc": lambda n, v, now: digits(n, v, 3, 3),
    "cell_network_mnc": lambda n, v, now: digits(n, v, 2, 3),
    # Fields some handsets' implementations add (Android ELS): checked as well.
    "gt_location_latitude": lambda n, v, now: number(n, v, -90, 90),  # ground truth, tests
    "gt_location_longitude": lambda n, v, now: number(n, v, -180, 180),
    "location_certainty": lambda n, v, now: number(n, v, 0, 100),
    "device_iccid": lambda n, v, now: digits(n, v, 18, 22),
    "device_languages": lambda n, v, now: languages(n, v),
    "adr_carcrash_time": unix_ms,
    # An HMAC-SHA1 of the body where the network signs it. Its form is checked; it is
    # not verified: the sender is authenticated by its token.
    "hmac": lambda n, v, now: hex_digest(n, v),
}
HTTPS_REQUIRED = (
    "device_number",
    "location_latitude",
    "location_longitude",
    "location_accuracy",
    "location_time",
)


def https_parse(form: Mapping[str, str], *, now: datetime) -> AmlFix:
    """The HTTPS body (its form fields, each once) as a fix; AmlError says what is wrong."""
    version = (form.get("v") or "").strip()
    if not version:
        raise AmlError(_("v (the AML version) is missing."))
    if version not in HTTPS_VERSIONS:
        raise AmlError(
            _("AML version %(v)s is not supported: this endpoint reads version %(ok)s.")
            % {"v": version[:10], "ok": ", ".join(HTTPS_VERSIONS)}
        )
    missing = [name for name in HTTPS_REQUIRED if not (form.get(name) or "").strip()]
    if missing:
        raise AmlError(_("Missing field(s): %(names)s.") % {"names": ", ".join(missing)})
    values: dict[str, Any] = {}
    for name, check in HTTPS_FIELDS.items():
        raw = (form.get(name) or "").strip()
        if raw:
            values[name] = check(name, raw, now)
    in_indonesia(values["location_latitude"], values["location_longitude"])
    return AmlFix(
        device_number=values["device_number"],
        lat=values["location_latitude"],
        lon=values["location_longitude"],
        accuracy_m=values["location_accuracy"],
        located_at=values["location_time"],
        source=values.get("location_source", "unknown"),
        fields={k: str(form[k])[:200] for k in form if k in HTTPS_FIELDS},
    )


# --- SMS --------------------------------------------------------------------------

SMS_KEYS = ("lt", "lg", "rd", "top", "lc", "pm", "si", "ei", "mcc", "mnc", "ml")


def is_sms(body: str) -> bool:
    return body.lstrip().startswith(SMS_PREFIX)


def sms_pairs(body: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for part in body.strip().rstrip(";").split(";"):
        key, sep, value = part.partition("=")
        if not sep:
            raise AmlError(_("%(part)s is not a key=value pair.") % {"part": part[:20]})
        if key.strip() in pairs:
            raise AmlError(_("%(key)s appears twice.") % {"key": key.strip()[:10]})
        pairs[key.strip()] = value.strip()
    return pairs


def sms_parse(body: str, *, device_number: str, now: datetime) -> AmlFix:
    """The SMS text as a fix (without a position when the handset had none)."""
    if not is_sms(body):
        raise AmlError(_('An AML SMS starts with A"ML='))
    pairs = sms_pairs(body)
    version = pairs.pop('A"ML')
    if version not in SMS_VERSIONS:
        raise AmlError(
            _("AML version %(v)s is not supported: this endpoint reads version %(ok)s.")
            % {"v": version[:10], "ok": ", ".join(SMS_VERSIONS)}
        )
    missing = [key for key in ("lt", "lg", "rd", "top", "pm") if not pairs.get(key)]
    if missing:
        raise AmlError(_("Missing field(s): %(names)s.") % {"names": ", ".join(missing)})
    method = pairs["pm"].upper()
    if method not in SMS_METHODS:
        raise AmlError(_("pm must be one of: %(allowed)s.") % {"allowed": "W, G, C, N"})
    located_at = compact_utc("top", pairs["top"], now)
    sms_optional(pairs)
    fields = {k: v[:200] for k, v in pairs.items() if k in SMS_KEYS}
    if method == "N" or pairs["rd"].upper() == "N":
        # The handset found no position: a message to keep, no point to draw.
        return AmlFix(device_number, None, None, None, located_at, "unknown", fields)
    lat = sms_degrees("lt", pairs["lt"], 90)
    lon = sms_degrees("lg", pairs["lg"], 180)
    metres = accuracy("rd", pairs["rd"])
    in_indonesia(lat, lon)
    return AmlFix(device_number, lat, lon, metres, located_at, SMS_METHODS[method], fields)


def sms_degrees(name: str, value: str, limit: float) -> float:
    if not re.fullmatch(r"[+-]\d{1,3}\.\d{1,7}", value):
        raise AmlError(_("%(field)s must be signed degrees, e.g. -5.42910.") % {"field": name})
    return number(name, value, -limit, limit)


def sms_optional(pairs: dict[str, str]) -> None:
    """The SMS fields that say nothing of the position, checked all the same."""
    checks: dict[str, Callable[[str, str], Any]] = {
        "lc": lambda n, v: number(n, v, 0, 100),
        "si": lambda n, v: digits(n, v, 6, 15),
        "ei": lambda n, v: digits(n, v, 14, 16),
        "mcc": lambda n, v: digits(n, v, 3, 3),
        "mnc": lambda n, v: digits(n, v, 2, 3),
        # The handset's count of the message's length: one SMS at most. Not compared
        # with the text: the standard's own examples disagree on what it counts.
        "ml": lambda n, v: integer(n, v, 1, 160),
    }
    for key, check in checks.items():
        if pairs.get(key):
            check(key, pairs[key])
