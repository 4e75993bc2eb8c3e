"""Incidents that could expose a victim, kept off everything public.

A domestic-violence call pinned to a kelurahan on the public map tells the
neighbours who called; so do a child-abuse report and a suicide attempt. Such an
incident is protected when one of its reports was about violence against women
and children, sexual violence, child abuse or suicide (the urgency engine's topic
or signals), or when it is routed to the women's and children's protection
agency. Protected incidents never reach the public map and socket, CAP, Open311
reads or public exports (docs/ARCHITECTURE.md, "Public view"); staff see them as
any other.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Q

# The urgency engine's topics and signal labels (priority/rules.toml) that name a victim.
PROTECTED_TOPICS = frozenset({"violence against women and children", "suicide risk"})
PROTECTED_SIGNALS = (
    "life threat: suicide attempt or threat",
    "life threat: sexual violence",
    "life threat: child abuse",
)
# Agencies whose cases are about a victim by their nature (DP3A: women and children).
PROTECTED_AGENCY_KINDS = frozenset({"dp3a"})


def protects_victim(*, topic: str, reasons: Iterable[str]) -> bool:
    """Whether an assessment (its topic and reasons) is about a victim to protect."""
    if topic in PROTECTED_TOPICS:
        return True
    return any(reason.startswith(PROTECTED_SIGNALS) for reason in reasons)


def is_protected(incident: Mapping[str, Any]) -> bool:
    """Whether an incident in its staff view (projections.incident_payload) is protected."""
    if incident.get("victim_protected"):
        return True
    lead = incident.get("lead_agency") or {}
    kinds = {a.get("kind") for a in incident.get("agencies") or ()} | {lead.get("kind")}
    return not kinds.isdisjoint(PROTECTED_AGENCY_KINDS)


def protected_q(prefix: str = "") -> Q:
    """The protected incidents as a filter; `prefix` reaches them from another model
    ("incident__" from a report). The lead agency is always among the assignments."""
    kinds = list(PROTECTED_AGENCY_KINDS)
    return Q(**{f"{prefix}victim_protected": True}) | Q(
        **{f"{prefix}assignments__agency__kind__in": kinds}
    )
