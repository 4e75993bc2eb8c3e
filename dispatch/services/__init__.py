"""Writes. Every change to a report or an incident goes through a function here.

Each service is one transaction that appends IncidentEvent rows and publishes
them after commit (services/events.py). Keyword-only arguments, `<entity>_<verb>`
names (HackSoft styleguide). One module per concern; the public names are
importable from `dispatch.services`.
"""

from __future__ import annotations

from dispatch.services.access import Conflict, NotAllowed, ServiceError
from dispatch.services.contacts import may_call_back, reporter_call_back
from dispatch.services.desk import (
    incident_assign,
    incident_cancel,
    incident_dispose,
    incident_locate,
    incident_merge,
    incident_split,
)
from dispatch.services.events import EVENT_LOG_LOCK
from dispatch.services.feedback import report_may_rate, report_rate
from dispatch.services.incidents import (
    STATUS_TRANSITIONS,
    incident_claim,
    incident_release,
    incident_reopen,
    incident_set_status,
)
from dispatch.services.media import media_open, media_purge_old, media_store
from dispatch.services.reports import (
    report_begin_attempt,
    report_mark_failed,
    report_renew_lease,
    report_requeue_interrupted,
    report_requeue_stuck,
    report_retry,
    report_submit,
)
from dispatch.services.retention import contact_view_record, reports_anonymize_old
from dispatch.services.sla import (
    incident_escalate,
    incident_release_stale,
    incidents_escalate_overdue,
)
from dispatch.services.tokens import token_issue, token_revoke, tokens_revoke_all
from dispatch.services.triage import (
    TRIAGE_FIELDS,
    incident_attach_report,
    incident_open,
    report_process,
    report_triage,
)

__all__ = [
    "EVENT_LOG_LOCK",
    "STATUS_TRANSITIONS",
    "TRIAGE_FIELDS",
    "Conflict",
    "NotAllowed",
    "ServiceError",
    "contact_view_record",
    "incident_assign",
    "incident_attach_report",
    "incident_cancel",
    "incident_claim",
    "incident_dispose",
    "incident_escalate",
    "incident_locate",
    "incident_merge",
    "incident_open",
    "incident_release",
    "incident_release_stale",
    "incident_reopen",
    "incident_set_status",
    "incident_split",
    "incidents_escalate_overdue",
    "may_call_back",
    "media_open",
    "media_purge_old",
    "media_store",
    "report_begin_attempt",
    "report_mark_failed",
    "report_may_rate",
    "report_process",
    "report_rate",
    "report_renew_lease",
    "report_requeue_interrupted",
    "report_requeue_stuck",
    "report_retry",
    "report_submit",
    "report_triage",
    "reporter_call_back",
    "reports_anonymize_old",
    "token_issue",
    "token_revoke",
    "tokens_revoke_all",
]
