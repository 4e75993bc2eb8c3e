"""A fake phone system on loopback: what an Asterisk dialplan or AMI script of
docs/TELEPHONY.md does, over real HTTP to a live server. It signs in for a token
(POST /api/auth/token/), then posts each call's events as the PBX sees them; a
fake AML sender posts the handset's HTTPS body (ETSI TS 103 625) with the same token.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode


class FakePbx:
    def __init__(self, base: str, username: str = "pbx", password: str = "") -> None:
        self.base = base
        answer = self._send("/api/auth/token/", {"username": username, "password": password})
        self.token = answer[1]["token"]

    def _send(
        self, path: str, body: Any, *, form: bool = False, token: str = ""
    ) -> tuple[int, Any]:
        data = urlencode(body).encode() if form else json.dumps(body).encode()
        headers = {
            "Content-Type": "application/x-www-form-urlencoded" if form else "application/json",
            "Accept": "application/json",
            # The refusals' words in English, for the admin reading the PBX's log.
            "Accept-Language": "en",
        }
        if token:
            headers["Authorization"] = f"Token {token}"
        request = urllib.request.Request(self.base + path, data=data, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 (loopback)
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def event(
        self, kind: str, call_id: str, caller: str, extension: str = "", at: datetime | None = None
    ) -> tuple[int, Any]:
        body = {
            "event": kind,
            "call_id": call_id,
            "caller": caller,
            "extension": extension,
            "at": (at or datetime.now(UTC)).isoformat(),
        }
        return self._send("/api/calls/", body, token=self.token)

    def call(
        self, call_id: str, caller: str, *, extension: str = "201", talk_s: float = 60
    ) -> list[int]:
        """A whole call as Asterisk reports it: ring, answer at the extension, hang-up.
        Times are set back so the call is over by now."""
        start = datetime.now(UTC) - timedelta(seconds=talk_s + 5)
        return [
            self.event("ring", call_id, caller, at=start)[0],
            self.event("answer", call_id, caller, extension, start + timedelta(seconds=4))[0],
            self.event("hangup", call_id, caller, at=start + timedelta(seconds=4 + talk_s))[0],
        ]

    def aml(self, **fields: str) -> tuple[int, Any]:
        """A handset's AML message, as the network's AML gateway posts it."""
        now_ms = int(datetime.now(UTC).timestamp() * 1000)
        body = {
            "v": "3",
            "emergency_number": "112",
            "source": "call",
            "time": str(now_ms - 8000),
            "location_time": str(now_ms - 3000),
            "location_source": "gps",
            "location_confidence": "68",
            "device_imei": "355458061005220",
            "cell_network_mcc": "510",
            "cell_network_mnc": "10",
            **fields,
        }
        return self._send("/api/aml/", body, form=True, token=self.token)


def token_for(base: str, username: str, password: str) -> str:
    return FakePbx(base, username, password).token


def get(base: str, path: str, token: str) -> Any:
    request = urllib.request.Request(  # noqa: S310 (loopback)
        base + path, headers={"Authorization": f"Token {token}", "Accept": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 (loopback)
        return json.loads(response.read())
