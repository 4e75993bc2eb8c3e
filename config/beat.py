"""Celery beat's schedule (settings.CELERY_BEAT_SCHEDULE): the sweeps, the watchdog,
retention, the alerts' escalation and the leaders' daily report. Without Redis,
`make run` runs every entry on a thread of its own (docs/ARCHITECTURE.md, "Flow");
that scheduler takes intervals in seconds only, so every entry is one.
"""

from __future__ import annotations

from typing import Any

from config.env import env_float

HOUR = 3600.0


def beat_schedule(*, report_lease_s: float) -> dict[str, dict[str, Any]]:
    return {
        "reports-requeue-stuck": {
            "task": "dispatch.tasks.reports_requeue_stuck",
            "schedule": env_float("REPORT_SWEEP_S", 60),
        },
        # Cheap (pending reports with a lease run out) and a P1 may be among them.
        "reports-requeue-interrupted": {
            "task": "dispatch.tasks.reports_requeue_interrupted",
            "schedule": max(1.0, report_lease_s / 2),
        },
        "sla-watchdog": {
            "task": "dispatch.tasks.sla_watchdog",
            "schedule": env_float("SLA_WATCHDOG_S", 30),
        },
        "retention": {"task": "dispatch.tasks.reports_anonymize_old", "schedule": HOUR},
        "outbound-retry-due": {"task": "interop.tasks.outbound_retry_due", "schedule": 60.0},
        "messages-retention": {"task": "interop.tasks.messages_anonymize_old", "schedule": HOUR},
        "units-retention": {"task": "units.tasks.units_prune_old", "schedule": HOUR},
        "calls-retention": {"task": "calls.tasks.calls_anonymize_old", "schedule": HOUR},
        # Alerts climb their chain in minutes: a step is at most this late.
        "alerts-escalate": {
            "task": "interop.tasks.alerts_escalate_due",
            "schedule": env_float("ALERT_ESCALATION_S", 20),
        },
        # The leaders' daily report: every few minutes the task looks whether the local
        # hour reached DAILY_REPORT_HOUR and yesterday's deliveries are made (once per
        # recipient and day, so a missed morning is caught up when the stack is back).
        "daily-report": {"task": "leaders.tasks.daily_report_due", "schedule": 300.0},
        "report-deliveries-retry": {
            "task": "leaders.tasks.report_deliveries_retry_due",
            "schedule": 60.0,
        },
    }
