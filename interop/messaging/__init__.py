"""SMS and WhatsApp intake: provider adapters, outbound clients and staff commands."""

from __future__ import annotations

from interop.messaging.base import (
    Adapter,
    InboundMessage,
    OutboundClient,
    SendError,
    WebhookError,
    clean_text,
)
from interop.messaging.registry import adapter_for, client_for

__all__ = [
    "Adapter",
    "InboundMessage",
    "OutboundClient",
    "SendError",
    "WebhookError",
    "adapter_for",
    "clean_text",
    "client_for",
]
