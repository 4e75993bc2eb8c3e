"""Fixtures of the interop tests: an integration key, signed webhook calls, fake providers.

The fake providers are real HTTP servers on loopback speaking the providers'
protocols (WhatsApp Cloud API, our SMS gateway format), so the real outbound
client code runs against them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
from django.test import Client, TestCase

from interop import services as interop_services

ROOT = Path(__file__).resolve().parents[2]
STANDARDS = ROOT.parent / "shared" / "standards"
CAP_XSD = ROOT / "interop" / "schemas" / "CAP-v1.2.xsd"

WA_SECRET = "test-app-secret"
WA_VERIFY = "test-verify-token"
WA_TOKEN = "test-access-token"
WA_PHONE_ID = "109876543210"
SMS_SECRET = "test-sms-secret"


@pytest.fixture
def api_key(db: None) -> str:
    _account, key = interop_services.integration_create(name="city-app")
    return key


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def committing(call: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a request as if committed: on_commit hooks (triage, replies) run."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return call(*args, **kwargs)


# --- fake providers --------------------------------------------------------------


@dataclass
class FakeProvider:
    """Records what it was sent; `fail` makes it answer 503 (a provider outage)."""

    url: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)
    fail: bool = False
    # WhatsApp media the Cloud API holds: media id -> (bytes, mime type).
    media: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    downloads: list[str] = field(default_factory=list)

    def texts_to(self, to: str) -> list[str]:
        return [r["text"] for r in self.requests if r["to"] == to]


class FakeProviderHandler(BaseHTTPRequestHandler):
    """The fake provider's HTTP side; `provider` is set per server (_handler)."""

    provider: FakeProvider

    def log_message(self, *args: Any) -> None:
        pass

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        # The Cloud API's media: GET /<media id> gives a short-lived URL, which
        # answers the file; both need the Bearer token.
        if self.headers.get("Authorization") != f"Bearer {WA_TOKEN}":
            self._answer(401, {"error": {"message": "Invalid OAuth access token"}})
            return
        if self.provider.fail:
            self._answer(503, {"error": "unavailable"})
            return
        parts = self.path.strip("/").split("/")
        if len(parts) == 1 and parts[0] in self.provider.media:
            data, mime = self.provider.media[parts[0]]
            self._answer(
                200,
                {
                    "messaging_product": "whatsapp",
                    "url": f"{self.provider.url}/lookaside/{parts[0]}?ext=1",
                    "mime_type": mime,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "file_size": len(data),
                    "id": parts[0],
                },
            )
        elif parts[0] == "lookaside" and parts[1].split("?")[0] in self.provider.media:
            media_id = parts[1].split("?")[0]
            data, mime = self.provider.media[media_id]
            self.provider.downloads.append(media_id)
            self.send_response(200)
            self.send_header("Content-Type", mime)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        else:
            self._answer(404, {"error": {"message": "Unsupported get request"}})

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.provider.fail:
            self._answer(503, {"error": "unavailable"})
            return
        if self.path == f"/{WA_PHONE_ID}/messages":
            self._whatsapp(body)
        elif self.path == "/sms/send":
            self._sms(body)
        else:
            self._answer(404, {"error": "no such endpoint"})

    def _whatsapp(self, body: bytes) -> None:
        # The Cloud API: Bearer token, JSON with messaging_product and a text body.
        if self.headers.get("Authorization") != f"Bearer {WA_TOKEN}":
            self._answer(401, {"error": {"message": "Invalid OAuth access token"}})
            return
        payload = json.loads(body)
        if payload.get("messaging_product") != "whatsapp" or payload.get("type") != "text":
            self._answer(400, {"error": {"message": "bad payload"}})
            return
        number = len(self.provider.requests) + 1
        self.provider.requests.append(
            {"to": payload["to"], "text": payload["text"]["body"], "raw": payload}
        )
        self._answer(
            200,
            {
                "messaging_product": "whatsapp",
                "contacts": [{"input": payload["to"], "wa_id": payload["to"]}],
                "messages": [{"id": f"wamid.OUT{number}"}],
            },
        )

    def _sms(self, body: bytes) -> None:
        # Our SMS gateway format: form-encoded, signed like the inbound webhook.
        if self.headers.get("X-Signature-256") != sign(SMS_SECRET, body):
            self._answer(403, {"error": "bad signature"})
            return
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        self.provider.requests.append({"to": form["to"], "text": form["text"], "raw": form})
        self._answer(200, {"message_id": f"sms-{len(self.provider.requests)}"})


