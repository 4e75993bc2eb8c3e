"""`manage.py geocode`: the command-line contract of docs/ARCHITECTURE.md, "Command line".

    echo '{"address": "Kedaton, Bandar Lampung"}' | python manage.py geocode
    echo '{"lat": -5.38, "lon": 105.26}' | python manage.py geocode
    python manage.py geocode "Kedaton, Bandar Lampung"

One JSON line out per input: {"lat", "lon", "confidence", "provider", "region"}.
Not found is a result (lat/lon null). A line that is not a JSON object, or has neither
an address nor lat/lon, gives {"error": "..."}; the run goes on and exits 1 at the end.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from geo.services import locate

# Longer lines are refused rather than parsed: JSON decoding is linear, but a
# multi-megabyte line is no address.
MAX_LINE_CHARS = 100_000


class LineError(ValueError):
    pass


def locate_request(request: Any) -> dict[str, Any]:
    """One input object to one output object (LineError for a bad request)."""
    if not isinstance(request, dict):
        raise LineError("expected a JSON object")
    has_point = "lat" in request or "lon" in request
    address = request.get("address", "")
    text = request.get("text", "")
    if not isinstance(address, str) or not isinstance(text, str):
        raise LineError("address and text must be strings")
    if has_point:
        lat, lon = request.get("lat"), request.get("lon")
        if not _is_number(lat) or not _is_number(lon):
            raise LineError("lat and lon must both be numbers")
    elif "address" not in request and "text" not in request:
        raise LineError('expected "address" or "lat" and "lon"')
    result = locate(
        lat=request.get("lat") if has_point else None,
        lon=request.get("lon") if has_point else None,
        address=address,
        text=text,
    )
    return result.as_dict()


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def process_line(line: str) -> dict[str, Any]:
    if len(line) > MAX_LINE_CHARS:
        raise LineError(f"line longer than {MAX_LINE_CHARS} characters")
    try:
        request = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as error:
        raise LineError(f"invalid JSON: {error}") from None
    return locate_request(request)


class Command(BaseCommand):
    help = "Geocode JSON Lines from stdin ({'address'} or {'lat','lon'}), or the addresses given."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addresses", nargs="*", help="addresses to geocode instead of stdin")

    def handle(self, *args: Any, **options: Any) -> None:
        failed = False
        if options["addresses"]:
            for address in options["addresses"]:
                self._emit(locate(address=address).as_dict())
        else:
            for line in sys.stdin:
                if not line.strip():
                    continue  # blank lines (a trailing newline) are no request
                try:
                    answer = process_line(line)
                except LineError as error:
                    answer, failed = {"error": str(error)}, True
                self._emit(answer)
        if failed:
            sys.exit(1)

    def _emit(self, answer: dict[str, Any]) -> None:
        self.stdout.write(json.dumps(answer, allow_nan=False))
        self.stdout.flush()
