"""Adapters and clients by provider name, built from settings when asked for."""

from __future__ import annotations

from interop.messaging import sms, whatsapp
from interop.messaging.base import Adapter, OutboundClient

_ADAPTERS = {whatsapp.PROVIDER: whatsapp.adapter, sms.PROVIDER: sms.adapter}
_CLIENTS = {whatsapp.PROVIDER: whatsapp.client, sms.PROVIDER: sms.client}


def adapter_for(provider: str) -> Adapter:
    # Built per request: settings (secrets) may change between tests or reloads.
    return _ADAPTERS[provider]()


def client_for(provider: str) -> OutboundClient:
    return _CLIENTS[provider]()
