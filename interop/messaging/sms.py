"""A generic SMS gateway: form posts in, form posts out, signed with a shared secret.

Inbound (the gateway calls us): POST form-encoded `from`, `text`, `message_id`,
authenticated by `X-Signature-256: sha256=<HMAC-SHA256 of the raw body with
SMS_GATEWAY_SECRET>`, or, for gateways that cannot sign, the secret itself in
`X-Gateway-Token` (use it over HTTPS only).

Outbound (we call the gateway): POST form-encoded `to`, `text`, `client_ref` to
SMS_GATEWAY_SEND_URL, signed the same way; a 2xx answer is success, and a JSON
`{"message_id": ...}` in it is kept.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest

from dispatch.api.serializers import normalize_phone
from interop.messaging import transport
from interop.messaging.base import InboundMessage, SendError, WebhookError, clean_text
from interop.messaging.signing import sign, signature_valid, token_valid

PROVIDER = "sms"
SIGNATURE_HEADER = "X-Signature-256"
TOKEN_HEADER = "X-Gateway-Token"  # noqa: S105 (a header name, not a secret)
MAX_ID_LENGTH = 200
MAX_TEXT = 4000


class SmsGatewayAdapter:
    provider = PROVIDER

    def __init__(self, *, secret: str) -> None:
        self.secret = secret

    def verify(self, request: HttpRequest) -> None:
        if not self.secret:
            raise WebhookError(403, "SMS webhook is not configured.")
        signature = request.headers.get(SIGNATURE_HEADER, "")
        token = request.headers.get(TOKEN_HEADER, "")
        if signature_valid(secret=self.secret, body=request.body, header=signature):
            return
        if token_valid(secret=self.secret, token=token):
            return
        raise WebhookError(403, "Invalid signature.")

    def parse(self, request: HttpRequest) -> list[InboundMessage]:
        if not request.content_type.startswith("application/x-www-form-urlencoded"):
            raise WebhookError(400, "Send the message form-encoded (from, text, message_id).")
        data = request.POST
        sender, text, message_id = (
            clean_text(data.get(k, "")).strip() for k in ("from", "text", "message_id")
        )
        missing = [k for k, v in (("from", sender), ("message_id", message_id)) if not v]
        if missing or "text" not in data:
            raise WebhookError(400, f"Missing field(s): {', '.join(missing or ['text'])}.")
        if len(message_id) > MAX_ID_LENGTH:
            raise WebhookError(400, "message_id is too long.")
        try:
            phone = normalize_phone(sender)
        except ValueError:
            # Operator notices come from names ("TELKOMSEL"): nothing to answer to.
            return []
        return [
            InboundMessage(
                provider=PROVIDER,
                message_id=message_id,
                sender=phone,
                kind="text",
                text=text[:MAX_TEXT],
            )
        ]


class SmsGatewayClient:
    provider = PROVIDER

    def __init__(self, *, send_url: str, secret: str) -> None:
        self.send_url = send_url
        self.secret = secret

    def send_text(self, to: str, text: str, *, reference: str = "") -> str:
        if not (self.send_url and self.secret):
            raise SendError("SMS sending is not configured (SMS_GATEWAY_SEND_URL, ..._SECRET).")
        body = urlencode({"to": to, "text": text, "client_ref": reference}).encode("utf-8")
        answer = transport.post(
            self.send_url,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                SIGNATURE_HEADER: sign(self.secret, body),
            },
        )
        return str(answer.get("message_id", ""))[:200]


def adapter() -> SmsGatewayAdapter:
    return SmsGatewayAdapter(secret=settings.SMS_GATEWAY_SECRET)


def client() -> SmsGatewayClient:
    return SmsGatewayClient(
        send_url=settings.SMS_GATEWAY_SEND_URL, secret=settings.SMS_GATEWAY_SECRET
    )
