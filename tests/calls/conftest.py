"""The calls tests: the cast plus the phone system's account, and the dispatcher at
extension 201."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from dispatch.models import StaffRole
from tests.conftest import CommittingClient, _user

CALLER = "+6281277700044"


@pytest.fixture
def phone_cast(cast: dict[str, Any]) -> dict[str, Any]:
    cast["dispatcher"].staff.extension = "201"
    cast["dispatcher"].staff.save()
    return {**cast, "pbx": _user("pbx", StaffRole.PBX)}


@pytest.fixture
def as_user(phone_cast: dict[str, Any]) -> Any:
    def make(name: str) -> CommittingClient:
        client = CommittingClient()
        if phone_cast.get(name) is not None:
            client.force_authenticate(phone_cast[name])
        return client

    return make


def at(seconds: float = 0) -> str:
    return (timezone.now() + timedelta(seconds=seconds)).isoformat()


def event(kind: str, call_id: str = "c-1", caller: str = "0812-7770-0044", **more: Any) -> dict:
    return {"event": kind, "call_id": call_id, "caller": caller, "extension": "", "at": at()} | more


def aml_form(**overrides: Any) -> str:
    """The AML HTTPS body as a handset's network sends it (ETSI TS 103 625, v=3)."""
    now_ms = int(timezone.now().timestamp() * 1000)
    fields = {
        "v": "3",
        "emergency_number": "112",
        "source": "call",
        "time": str(now_ms - 20_000),
        "device_number": "+6281277700044",
        "location_latitude": "-5.42917",
        "location_longitude": "105.26111",
        "location_time": str(now_ms - 5_000),
        "location_accuracy": "35",
        "location_source": "gps",
        "location_confidence": "68",
        "location_altitude": "40",
        "location_floor": "2",
        "device_imei": "355458061005220",
        "device_imsi": "510100000000000",
        "device_model": "Pixel 7",
        "cell_carrier": "Telkomsel",
        "cell_home_mcc": "510",
        "cell_home_mnc": "10",
        "cell_network_mcc": "510",
        "cell_network_mnc": "10",
    }
    fields.update({k: v for k, v in overrides.items() if v is not None})
    for name in [k for k, v in overrides.items() if v is None]:
        fields.pop(name, None)
    return urlencode(fields)


def sms_text(now: datetime | None = None, **overrides: str) -> str:
    top = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%d%H%M%S")
    pairs = {
        'A"ML': "1",
        "lt": "-5.42917",
        "lg": "+105.26111",
        "rd": "20",
        "top": top,
        "lc": "68",
        "pm": "G",
        "si": "510100000000000",
        "ei": "355458061005220",
        "mcc": "510",
        "mnc": "10",
        "ml": "127",
    }
    pairs.update(overrides)
    return ";".join(f"{k}={v}" for k, v in pairs.items())
