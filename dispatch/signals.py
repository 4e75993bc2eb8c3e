"""Signals other apps listen to, so that dispatch never imports them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent by `seed_demo` inside its transaction, after the agencies and users: apps
# that have demo data of their own (interop's demo integration account) add it.
demo_seeded = Signal()

# Sent by `seed_demo` at its end, after the sample calls and the shift under way:
# apps with demo history of their own (the leaders' reports' past years) add it
# then, so that it never stands in for the sample calls.
demo_finished = Signal()

# Sent by /metrics: each receiver returns more lines of the Prometheus text format
# (realtime adds its hubs' positions), so one endpoint shows every app's gauges.
metrics_requested = Signal()

# Sent by `append_events` after the events of a change are written and their publish
# is queued for commit (kwargs: `events`, the IncidentEvent rows): apps that act on
# what happened (interop's alerts to people) queue their own work behind it, so the
# screens hear of the change before anything it leads to.
events_appended = Signal()
