"""Writes of the calls app: call events, handset locations, call-backs, reports taken.

Keyword-only, `<entity>_<verb>`, one transaction each (HackSoft style). Events of
one call may come in any order and more than once (a PBX retries): each one sets
only what is not known yet, and the outcome is worked out again from the times.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.aml import AmlFix
from calls.models import CALLBACK_OUTCOMES, Call, CallOutcome, HandsetLocation
from dispatch.models import AuditEntry, Report
from dispatch.services import Conflict, ServiceError
from dispatch.services.access import require_desk

RING, ANSWER, HANGUP = "ring", "answer", "hangup"
EVENTS = (RING, ANSWER, HANGUP)
# Answered and over within this, with no report taken: the line was cut (dropped);
# longer, the caller stayed on the line without a report: a silent call.
DROPPED_WITHIN = timedelta(seconds=20)
# A handset sends its AML message within seconds of dialling; a fix and a call of the
# same number this far apart are still one call (the fix may come first).
AML_WINDOW = timedelta(minutes=15)


def call_event_record(
    *, event: str, call_id: str, caller: str, extension: str, at: datetime
) -> Call:
    """Apply one PBX event (ring, answer, hangup) to its call, idempotently."""
    with transaction.atomic():
        call, _created = Call.objects.select_for_update().get_or_create(
            call_id=call_id, defaults={"caller": caller, "extension": extension, "started_at": at}
        )
        if caller and call.caller and caller != call.caller:
            raise Conflict(_("This call id belongs to another caller's call."))
        call.caller = call.caller or caller
        call.started_at = min(call.started_at, at)
        _apply(call, event=event, extension=extension, at=at)
        call.outcome = _outcome(call)
        call.save()
        if call.caller:
            _attach_waiting_fixes(call)
    return call


def _apply(call: Call, *, event: str, extension: str, at: datetime) -> None:
    if event == RING:
        call.ringing_at = min(call.ringing_at or at, at)  # a repeated ring changes nothing
        call.extension = call.extension or extension
    elif event == ANSWER:
        if call.ended_at is not None and at > call.ended_at:
            raise ServiceError(_("This answer comes after the call's hang-up."))
        if call.answered_at is None:
            call.answered_at = at
            call.extension = extension or call.extension
    elif call.ended_at is None:  # HANGUP; the first one counts
        if call.answered_at is not None and at < call.answered_at:
            raise ServiceError(_("This hang-up comes before the call was answered."))
        call.ended_at = at


def _outcome(call: Call) -> str:
    """What became of the call, from its times (empty while it goes on)."""
    if call.ended_at is None:
        return ""
    if call.answered_at is None:
        return CallOutcome.ABANDONED
    if call.pk and call.reports.exists():
        return CallOutcome.ANSWERED
    if call.ended_at - call.answered_at < DROPPED_WITHIN:
        return CallOutcome.DROPPED
    return CallOutcome.SILENT


def _attach_waiting_fixes(call: Call) -> None:
    """Fixes of this number that came before the call's first event (AML is sent in
    parallel with the call and may win the race)."""
    HandsetLocation.objects.filter(
        device_number=call.caller,
        call__isnull=True,
        received_at__gte=call.started_at - AML_WINDOW,
    ).update(call=call)


def handset_location_receive(*, fix: AmlFix, device_number: str, channel: str) -> HandsetLocation:
    """Keep one AML message; attach it to the latest call of the number in the window."""
    now = timezone.now()
    with transaction.atomic():
        call = (
            Call.objects.filter(caller=device_number, started_at__gte=now - AML_WINDOW)
            .order_by("-started_at")
            .first()
        )
        return HandsetLocation.objects.create(
            device_number=device_number,
            channel=channel,
            lat=fix.lat,
            lon=fix.lon,
            accuracy_m=fix.accuracy_m,
            located_at=fix.located_at,
            source=fix.source,
            fields=fix.fields,
            call=call,
        )


def call_report_link(*, user: Any, call: Call, report_id: int) -> Call:
    """The report the operator took from this call: its outcome is `answered`, and the
    incident of the report shows the call's handset position (calls.selectors)."""
    require_desk(user)
    report = Report.objects.filter(pk=report_id).first()
    if report is None:
        raise ServiceError(_("There is no such report."))
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        call.reports.add(report)
        call.outcome = _outcome(call)
        call.save(update_fields=["outcome", "updated_at"])
    return call


def call_callback_done(*, user: Any, call: Call, address: str) -> Call:
    """A dropped or abandoned call called back: off the list, audited like a call-back."""
    require_desk(user)
    if call.outcome not in CALLBACK_OUTCOMES:
        raise ServiceError(_("Only dropped and abandoned calls are on the call-back list."))
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        if call.callback_done_at is not None:
            return call  # twice changes nothing
        call.callback_done_at = timezone.now()
        call.callback_done_by = user
        call.save(update_fields=["callback_done_at", "callback_done_by", "updated_at"])
        AuditEntry.objects.create(
            user=user,
            action="call.callback_done",
            address=address[:64],
            details={"call": call.pk, "call_id": call.call_id, "outcome": call.outcome},
        )
    return call


def callback_list_record(*, user: Any, calls: list[Call], address: str) -> None:
    """The desk read the callers' numbers of the call-back list: audited, as every view
    of a reporter's contact is (dispatch.services.retention)."""
    AuditEntry.objects.create(
        user=user,
        action="contact.call_list",
        address=address[:64],
        details={"calls": [c.pk for c in calls]},
    )


def calls_anonymize_old(*, older_than_days: int) -> int:
    """Retention, as for reports (RETENTION_DAYS): old calls keep their times and
    outcome, not who called nor where they were."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    calls = Call.objects.filter(started_at__lt=cutoff).exclude(caller="").update(caller="")
    fixes = (
        HandsetLocation.objects.filter(received_at__lt=cutoff)
        .exclude(device_number="", lat=None)
        .update(device_number="", lat=None, lon=None, fields={})
    )
    return calls + fixes
