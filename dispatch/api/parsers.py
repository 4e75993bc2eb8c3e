"""Request body parsers of the API."""

from __future__ import annotations

from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser; a body nested past Python's recursion limit is unreadable.

    json.load raises RecursionError (not ValueError) on a few thousand levels of
    `[[[...`, which DRF does not catch: a 500 for anyone who sends one. As any
    other unreadable body it is a 400 (dispatch.api.errors words it).
    """

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON nested too deeply") from None
