"""Reads of the leaders' reports: the deliveries a supervisor looks through."""

from __future__ import annotations

from typing import Any

from interop.models import OutboundMessage
from leaders.models import ReportDelivery, ReportRecipient


def recent_deliveries(*, limit: int = 100) -> list[dict[str, Any]]:
    """The latest deliveries, newest first; a WhatsApp/SMS one shows its outbox
    message's status (sent, failed...), which is where it is retried."""
    rows = list(ReportDelivery.objects.order_by("-created_at", "-pk")[:limit])
    outbound = OutboundMessage.objects.in_bulk([r.outbound_id for r in rows if r.outbound_id])
    result = []
    for row in rows:
        message = outbound.get(row.outbound_id) if row.outbound_id else None
        result.append(
            {
                "delivery": row,
                "status": message.get_status_display() if message else row.get_status_display(),
                "state": message.status if message else row.status,
                "attempts": message.attempts if message else row.attempts,
                "error": (message.last_error if message else row.last_error)[:200],
            }
        )
    return result


def active_recipients() -> list[ReportRecipient]:
    return list(ReportRecipient.objects.filter(active=True))
