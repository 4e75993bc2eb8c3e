"""Requests made with an `Idempotency-Key`: acted on once, answered the same after.

A field phone resends its offline queue when the signal returns, and may resend a
request whose answer it never got. The key row is inserted in the same transaction
as the change: a twin sent at the same moment waits on the unique index, finds the
first one's answer once it commits, and changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dispatch.services import ServiceError
from units.models import IdempotentRequest

KEY_MAX = 100


class KeyReused(ServiceError):
    """The same key for another request: the client's mistake, not a replay."""

    status_code = 422


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any
    replayed: bool = False


def request_fingerprint(*, method: str, path: str, body: Any) -> str:
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()
    return f"{method} {path} {digest[:32]}"[:300]


def check_key(key: str) -> str:
    key = key.strip()
    if not key or len(key) > KEY_MAX or not key.isascii() or not key.isprintable():
        raise ServiceError(_("Idempotency-Key must be 1 to 100 printable ASCII characters."))
    return key


def request_once(
    *, user: Any, key: str, fingerprint: str, run: Callable[[], tuple[int, Any]]
) -> Answer:
    """Run a request once per (user, key); a replay gets the first answer again.

    A request that failed (a refusal, an error) stored nothing and changed nothing:
    its replay runs again.
    """
    key = check_key(key)
    stored = _stored(user=user, key=key, fingerprint=fingerprint)
    if stored is not None:
        return stored
    try:
        with transaction.atomic():
            record = IdempotentRequest.objects.create(
                user=user, key=key, request=fingerprint, status_code=0
            )
            status, body = run()
            record.status_code, record.body = status, body
            record.save(update_fields=["status_code", "body"])
    except IntegrityError:
        stored = _stored(user=user, key=key, fingerprint=fingerprint)
        if stored is None:
            raise
        return stored
    return Answer(status=status, body=body)


def _stored(*, user: Any, key: str, fingerprint: str) -> Answer | None:
    record = IdempotentRequest.objects.filter(user=user, key=key).first()
    if record is None:
        return None
    if record.request != fingerprint:
        raise KeyReused(_("This Idempotency-Key was used for another request."))
    return Answer(status=record.status_code, body=record.body, replayed=True)
