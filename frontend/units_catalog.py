"""The words of the units on staff screens: the console's map and "nearest units"
(frontend/static/frontend/console/units.js and sendunits.js), and the agency
board's own units (agency_units.js). Apart from catalog.py so that the unit parts
of the screens keep their strings together.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from units.models import UnitKind, UnitStatus
from units.recommend import FRESH_POSITION


def unit_kind_letters() -> dict[str, str]:
    """The few letters in a unit's map square, before its call sign."""
    return {
        "fire_engine": _("FE"),
        "water_tanker": _("WT"),
        "aerial_ladder": _("AL"),
        "rescue_truck": _("RV"),
        "ambulance": _("AMB"),
        "rescue_boat": _("BT"),
        "patrol_car": _("PC"),
        "patrol_motorbike": _("PM"),
        "bpbd_truck": _("BPBD"),
        "tow_truck": _("TOW"),
        "utility_crew": _("RC"),
    }


def console_unit_strings() -> dict[str, Any]:
    return {
        "kind": {code: str(label) for code, label in UnitKind.choices},
        "kind_letters": unit_kind_letters(),
        "status": {code: str(label) for code, label in UnitStatus.choices},
        # The map and the recommendation agree on when a position is too old to
        # say where a unit is (units.recommend.FRESH_POSITION): then its station.
        "stale_after_s": int(FRESH_POSITION.total_seconds()),
        "legend": _("Units (by status)"),
        "stale_legend": _("old position: shown at its station"),
        "stale": _("old position (%(age)s): shown at its station %(station)s"),
        "at_station": _("no position yet: shown at its station %(station)s"),
        "position_age": _("position %(age)s"),
        "works": _("works incident #%(id)s"),
        "nearest": _("Nearest units"),
        "sent": _("Units sent"),
        "none_needed": _("No available unit of the kinds this incident needs."),
        "send": _("Send"),
        "send_with_reason": _("Send with this reason"),
        "cancel": _("Cancel"),
        "reason_label": _("Why this unit and not the first one? (required)"),
        "reason_required": _("Write why you send this unit instead of the first one."),
        "unit_sent": _("%(unit)s sent."),
        "km": _("%(km)s km"),
        "eta": _("about %(min)s min"),
        "no_distance": _("distance unknown"),
        "recs_unread": _("The nearest units could not be loaded."),
    }


def agency_unit_strings() -> dict[str, Any]:
    """The agency board's fold of its own units (frontend/static/frontend/agency_units.js)."""
    return {
        "kind": {code: str(label) for code, label in UnitKind.choices},
        "status": {code: str(label) for code, label in UnitStatus.choices},
        "ours": _("Our units"),
        "available_count": _("%(n)s of %(total)s available"),
        "stale_after_s": int(FRESH_POSITION.total_seconds()),
        "position_age": _("position %(age)s"),
        "stale_short": _("old position (%(age)s)"),
        "no_position": _("no position yet"),
    }
