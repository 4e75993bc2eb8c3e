"""Placement measured on eval/placement.jsonl: where the words of a report put it.

Each case names a call centre (its HOME_REGION), the words of a report and what a
dispatcher accepts: the states (known, approximate, unknown) and, when a point is
expected, the true point, a tolerance and the region it lies in. Landmarks are the
shipped files (geo/data/places_*.csv), as a fresh installation has them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.test import override_settings

from dispatch.profiles import PROFILES
from geo.gazetteer import get_gazetteer
from geo.landmarks import Landmark, LandmarkIndex
from geo.places import parse_row, read_rows, shipped_files
from geo.services import LocateResult, locate
from tools import evalfiles


@dataclass(frozen=True)
class Outcome:
    case: dict[str, Any]
    result: LocateResult
    ok: bool  # the state is acceptable and, when placed, the point within tolerance
    wrong: bool  # placed where it must not be: off the truth, or out of the area


def shipped_landmarks() -> LandmarkIndex:
    landmarks = []
    for path in shipped_files():
        for row in read_rows(path):
            values = parse_row(row)
            aliases = tuple(a for a in values["aliases"].split("|") if a)
            landmarks.append(
                Landmark(
                    name=values["name"],
                    lat=values["lat"],
                    lon=values["lon"],
                    kind=values["kind"],
                    aliases=aliases,
                    region_code=values["region_code"],
                )
            )
    return LandmarkIndex.build(landmarks, get_gazetteer().regions)


def cases(split: str | None = None) -> Iterator[dict[str, Any]]:
    return evalfiles.rows("placement", split)


def km(lat: float, lon: float, lat2: float, lon2: float) -> float:
    dy = lat2 - lat
    dx = (lon2 - lon) * math.cos(math.radians((lat + lat2) / 2))
    return math.hypot(dx, dy) * 111.195


def judge(case: dict[str, Any], result: LocateResult) -> Outcome:
    home = PROFILES[case["profile"]].home_region
    state = result.state
    ok = state in case["accept"]
    wrong = False
    if state != "unknown" and result.lat is not None and result.lon is not None:
        if case["expect_lat"] is not None:
            off = km(result.lat, result.lon, case["expect_lat"], case["expect_lon"])
            if off > case["tolerance_km"]:
                ok, wrong = False, True
        else:
            code = (result.region or {}).get("code") or ""
            wrong = not (code == home or code.startswith(home + "."))
    return Outcome(case=case, result=result, ok=ok, wrong=wrong)


def run(split: str | None = None) -> list[Outcome]:
    landmarks = shipped_landmarks()
    outcomes = []
    for case in cases(split):
        with override_settings(HOME_REGION=PROFILES[case["profile"]].home_region):
            result = locate(
                lat=case["lat"],
                lon=case["lon"],
                address=case["address"],
                text=case["text"],
                landmarks=landmarks,
            )
        outcomes.append(judge(case, result))
    return outcomes


def metrics(outcomes: list[Outcome]) -> dict[str, Any]:
    named = [o for o in outcomes if o.case["expect_lat"] is not None]
    nameless = [o for o in outcomes if o.case["expect_lat"] is None]
    return {
        "cases": len(outcomes),
        "named_within_tolerance": _share(sum(o.ok for o in named), len(named)),
        "named_cases": len(named),
        "wrong_placements": sum(o.wrong for o in outcomes),
        "unplaced_when_nothing_is_named": _share(sum(o.ok for o in nameless), len(nameless)),
        "nameless_cases": len(nameless),
        "by_case": {
            kind: _share(sum(o.ok for o in outcomes if o.case["case"] == kind), count)
            for kind, count in sorted(Counter(o.case["case"] for o in outcomes).items())
        },
    }


def misses(outcomes: list[Outcome]) -> list[str]:
    lines = []
    for o in outcomes:
        if o.ok and not o.wrong:
            continue
        code = (o.result.region or {}).get("code") or "-"
        why = ", ".join(r["code"] for r in o.result.reasons)
        lines.append(
            f"[{o.case['case']}/{o.case['profile']}] {o.result.state} {code} ({why}) "
            f"accept {o.case['accept']} {o.case['expect_region']}\n    {o.case['text'][:110]!r}"
            f" | {o.case['address'][:40]!r}"
        )
    return lines


def _share(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 3) if denominator else 1.0
