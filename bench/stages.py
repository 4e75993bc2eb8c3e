"""Where the time goes, per report: the stages from POST to the last socket.

Sources: the generator (when each POST was due and answered), the database
(Report.received_at is the insert, IncidentEvent rows say which event carries
which report), the probes in the worker and the server (task start, geocode and
assess durations, publish, the hub's receive and the end of its writes), and
the clients (first and last socket). All are wall-clock times of this machine.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bench.loadgen import Sample
from bench.stats import summary_ms

STAGES = [
    ("accept", "POST due -> 201 answered"),
    ("commit", "POST due -> report row inserted"),
    ("queue", "row inserted -> task started"),
    ("geocode", "geo.services.locate"),
    ("assess", "priority.engine.assess"),
    ("triage", "triage transaction -> published after commit"),
    ("layer", "published -> hub received (channel layer)"),
    ("hub_write", "hub received -> written to every local socket"),
    ("socket_first", "hub received -> first socket"),
    ("socket_every", "hub received -> every socket"),
    ("end_to_end", "POST due -> event on every socket"),
]


def event_of_report(events: Iterable[list[Any]]) -> dict[int, list[Any]]:
    """The first event carrying each report (incident.opened or report_attached)."""
    found: dict[int, list[Any]] = {}
    for event in sorted(events, key=lambda e: e[0]):
        report_id = event[2]
        if report_id is not None and report_id not in found:
            found[report_id] = event
    return found


def probe_index(rows: list[dict[str, Any]]) -> dict[str, dict[int, dict[str, Any]]]:
    """kind -> id (report or event) -> the first record of it."""
    index: dict[str, dict[int, dict[str, Any]]] = {}
    for row in rows:
        key = row.get("report", row.get("event"))
        index.setdefault(row["k"], {}).setdefault(key, row)
    return index


def stage_durations(
    samples: list[Sample],
    db: dict[str, Any],
    probes: list[dict[str, Any]],
    arrivals: dict[int, tuple[float, float]],
) -> dict[str, list[float]]:
    """Seconds spent in each stage, one value per report that got that far."""
    reports = {row[0]: row for row in db["reports"]}
    events = event_of_report(db["events"])
    index = probe_index(probes)
    out: dict[str, list[float]] = {name: [] for name, _ in STAGES}
    for sample in samples:
        report_id = sample.report_id
        if report_id is None:
            continue
        out["accept"].append(sample.done - sample.due)
        row = reports.get(report_id)
        if row is None:
            continue
        received = row[1]
        out["commit"].append(received - sample.due)
        task = index.get("task", {}).get(report_id)
        geocode = index.get("geocode", {}).get(report_id)
        assess = index.get("assess", {}).get(report_id)
        if task:
            out["queue"].append(task["t"] - received)
        if geocode:
            out["geocode"].append(geocode["s"])
        if assess:
            out["assess"].append(assess["s"])
        event = events.get(report_id)
        if event is None:
            continue
        publish = index.get("publish", {}).get(event[0])
        hub = index.get("hub", {}).get(event[0])
        hub_done = index.get("hub_done", {}).get(event[0])
        if publish and assess:
            out["triage"].append(publish["t"] - assess["t"])
        if publish and hub:
            out["layer"].append(hub["t"] - publish["t"])
        if hub and hub_done:
            out["hub_write"].append(hub_done["t"] - hub["t"])
        arrival = arrivals.get(report_id)
        if arrival and hub:
            out["socket_first"].append(arrival[0] - hub["t"])
            out["socket_every"].append(arrival[1] - hub["t"])
        if arrival:
            # From when the report was due, not from its 201: a slow accept is part of
            # what the people at the screens wait for (open loop).
            out["end_to_end"].append(arrival[1] - sample.due)
    return out


def stage_table(durations: dict[str, list[float]]) -> list[dict[str, Any]]:
    return [
        {"stage": name, "what": what, **summary_ms(durations.get(name, []))}
        for name, what in STAGES
    ]
