"""Coordinates typed into a report: a WhatsApp location pasted by an operator, a
map link, a GPS reading read out by the caller ("-5.44865, 105.26916").

Only decimal degrees with at least three decimals (about 100 m), latitude first,
as phones and map links give them, and only inside Indonesia with a margin: two
numbers that happen to sit side by side (a price, a phone number, "1.5 2.5") are
no location.
"""

from __future__ import annotations

import re

# Possessive spaces: a number followed by a long run of blanks is read once, not
# tried at every split of the run (a stranger's text must not cost seconds).
_PAIR = re.compile(
    r"(?<![\d.])(-?\d{1,2}\.\d{3,})(?:\s*+[,;/]\s*+|\s++)"
    r"(?:(?:lon|long|lng|longitude|bujur)\s*+[:=]?\s*+)?"
    r"(-?\d{2,3}\.\d{3,})(?!\d|\.\d)",
    re.IGNORECASE,
)
# Indonesia from Sabang to Merauke, Miangas to Rote, with a margin at sea.
LAT_RANGE = (-11.5, 6.5)
LON_RANGE = (94.5, 141.5)


def typed_point(*texts: str) -> tuple[float, float, str] | None:
    """The first coordinate pair inside Indonesia written in `texts`: (lat, lon,
    the words as written), or None."""
    for text in texts:
        for match in _PAIR.finditer(text or ""):
            lat, lon = float(match.group(1)), float(match.group(2))
            if LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]:
                return lat, lon, match.group(0)
    return None
