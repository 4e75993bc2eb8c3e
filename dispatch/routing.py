"""Who gets what: the agencies an incident is routed to, its deadlines, and whether
it waits for a supervisor's disposition. Policy lives here; services apply it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings

from dispatch.models import Agency, Priority
from geo.services import locate
from priority import sla


def covers(prefix: str, code: str) -> bool:
    """Whether a Kemendagri prefix ("18.71") covers a code ("18.71.01.1003")."""
    return code == prefix or code.startswith(prefix + ".")


def _jurisdiction_depth(agency: Agency, region_code: str) -> int:
    """How specific the agency's best matching prefix is (-1: it does not cover it)."""
    depths = [
        len(prefix.split("."))
        for prefix in agency.jurisdiction or []
        if covers(prefix, region_code)
    ]
    return max(depths, default=-1)


def _most_specific(agencies: list[Agency], code: str) -> Agency | None:
    ranked = [(_jurisdiction_depth(a, code), -a.pk, a) for a in agencies]
    ranked = [r for r in ranked if r[0] >= 0]
    return max(ranked, key=lambda r: (r[0], r[1]))[2] if ranked else None


def agencies_for(*, kinds: Iterable[str], region_code: str) -> list[Agency]:
    """For each kind in order, the active agency with the most specific jurisdiction.

    A report we could not place is routed as if it came from the home region:
    someone local must look at it rather than no one.
    """
    code = region_code or settings.HOME_REGION
    kinds = list(dict.fromkeys(kinds))
    candidates = list(Agency.objects.filter(kind__in=kinds, active=True).order_by("pk"))
    chosen: list[Agency] = []
    for kind in kinds:
        of_kind = [a for a in candidates if a.kind == kind]
        # Where no agency of the kind covers the place (a fire just outside the
        # city), the deployment's own answers rather than another kind leading.
        agency = _most_specific(of_kind, code) or _most_specific(of_kind, settings.HOME_REGION)
        if agency is not None:
            chosen.append(agency)
    return chosen


def disposition_required(*, priority: str) -> bool:
    """Deployments such as Bandar Lampung hold complaints for a supervisor's disposition.

    Emergencies (P1, P2) never wait for it, whatever the setting says.
    """
    return priority in settings.DISPOSITION_REQUIRED_FOR and priority not in (
        Priority.P1,
        Priority.P2,
    )


def claim_deadline(*, priority: str, start: datetime) -> datetime:
    return sla.claim_deadline(
        priority,
        start,
        minutes=settings.SLA_CLAIM_MINUTES,
        working_days=settings.SLA_CLAIM_WORKING_DAYS,
    )


def resolve_deadline(*, priority: str, category: str, start: datetime) -> datetime:
    return sla.resolve_deadline(
        priority,
        category,
        start,
        hours=settings.SLA_RESOLVE_HOURS,
        working_days=settings.SLA_RESOLVE_WORKING_DAYS,
        category_working_days=settings.SLA_RESOLVE_CATEGORY_WORKING_DAYS,
    )


def region_at(*, lat: float, lon: float) -> tuple[str, str]:
    """The Kemendagri code of the village at a point and its names ("" outside every
    region)."""
    result = locate(lat=lat, lon=lon)
    return (result.region["code"] if result.region else ""), result.area
