"""Duplicate decisions measured on eval/duplicates.jsonl: one event or two?

Each pair is two reports to one call centre, `minutes_apart`, labelled the same
event or not. The first report is judged as triage judges it (placed, assessed)
and stands for the incident it opened; the second is judged likewise and the
decision is the one triage makes (dispatch.selectors.sighting_of_*, through
priority.same_event).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.test import override_settings

from dispatch.profiles import PROFILES
from dispatch.selectors import report_judge, sighting_of_judgement
from geo.landmarks import LandmarkIndex
from priority.same_event import Decision, lone_candidate, merged_alone, same_event
from tools import evalfiles


@dataclass(frozen=True)
class Outcome:
    pair: dict[str, Any]
    decision: Decision


def pairs(split: str | None = None) -> Iterator[dict[str, Any]]:
    return evalfiles.rows("duplicates", split)


def _sighting(report: dict[str, Any], landmarks: LandmarkIndex) -> Any:
    judgement = report_judge(
        text=report["text"],
        channel=report["channel"],
        address=report["address"],
        lat=report["lat"],
        lon=report["lon"],
        landmarks=landmarks,
    )
    return sighting_of_judgement(judgement, text=report["text"])


def run(landmarks: LandmarkIndex, split: str | None = None) -> list[Outcome]:
    outcomes = []
    for pair in pairs(split):
        with override_settings(HOME_REGION=PROFILES[pair["profile"]].home_region):
            first = _sighting(pair["first"], landmarks)
            second = _sighting(pair["second"], landmarks)
        decision = same_event(first, second, timedelta(minutes=pair["minutes_apart"]))
        # The pair's incident is the only one open, as triage would count it.
        if lone_candidate(second, [(first, decision)]) is not None:
            decision = merged_alone(decision)
        outcomes.append(Outcome(pair=pair, decision=decision))
    return outcomes


def metrics(outcomes: list[Outcome]) -> dict[str, Any]:
    merged = [o for o in outcomes if o.decision.same]
    right = [o for o in merged if o.pair["same_event"]]
    same = [o for o in outcomes if o.pair["same_event"]]
    return {
        "pairs": len(outcomes),
        "precision": _share(len(right), len(merged)),
        "recall": _share(len(right), len(same)),
        "false_merges": len(merged) - len(right),
        "missed_merges": len(same) - len(right),
    }


def misses(outcomes: list[Outcome]) -> list[str]:
    lines = []
    for o in outcomes:
        if o.decision.same == o.pair["same_event"]:
            continue
        label = "FALSE MERGE" if o.decision.same else "MISSED"
        lines.append(
            f"[{label} {o.pair['kind']}/{o.pair['profile']}] {o.decision.score} "
            f"{'; '.join(o.decision.reasons)}\n    1: {o.pair['first']['text'][:90]!r}"
            f"\n    2: {o.pair['second']['text'][:90]!r}"
        )
    return lines


def _share(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 3) if denominator else 1.0
