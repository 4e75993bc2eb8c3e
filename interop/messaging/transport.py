"""A small JSON/form POST over urllib for the outbound clients (no extra dependency)."""

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