def _handler(provider: FakeProvider) -> type[BaseHTTPRequestHandler]:
    return type("Handler", (FakeProviderHandler,), {"provider": provider})


@pytest.fixture
def provider(settings: Any) -> Iterator[FakeProvider]:
    """A fake WhatsApp Cloud API and SMS gateway on loopback, wired into the settings."""
    fake = FakeProvider()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    settings.WHATSAPP_API_URL = fake.url
    settings.WHATSAPP_TOKEN = WA_TOKEN
    settings.WHATSAPP_PHONE_NUMBER_ID = WA_PHONE_ID
    settings.WHATSAPP_APP_SECRET = WA_SECRET
    settings.WHATSAPP_VERIFY_TOKEN = WA_VERIFY
    settings.SMS_GATEWAY_SECRET = SMS_SECRET
    settings.SMS_GATEWAY_SEND_URL = f"{fake.url}/sms/send"
    yield fake
    server.shutdown()
    server.server_close()


# --- webhook calls ---------------------------------------------------------------


def whatsapp_payload(*messages: dict[str, Any], statuses: list[Any] | None = None) -> bytes:
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "628117905000", "phone_number_id": WA_PHONE_ID},
    }
    if messages:
        value["contacts"] = [
            {"profile": {"name": "Budi Santoso"}, "wa_id": m["from"]} for m in messages
        ]
        value["messages"] = list(messages)
    if statuses is not None:
        value["statuses"] = statuses
    body = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "WABA_ID", "changes": [{"value": value, "field": "messages"}]}],
    }
    return json.dumps(body).encode()


def wa_text(message_id: str, sender: str, text: str) -> dict[str, Any]:
    return {
        "from": sender,
        "id": message_id,
        "timestamp": "1767236400",
        "type": "text",
        "text": {"body": text},
    }


def wa_location(message_id: str, sender: str, lat: float, lon: float) -> dict[str, Any]:
    return {
        "from": sender,
        "id": message_id,
        "timestamp": "1767236460",
        "type": "location",
        "location": {"latitude": lat, "longitude": lon, "name": "Rumah", "address": "Jl. Melati"},
    }


def post_whatsapp(client: Client, body: bytes, secret: str = WA_SECRET) -> Any:
    return committing(
        client.post,
        "/webhooks/whatsapp/",
        data=body,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=sign(secret, body),
    )


def post_sms(client: Client, fields: dict[str, str], secret: str = SMS_SECRET) -> Any:
    from urllib.parse import urlencode

    body = urlencode(fields).encode()
    return committing(
        client.post,
        "/webhooks/sms/",
        data=body,
        content_type="application/x-www-form-urlencoded",
        HTTP_X_SIGNATURE_256=sign(secret, body),
    )


def wa_media(
    message_id: str, sender: str, media_id: str, kind: str = "image", caption: str = ""
) -> dict[str, Any]:
    """An image or voice note notification as the Cloud API sends it."""
    media: dict[str, Any] = {"id": media_id, "sha256": "ignored-here"}
    if kind == "image":
        media["mime_type"] = "image/jpeg"
        if caption:
            media["caption"] = caption
    else:
        media.update({"mime_type": "audio/ogg; codecs=opus", "voice": True})
    return {"from": sender, "id": message_id, "timestamp": "1767236500", "type": kind, kind: media}
