"""The provider-neutral shapes of the SMS/WhatsApp intake.

An Adapter turns a provider's webhook request into InboundMessages (after it
checked the request really comes from the provider); an OutboundClient sends a
text back. The rest of the project only ever sees these shapes, so a new
provider (another SMS gateway, Telegram) is one adapter and one client.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.http import HttpRequest


class WebhookError(Exception):
    """A request we refuse, with the 4xx status and a message for the caller."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class SendError(Exception):
    """The provider did not take an outgoing message; the outbox retries it."""


def clean_text(value: str) -> str:
    """Text as PostgreSQL takes it: without NUL bytes, lone surrogates replaced.

    A provider's JSON may carry both (\\u0000, an emoji cut in half); either made
    the INSERT fail with a 500 on every retry of the whole batch. Dropping a NUL
    loses nothing a person wrote.
    """
    return value.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


@dataclass(frozen=True)
class InboundMessage:
    provider: str
    message_id: str
    # E.164 (+62...) when the sender is a phone number; the raw sender otherwise.
    sender: str
    # "text", "location", "media", "unsupported", or "invalid" (unreadable: see `error`)
    kind: str
    text: str = ""
    lat: float | None = None
    lon: float | None = None
    # A shared location's own name and address (WhatsApp), if any.
    place: str = ""
    sender_name: str = ""
    # Why an "invalid" message could not be read; it is kept as failed, the rest go on.
    error: str = ""
    # A photo or voice note: the provider's id of the file, fetched later (its caption
    # is `text`).
    media_id: str = ""


class Adapter(Protocol):
    """Parses one provider's webhook requests."""

    provider: str

    def verify(self, request: HttpRequest) -> None:
        """Raise WebhookError unless the request is signed by the provider."""
        ...

    def parse(self, request: HttpRequest) -> list[InboundMessage]:
        """The messages of a verified request (raise WebhookError when the request as a
        whole is malformed; one unreadable message is an "invalid" one, not an error)."""
        ...


class OutboundClient(Protocol):
    """Sends a text message; returns the provider's message id ('' if none).

    `reference` is our id of the message, for providers that deduplicate on it
    (a retry after a lost answer must not send the SMS twice).
    """

    provider: str

    def send_text(self, to: str, text: str, *, reference: str = "") -> str: ...
