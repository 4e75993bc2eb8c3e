"""WhatsApp Cloud API: the webhook (handshake, signed notifications) and the send client.

Meta calls the webhook with GET once to verify it (hub.mode=subscribe,
hub.verify_token, hub.challenge echoed back), then POSTs notifications signed
with the app secret in X-Hub-Signature-256. A notification carries messages
(text, location, media...) and delivery statuses; statuses are ignored.
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from interop.messaging import transport
from interop.messaging.base import InboundMessage, SendError, WebhookError, clean_text
from interop.messaging.signing import signature_valid, token_valid

PROVIDER = "whatsapp"
SIGNATURE_HEADER = "X-Hub-Signature-256"
MAX_ID_LENGTH = 200
MAX_TEXT = 4000


def _fail(message: str) -> WebhookError:
    return WebhookError(400, message)


class WhatsAppCloudAdapter:
    provider = PROVIDER

    def __init__(self, *, app_secret: str, verify_token: str) -> None:
        self.app_secret = app_secret
        self.verify_token = verify_token

    def handshake(self, request: HttpRequest) -> str:
        """The challenge to echo when Meta verifies the webhook URL."""
        mode = request.GET.get("hub.mode", "")
        token = request.GET.get("hub.verify_token", "")
        challenge = request.GET.get("hub.challenge", "")
        if not mode or not challenge:
            raise _fail("Give hub.mode, hub.verify_token and hub.challenge.")
        if mode != "subscribe" or not token_valid(secret=self.verify_token, token=token):
            raise WebhookError(403, "Verification token mismatch.")
        # Meta sends a number; anything else is not Meta, and is never echoed.
        if not challenge.isdigit() or len(challenge) > 64:
            raise _fail("hub.challenge must be a number.")
        return challenge

    def verify(self, request: HttpRequest) -> None:
        if not self.app_secret:
            raise WebhookError(403, "WhatsApp webhook is not configured.")
        header = request.headers.get(SIGNATURE_HEADER, "")
        if not signature_valid(secret=self.app_secret, body=request.body, header=header):
            raise WebhookError(403, "Invalid signature.")

    def parse(self, request: HttpRequest) -> list[InboundMessage]:
        try:
            body = json.loads(request.body)
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise _fail("The body is not JSON.") from None
        if not isinstance(body, dict) or body.get("object") != "whatsapp_business_account":
            raise _fail("Not a WhatsApp Business Account notification.")
        messages: list[InboundMessage] = []
        for value in _change_values(body):
            names = _contact_names(value.get("contacts"))
            raw_messages = value.get("messages") or []
            if not isinstance(raw_messages, list):
                raise _fail("messages must be a list.")
            # value["statuses"] (sent, delivered, read) needs no action here.
            messages.extend(_readable(raw, names) for raw in raw_messages)
        return messages


def _change_values(body: dict[str, Any]) -> list[dict[str, Any]]:
    entries = body.get("entry")
    if not isinstance(entries, list):
        raise _fail("entry must be a list.")
    values = []
    for entry in entries:
        changes = entry.get("changes") if isinstance(entry, dict) else None
        if not isinstance(changes, list):
            raise _fail("entry.changes must be a list.")
        for change in changes:
            if not isinstance(change, dict) or not isinstance(change.get("value"), dict):
                raise _fail("entry.changes[].value must be an object.")
            if change.get("field") == "messages":
                values.append(change["value"])
    return values


def _contact_names(contacts: Any) -> dict[str, str]:
    names: dict[str, str] = {}
    for contact in contacts if isinstance(contacts, list) else []:
        if isinstance(contact, dict) and isinstance(contact.get("profile"), dict):
            name = contact["profile"].get("name")
            if isinstance(contact.get("wa_id"), str) and isinstance(name, str):
                names[contact["wa_id"]] = name[:200]
    return names


def _readable(raw: Any, names: dict[str, str]) -> InboundMessage:
    """One message, or an "invalid" one that keeps why: it must not sink the batch.

    Meta resends a whole notification until it gets a 200, so a 400 for one bad
    message would hold back every other message of the batch for ever.
    """
    try:
        return _message(raw, names)
    except WebhookError as exc:
        fields = raw if isinstance(raw, dict) else {}
        message_id, sender = fields.get("id"), fields.get("from")
        if not (isinstance(message_id, str) and message_id and len(message_id) <= MAX_ID_LENGTH):
            # A stable id of its own, so a retry of the batch is still seen as one.
            text = json.dumps(raw, sort_keys=True, default=str).encode("utf-8", "replace")
            message_id = "invalid:" + hashlib.sha256(text).hexdigest()
        return InboundMessage(
            provider=PROVIDER,
            message_id=clean_text(message_id),
            sender=clean_text(sender)[:32] if isinstance(sender, str) else "",
            kind="invalid",
            error=exc.message,
        )


def _message(raw: Any, names: dict[str, str]) -> InboundMessage:
    if not isinstance(raw, dict):
        raise _fail("A message must be an object.")
    message_id, sender = raw.get("id"), raw.get("from")
    if not isinstance(message_id, str) or not message_id or len(message_id) > MAX_ID_LENGTH:
        raise _fail("A message needs an id.")
    if (
        not isinstance(sender, str)
        or not (sender.isascii() and sender.isdigit())
        or len(sender) > 20
    ):
        raise _fail("A message needs a sender (from) in international digits.")
    common = {
        "provider": PROVIDER,
        "message_id": clean_text(message_id),
        # WhatsApp ids are the international number without '+': E.164 with it.
        "sender": "+" + sender,
        "sender_name": clean_text(names.get(sender, "")),
    }
    kind = raw.get("type")
    if kind == "text":
        text = raw.get("text")
        body = text.get("body") if isinstance(text, dict) else None
        if not isinstance(body, str):
            raise _fail("A text message needs text.body.")
        return InboundMessage(kind="text", text=clean_text(body)[:MAX_TEXT], **common)
    if kind == "location":
        return _location(raw.get("location"), common)
    if kind in MEDIA_TYPES:
        return _media(raw.get(kind), common)
    return InboundMessage(kind="unsupported", **common)


# Photos and voice notes (a voice note is an "audio" with voice: true); documents,
# videos and stickers stay unsupported.
MEDIA_TYPES = ("image", "audio")


def _media(raw: Any, common: dict[str, Any]) -> InboundMessage:
    if not isinstance(raw, dict):
        raise _fail("A media message needs its object (image, audio).")
    media_id = raw.get("id")
    if not isinstance(media_id, str) or not media_id.isalnum() or len(media_id) > MAX_ID_LENGTH:
        raise _fail("A media message needs the media id.")
    caption = raw.get("caption")
    text = clean_text(caption)[:MAX_TEXT] if isinstance(caption, str) else ""
    return InboundMessage(kind="media", media_id=media_id, text=text, **common)


def _location(raw: Any, common: dict[str, Any]) -> InboundMessage:
    if not isinstance(raw, dict):
        raise _fail("A location message needs location.")
    lat, lon = raw.get("latitude"), raw.get("longitude")
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lat, lon)):
        raise _fail("location needs numeric latitude and longitude.")
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise _fail("location is out of range.")
    parts = [raw.get(key) for key in ("name", "address")]
    place = clean_text(", ".join(p.strip() for p in parts if isinstance(p, str) and p.strip()))
    place = place[:500]
    return InboundMessage(kind="location", lat=float(lat), lon=float(lon), place=place, **common)


class WhatsAppCloudClient:
    """POST /<phone number id>/messages with the access token (Cloud API)."""

    provider = PROVIDER

    def __init__(self, *, api_url: str, phone_number_id: str, token: str) -> None:
        self.api_url = api_url.rstrip("/")
        self.phone_number_id = phone_number_id
        self.token = token

    def send_text(self, to: str, text: str, *, reference: str = "") -> str:
        if not (self.token and self.phone_number_id):
            raise SendError("WhatsApp sending is not configured (WHATSAPP_TOKEN, ..._ID).")
        payload = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to.lstrip("+"),
            "type": "text",
            "text": {"preview_url": False, "body": text},
        }
        answer = transport.post(
            f"{self.api_url}/{self.phone_number_id}/messages",
            body=json.dumps(payload).encode("utf-8"),
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
            },
        )
        messages = answer.get("messages")
        if isinstance(messages, list) and messages and isinstance(messages[0], dict):
            return str(messages[0].get("id", ""))[:200]
        return ""

    def media_download(self, media_id: str, *, limit: int) -> bytes:
        """A media file as the Cloud API gives it: GET /<media id> answers its URL
        (with mime_type, sha256, file_size), then GET that URL, both with the token.
        The URL is short-lived and only answers with the token."""
        if not self.token:
            raise SendError("WhatsApp media download is not configured (WHATSAPP_TOKEN).")
        auth = {"Authorization": f"Bearer {self.token}"}
        meta = transport.get_json(f"{self.api_url}/{media_id}", headers=auth)
        url, size = meta.get("url"), meta.get("file_size")
        if not isinstance(url, str) or not url:
            raise SendError(f"no URL for media {media_id}")
        if isinstance(size, int) and size > limit:
            raise MediaTooLarge(size)
        data = transport.get_bytes(url, headers=auth, limit=limit)
        digest = meta.get("sha256")
        # Meta gives the file's SHA-256: a download cut short is not a photo.
        if isinstance(digest, str) and digest and hashlib.sha256(data).hexdigest() != digest:
            raise SendError(f"media {media_id}: the file does not match its sha256")
        return data


class MediaTooLarge(Exception):
    """The provider's file is over our limit: it is not downloaded."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


def adapter() -> WhatsAppCloudAdapter:
    return WhatsAppCloudAdapter(
        app_secret=settings.WHATSAPP_APP_SECRET, verify_token=settings.WHATSAPP_VERIFY_TOKEN
    )


def client() -> WhatsAppCloudClient:
    return WhatsAppCloudClient(
        api_url=settings.WHATSAPP_API_URL,
        phone_number_id=settings.WHATSAPP_PHONE_NUMBER_ID,
        token=settings.WHATSAPP_TOKEN,
    )
