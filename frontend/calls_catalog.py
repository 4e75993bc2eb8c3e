"""The words of the phone system's calls on the console (frontend/static/frontend/
console/calls.js): the call that popped the intake, the caller's history, the
handset circle and the call-back list."""

from __future__ import annotations

from django.utils.translation import gettext as _

from calls.models import CallOutcome


def console_call_strings() -> dict[str, object]:
    return {
        "call_from": _("Call from %(number)s"),
        "withheld": _("Call from a withheld number"),
        "answered_at": _("answered at extension %(ext)s"),
        "ended": _("call ended"),
        "close": _("Close"),
        "handset": _("Handset position ±%(m)s m (%(source)s)"),
        "handset_none": _("No handset position (AML) yet."),
        "sources": {
            "gps": _("satellite"),
            "wifi": _("Wi-Fi"),
            "cell": _("cell tower"),
            "fused": _("combined"),
            "unknown": _("unknown method"),
        },
        "earlier_reports": _("Earlier reports from this number: %(n)s"),
        "no_reports": _("No earlier report from this number."),
        "prank": _("prank"),
        "pranks": _("Cancelled as a prank %(n)s time(s)"),
        "repeat_prank": _("Repeat prank caller"),
        "nearby": _("Open incidents near the caller's last position"),
        "last_from_report": _("(last position: an earlier report)"),
        "nearby_none": _("No open incident near the caller's last position."),
        "no_position": _("The caller's position is not known."),
        "callback_done": _("Called back"),
        "callbacks_none": _("Nobody to call back."),
        "outcomes": {code: str(label) for code, label in CallOutcome.choices},
    }
