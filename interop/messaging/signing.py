"""HMAC-SHA256 request signatures, as WhatsApp (X-Hub-Signature-256) and our SMS gateway use."""

from __future__ import annotations

import hashlib
import hmac

PREFIX = "sha256="


def sign(secret: str, body: bytes) -> str:
    """The header value for a body: 'sha256=<hex digest>'."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return PREFIX + digest


def signature_valid(*, secret: str, body: bytes, header: str) -> bool:
    """Constant-time check of a 'sha256=<hex>' header; an empty secret accepts nothing."""
    if not secret or not header:
        return False
    return hmac.compare_digest(sign(secret, body), header.strip().lower())


def token_valid(*, secret: str, token: str) -> bool:
    if not secret or not token:
        return False
    return hmac.compare_digest(secret.encode("utf-8"), token.encode("utf-8"))
