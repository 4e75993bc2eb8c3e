"""Every field of both AML formats (ETSI TS 103 625), checked on its own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl

import pytest

from calls import aml
from tests.calls.conftest import aml_form, sms_text

# For the parametrized values, read when the tests are collected: a CI run is
# minutes long, so each is hours away from what it tests. The parse itself reads
# the clock when the test runs (the form's times are stamped then).
NOW = datetime.now(UTC)


def parse(**overrides: str | None) -> aml.AmlFix:
    return aml.https_parse(dict(parse_qsl(aml_form(**overrides))), now=datetime.now(UTC))


def test_it_reads_a_whole_https_body() -> None:
    fix = parse()
    assert (fix.lat, fix.lon, fix.accuracy_m, fix.source) == (-5.42917, 105.26111, 35.0, "gps")
    assert fix.device_number == "+6281277700044"
    assert abs((datetime.now(UTC) - fix.located_at).total_seconds()) < 60
    assert fix.fields["cell_carrier"] == "Telkomsel"


@pytest.mark.parametrize("version", ["1", "2", "4", "3.0", "x"])
def test_it_refuses_unknown_versions(version: str) -> None:
    with pytest.raises(aml.AmlError, match=f"AML version {version} is not supported"):
        parse(v=version)


def test_it_refuses_a_body_without_version() -> None:
    with pytest.raises(aml.AmlError, match=r"v .* missing"):
        parse(v=None)


@pytest.mark.parametrize("name", aml.HTTPS_REQUIRED)
def test_it_needs_the_position_and_the_number(name: str) -> None:
    with pytest.raises(aml.AmlError, match=f"Missing field.*{name}"):
        parse(**{name: None})


BAD_HTTPS = [
    ("emergency_number", "11a", "digits"),
    ("source", "fax", "one of"),
    ("thunderbird_version", "2.5", "whole number"),
    ("time", "yesterday", "Unix time"),
    ("time", str(int((NOW + timedelta(hours=1)).timestamp() * 1000)), "future"),
    ("location_latitude", "-95", "between -90 and 90"),
    ("location_latitude", "nan", "between"),
    ("location_longitude", "181", "between -180 and 180"),
    ("location_longitude", "east", "a number"),
    ("location_time", "2026-01-01T10:00:00", "Unix time"),
    ("location_time", str(int((NOW + timedelta(hours=2)).timestamp() * 1000)), "future"),
    ("location_time", str(int((NOW - timedelta(days=2)).timestamp() * 1000)), "a day old"),
    ("location_altitude", "20000", "between -500 and 10000"),
    ("location_altitude_msl", "-900", "between -500 and 10000"),
    ("location_floor", "x" * 17, "at most 16"),
    ("location_source", "astrology", "one of"),
    ("location_accuracy", "0", "not a usable accuracy"),
    ("location_accuracy", "-3", "not a usable accuracy"),
    ("location_accuracy", "900000", "not a usable accuracy"),
    ("location_vertical_accuracy", "-1", "between 0 and 10000"),
    ("location_confidence", "101", "between 0 and 100"),
    ("location_bearing", "361", "between 0 and 360"),
    ("location_bearing_accuracy", "200", "between 0 and 180"),
    ("location_speed", "1000", "between 0 and 350"),
    ("location_speed_accuracy", "-2", "between 0 and 350"),
    ("device_number", "0" * 33, "at most 32"),
    ("device_model", "m" * 101, "at most 100"),
    ("device_imei", "35545806100522X", "14 to 16 digits"),
    ("device_imsi", "51010", "6 to 15 digits"),
    ("cell_carrier", "c\x01", "printable"),
    ("cell_home_mcc", "51", "3 to 3 digits"),
    ("cell_home_mnc", "1", "2 to 3 digits"),
    ("cell_network_mcc", "5100", "3 to 3 digits"),
    ("cell_network_mnc", "1000", "2 to 3 digits"),
    ("gt_location_latitude", "91", "between -90 and 90"),
    ("gt_location_longitude", "-181", "between -180 and 180"),
    ("location_certainty", "120", "between 0 and 100"),
    ("device_iccid", "8962", "18 to 22 digits"),
    ("device_languages", "id_ID;en", "language tags"),
    ("adr_carcrash_time", str(int((NOW + timedelta(hours=3)).timestamp() * 1000)), "future"),
    ("hmac", "f64c70eb", "40 hexadecimal"),
]


def test_it_reads_the_optional_fields_of_handsets() -> None:
    fix = parse(
        device_languages="id-ID,en",
        device_iccid="8962100000000000001",
        hmac="f64c70eb238bb239e00e8ac8c023bf2b5d3c41dd",
        location_certainty="83",
    )
    assert fix.fields["device_languages"] == "id-ID,en"


def test_every_https_field_has_a_refusal_case() -> None:
    assert {name for name, _, _ in BAD_HTTPS} | {"v"} == set(aml.HTTPS_FIELDS)


@pytest.mark.parametrize(("name", "value", "words"), BAD_HTTPS)
def test_it_refuses_a_wrong_https_field(name: str, value: str, words: str) -> None:
    with pytest.raises(aml.AmlError, match=words):
        parse(**{name: value})


def test_it_refuses_a_position_outside_indonesia() -> None:
    with pytest.raises(aml.AmlError, match="outside Indonesia"):
        parse(location_latitude="51.5", location_longitude="-0.12")


def test_it_reads_an_sms() -> None:
    fix = aml.sms_parse(sms_text(), device_number="+6281277700044", now=datetime.now(UTC))
    assert (fix.lat, fix.lon, fix.accuracy_m, fix.source) == (-5.42917, 105.26111, 20.0, "gps")
    assert fix.has_position


def test_it_keeps_an_sms_without_a_fix_as_no_position() -> None:
    text = sms_text(lt="+00.00000", lg="+000.00000", rd="N", pm="N", lc="0")
    fix = aml.sms_parse(text, device_number="+6281277700044", now=datetime.now(UTC))
    assert not fix.has_position and fix.lat is None


BAD_SMS = [
    ('A"ML', "2", "version 2 is not supported"),
    ("lt", "-5.42917x", "signed degrees"),
    ("lt", "5.42917", "signed degrees"),
    ("lt", "+95.00000", "between -90 and 90"),
    ("lg", "+190.00000", "between -180 and 180"),
    ("rd", "0", "not a usable accuracy"),
    ("rd", "abc", "a number"),
    ("top", "2026-01-01", "yyyyMMddHHmmss"),
    ("top", "20261399000000", "yyyyMMddHHmmss"),
    ("top", (NOW + timedelta(hours=2)).strftime("%Y%m%d%H%M%S"), "future"),
    ("lc", "150", "between 0 and 100"),
    ("pm", "X", "W, G, C, N"),
    ("si", "12", "6 to 15 digits"),
    ("ei", "abc", "14 to 16 digits"),
    ("mcc", "51", "3 to 3 digits"),
    ("mnc", "1", "2 to 3 digits"),
    ("ml", "500", "between 1 and 160"),
]


def test_every_sms_key_has_a_refusal_case() -> None:
    assert {key for key, _, _ in BAD_SMS} == {'A"ML', *aml.SMS_KEYS}


@pytest.mark.parametrize(("key", "value", "words"), BAD_SMS)
def test_it_refuses_a_wrong_sms_field(key: str, value: str, words: str) -> None:
    with pytest.raises(aml.AmlError, match=words):
        aml.sms_parse(sms_text(**{key: value}), device_number="+62812", now=datetime.now(UTC))


def test_it_refuses_a_broken_sms() -> None:
    for text in ['A"ML=1;lt', 'A"ML=1;lt=+1.0;lt=+1.0', 'A"ML=1;lg=+105.1']:
        with pytest.raises(aml.AmlError):
            aml.sms_parse(text, device_number="+62812", now=datetime.now(UTC))
    with pytest.raises(aml.AmlError, match="outside Indonesia"):
        aml.sms_parse(
            sms_text(lt="+51.53321", lg="-0.12601"), device_number="+62812", now=datetime.now(UTC)
        )
