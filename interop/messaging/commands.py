"""Field staff commands by message, for when the data connection is too poor for the app.

    TERIMA <kode> <PIN>            claim the incident
    SELESAI <kode> <PIN> <catatan> resolve it with a note
    SIAP <kode> <PIN>              acknowledge the alert of it sent to this number

<kode> is an incident number (12, #12) or a report tracking code. <PIN> is the staff
member's own six-digit PIN (interop.models.StaffPin, set by the desk in the admin):
an SMS sender can be forged, so the number alone never acts. Keywords are matched
case-insensitively; anything else in a message is a report. "Siap" is an everyday
word too: a message is an acknowledgement only when an incident code follows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CLAIM = "TERIMA"
RESOLVE = "SELESAI"
ACK = "SIAP"
KEYWORDS = (CLAIM, RESOLVE, ACK)

_CODE = re.compile(r"^#?([0-9]{1,12}|[A-Za-z0-9]{6,16})$")
PIN = re.compile(r"^[0-9]{6}$")


@dataclass(frozen=True)
class Command:
    action: str  # CLAIM, RESOLVE or ACK
    code: str  # "" when missing or malformed
    note: str = ""
    pin: str = ""  # "" when missing or not six digits

    @property
    def incident_id(self) -> int | None:
        return int(self.code) if self.code.isdigit() else None


def parse(text: str) -> Command | None:
    """The command in a message, or None when the message is not one."""
    words = text.strip().split(maxsplit=3)
    if not words or words[0].upper() not in KEYWORDS:
        return None
    action = words[0].upper()
    match = _CODE.match(words[1]) if len(words) > 1 else None
    code = match.group(1).upper() if match else ""
    if action == ACK and not code:
        return None  # "Siap pak, ada banjir": a report, not a command
    pin = words[2] if len(words) > 2 and PIN.match(words[2]) else ""
    note = words[3].strip() if len(words) > 3 else ""
    return Command(action=action, code=code, note=note, pin=pin)


def without_pin(text: str) -> str:
    """The message as it may be kept: a command's PIN is masked."""
    words = text.strip().split(maxsplit=3)
    if len(words) > 2 and words[0].upper() in KEYWORDS:
        words[2] = "******"
    return " ".join(words)
