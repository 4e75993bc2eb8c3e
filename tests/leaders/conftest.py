"""Fixtures of the leaders' tests: a fake SMTP server on loopback, recipients.

The SMTP server is aiosmtpd speaking real SMTP, so Django's SMTP backend (the
production code path) sends to it; a test reads what it received. `port` is
fixed before the server starts, so a test can point the settings at it while it
is still down (a delivery that fails) and start it later (the retry succeeds).
"""

from __future__ import annotations

import email
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from leaders.models import ReportRecipient
from tests.interop.conftest import FakeProvider, provider
from tests.servers import free_port


@dataclass
class FakeSMTP:
    port: int
    messages: list[Message] = field(default_factory=list)
    controller: Controller | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content)
        message["X-Envelope-To"] = ",".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings: Any) -> Iterator[FakeSMTP]:
    """A mail server on loopback (not yet started: call .start())."""
    fake = FakeSMTP(port=free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = fake.port
    settings.EMAIL_TIMEOUT = 5
    settings.DAILY_REPORT_SEND = True
    settings.DAILY_REPORT_HOUR = 7
    yield fake
    fake.stop()


@pytest.fixture
def recipients(db: None) -> list[ReportRecipient]:
    return [
        ReportRecipient.objects.create(
            name="Kantor Wali Kota", role="head", email="walikota@kota.example"
        ),
        ReportRecipient.objects.create(
            name="Sekda",
            role="sekda",
            email="sekda@kota.example",
            phone="+6281277700055",
            message_channel="whatsapp",
        ),
    ]


__all__ = ["FakeProvider", "provider"]
