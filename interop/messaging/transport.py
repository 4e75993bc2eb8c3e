"""Small JSON/form POSTs and GETs over urllib for the provider clients (no extra dependency)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from interop.messaging.base import SendError

TIMEOUT_S = 10


def post(url: str, *, body: bytes, headers: dict[str, str]) -> dict[str, Any]:
    """POST and return the JSON answer ({} when it is not JSON); SendError on failure."""
    if not url.startswith(("https://", "http://")):
        raise SendError(f"not an http(s) URL: {url!r}")
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310
            raw = response.read(1_000_000)
    except urllib.error.HTTPError as exc:
        detail = exc.read(2000).decode("utf-8", "replace")
        raise SendError(f"HTTP {exc.code}: {detail}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise SendError(f"cannot reach {url}: {exc}") from None
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


def _get(url: str, headers: dict[str, str], limit: int) -> bytes:
    if not url.startswith(("https://", "http://")):
        raise SendError(f"not an http(s) URL: {url!r}")
    request = urllib.request.Request(url, method="GET", headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310
            data = response.read(limit + 1)
    except urllib.error.HTTPError as exc:
        detail = exc.read(2000).decode("utf-8", "replace")
        raise SendError(f"HTTP {exc.code}: {detail}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise SendError(f"cannot reach {url}: {exc}") from None
    if len(data) > limit:
        raise SendError(f"{url}: more than {limit} bytes")
    return data


def get_json(url: str, *, headers: dict[str, str]) -> dict[str, Any]:
    """GET a JSON object; SendError on failure or when the answer is not one."""
    try:
        answer = json.loads(_get(url, headers, 1_000_000))
    except ValueError:
        raise SendError(f"{url}: the answer is not JSON") from None
    if not isinstance(answer, dict):
        raise SendError(f"{url}: the answer is not a JSON object")
    return answer


def get_bytes(url: str, *, headers: dict[str, str], limit: int) -> bytes:
    """GET a file of at most `limit` bytes; SendError on failure or when longer."""
    return _get(url, headers, limit)
