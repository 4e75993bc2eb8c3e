"""Writes of the interop layer. Dispatch data changes go through dispatch.services.

Keyword-only arguments, `<entity>_<verb>` names. Replies to SMS/WhatsApp senders
go through an outbox (interop/outbox.py) sent by a Celery task after commit, so a
provider that is down delays a reply but never loses a report. Staff commands by
message live in interop/staff_commands.py.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.utils import timezone, translation

from calls import aml
from calls import services as calls_services
from calls.models import AmlChannel
from dispatch import ratelimit
from dispatch import services as dispatch_services
from dispatch.models import Report, ReportState
from dispatch.roles import MESSAGES
from interop import codes, media_intake, reporter_updates, selectors
from interop.alerts import (  # noqa: F401 (public names of interop.services)
    alert_acknowledge,
    alert_step,
    alerts_acknowledge_by_reply,
    alerts_check_incident,
    alerts_escalate_due,
    alerts_raise,
)
from interop.media_intake import (  # noqa: F401 (public names of interop.services)
    inbound_media_fetch,
    inbound_media_retry_due,
)
from interop.messaging import InboundMessage as Message
from interop.messaging import commands as staff_commands
from interop.models import (
    InboundKind,
    InboundMessage,
    IntegrationAccount,
    Open311Request,
    OutboundMessage,
    Provider,
    key_digest,
)
from interop.outbox import (  # noqa: F401 (public names of interop.services)
    outbound_backoff,
    outbound_enqueue,
    outbound_retry_due,
    outbound_send,
)
from interop.reporter_updates import reporters_notify  # noqa: F401 (a public name)
from interop.staff_commands import run_command as _run_command
from interop.staff_commands import staff_pin_set  # noqa: F401 (a public name)

logger = logging.getLogger(__name__)

# --- integration accounts --------------------------------------------------------

DEMO_ACCOUNT = "demo"


def _new_key() -> str:
    return secrets.token_urlsafe(32)


def integration_create(*, name: str, contact: str = "") -> tuple[IntegrationAccount, str]:
    """A new account and its key. The key is shown once; only its digest is kept."""
    key = _new_key()
    account = IntegrationAccount.objects.create(
        name=name, contact=contact, key_prefix=key[:8], key_hash=key_digest(key)
    )
    return account, key


def integration_rotate_key(*, account: IntegrationAccount) -> str:
    key = _new_key()
    account.key_prefix, account.key_hash = key[:8], key_digest(key)
    account.save(update_fields=["key_prefix", "key_hash"])
    return key


def integration_ensure_demo() -> IntegrationAccount:
    """The demo integration, keyed by OPEN311_DEMO_KEY (seed_demo calls this)."""
    key = settings.OPEN311_DEMO_KEY
    account = IntegrationAccount.objects.filter(name=DEMO_ACCOUNT).first()
    if account is None:
        return IntegrationAccount.objects.create(
            name=DEMO_ACCOUNT,
            contact="seed_demo",
            key_prefix=key[:8],
            key_hash=key_digest(key),
        )
    if account.key_hash != key_digest(key) or not account.active:
        account.key_prefix, account.key_hash, account.active = key[:8], key_digest(key), True
        account.save(update_fields=["key_prefix", "key_hash", "active"])
    return account


# --- Open311 ---------------------------------------------------------------------


def _open311_text(
    *, service_code: str, description: str, attributes: dict[str, str], extras: list[str]
) -> str:
    """The report text: the service's name first, so triage reads the category the
    client chose, then the description and the answers to the service's questions."""
    lines = [f"[{codes.category_label(service_code, 'id')}] {description}".strip()]
    by_code = {a.code: a for a in codes.SERVICE_ATTRIBUTES.get(service_code, ())}
    for code, value in attributes.items():
        attribute = by_code[code]
        names = {v.key: v.name for v in attribute.values}
        lines.append(f"{attribute.text_label or code}: {names.get(value, value)}")
    lines.extend(extras)
    return "\n".join(lines)[:4000]


def open311_request_submit(
    *,
    account: IntegrationAccount,
    service_code: str,
    description: str,
    address: str,
    lat: float | None,
    lon: float | None,
    reporter_name: str,
    reporter_phone: str,
    attributes: dict[str, str],
    extras: list[str],
) -> Report:
    """A GeoReport request becomes a report like any other (channel open311)."""
    text = _open311_text(
        service_code=service_code, description=description, attributes=attributes, extras=extras
    )
    with transaction.atomic():
        report = dispatch_services.report_submit(
            text=text,
            channel="open311",
            address=address[:500],
            lat=lat,
            lon=lon,
            reporter_name=reporter_name[:200],
            reporter_phone=reporter_phone,
        )
        Open311Request.objects.create(
            report=report, account=account, service_code=service_code, attributes=attributes
        )
        IntegrationAccount.objects.filter(pk=account.pk).update(last_used_at=timezone.now())
    return report


# --- exports ---------------------------------------------------------------------


def contact_export_record(*, user: Any, reports: list[Report], address: str) -> None:
    """Audit a CSV export that shows reporters' names and phones (dispatch's audit log)."""
    with_contact = [r.pk for r in reports if r.reporter_phone or r.reporter_name]
    if with_contact:
        dispatch_services.contact_view_record(
            user=user, incident=None, report_ids=with_contact, address=address
        )


# --- retention -------------------------------------------------------------------


def messages_anonymize_old(*, older_than_days: int) -> int:
    """Retention, as for reports: old messages keep what happened, not who sent them."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    inbound = (
        InboundMessage.objects.filter(received_at__lt=cutoff)
        .exclude(sender="", text="")
        .update(sender="", lat=None, lon=None, text="")
    )
    outbound = (
        OutboundMessage.objects.filter(created_at__lt=cutoff).exclude(to="").update(to="", text="")
    )
    return inbound + outbound


# --- inbound messages ------------------------------------------------------------


@dataclass(frozen=True)
class Received:
    duplicate: bool
    outcome: str
    report_id: int | None = None

    @property
    def failed(self) -> bool:
        return self.outcome == FAILED


# The outcome of a message that could not be read or handled (its `error` says why).
FAILED = "failed"


def _kind(message: Message) -> str:
    if message.kind == "invalid":
        return InboundKind.INVALID
    if message.kind == "location":
        return InboundKind.LOCATION
    if message.kind == "media":
        return InboundKind.MEDIA
    if message.kind != "text" or not message.text.strip():
        return InboundKind.UNSUPPORTED
    if staff_commands.parse(message.text) is not None:
        return InboundKind.COMMAND
    if reporter_updates.rating_in(message.text) is not None and _awaiting(message):
        return InboundKind.RATING
    return InboundKind.REPORT


def _awaiting(message: Message) -> Report | None:
    return reporter_updates.report_awaiting_rating(phone=message.sender, provider=message.provider)


def _inbound_claim(message: Message, kind: str) -> InboundMessage | None:
    """Record the message id, or None when it was seen before (a provider retry).

    The unique (provider, message_id) constraint decides: of two concurrent
    deliveries, the second waits for the first to commit and then fails here.
    """
    try:
        with transaction.atomic():
            return InboundMessage.objects.create(
                provider=message.provider,
                message_id=message.message_id,
                sender=message.sender[:32],
                kind=kind,
                lat=message.lat,
                lon=message.lon,
                media_id=message.media_id,
            )
    except IntegrityError:
        return None


def message_receive(*, message: Message, site_url: str = "") -> Received:
    """Handle one inbound SMS/WhatsApp message exactly once, and queue the reply.

    Replies are in Bahasa Indonesia: service errors are translated with it too.
    Each message is on its own: one that cannot be read or handled is kept as
    failed, with its words and the error, and the caller goes on with the next
    one (a provider resends a whole batch until it is answered 200). Only a
    database that is unreachable is raised: nothing could be kept, so the
    provider's retry is what is wanted then.
    """
    if message.kind == "invalid":
        return _message_failed(message, message.error)
    try:
        return _message_handle(message, site_url)
    except (OperationalError, InterfaceError):
        raise
    except Exception as exc:
        logger.exception("%s message %s failed", message.provider, message.message_id)
        return _message_failed(message, f"{type(exc).__name__}: {exc}")


def _message_failed(message: Message, error: str) -> Received:
    try:
        with transaction.atomic():
            InboundMessage.objects.create(
                provider=message.provider,
                message_id=message.message_id,
                sender=message.sender[:32],
                kind=_kind(message),
                lat=message.lat,
                lon=message.lon,
                outcome=FAILED,
                text=staff_commands.without_pin(message.text),
                error=error[:2000],
            )
    except IntegrityError:
        return Received(duplicate=True, outcome="duplicate")
    return Received(duplicate=False, outcome=FAILED)


def _message_handle(message: Message, site_url: str) -> Received:
    kind = _kind(message)
    with transaction.atomic():
        row = _inbound_claim(message, kind)
        if row is None:
            return Received(duplicate=True, outcome="duplicate")
        with translation.override("id"):
            reply, outcome, report = _handle(message, kind, site_url)
        row.outcome, row.report = outcome, report
        row.save(update_fields=["outcome", "report"])
        if kind == InboundKind.MEDIA and report is not None:
            media_intake.fetch_on_commit(row)
        if reply:
            outbound_enqueue(provider=message.provider, to=message.sender, text=reply, inbound=row)
    return Received(duplicate=False, outcome=outcome, report_id=report.pk if report else None)


def _handle(message: Message, kind: str, site_url: str) -> tuple[str, str, Report | None]:
    if kind == InboundKind.COMMAND:
        command = staff_commands.parse(message.text)
        assert command is not None
        reply, outcome = _run_command(sender=message.sender, command=command)
        return reply, outcome, None
    if kind == InboundKind.LOCATION:
        return _location_received(message, site_url)
    if kind == InboundKind.RATING:
        report = _awaiting(message)
        rating = reporter_updates.rating_in(message.text)
        assert report is not None and rating is not None
        reply, outcome = reporter_updates.rating_received(
            report=report, rating=rating, provider=message.provider
        )
        return reply, outcome, report
    if kind == InboundKind.MEDIA:
        reply, outcome, report, new = media_intake.media_received(message)
        return (_receipt(report, message.provider, site_url) if new else reply), outcome, report
    if kind == InboundKind.UNSUPPORTED:
        # English: "we cannot process this kind of message; send text, a photo, a voice
        # note or a location".
        reply = (
            "Maaf, jenis pesan ini belum dapat kami proses. Kirim laporan berupa teks, foto "
            "atau pesan suara, atau bagikan lokasi Anda. Dalam keadaan darurat, telepon 112."
        )
        return reply, "unsupported", None
    if message.provider == Provider.SMS and aml.is_sms(message.text):
        return _aml_received(message)
    if _over_phone_limit(message.sender):
        # English: "too many reports from this number; try later; call 112 in an emergency".
        reply = (
            "Terlalu banyak laporan dari nomor ini dalam waktu singkat. Coba lagi nanti. "
            "Dalam keadaan darurat, telepon 112."
        )
        return reply, "rate_limited", None
    report = dispatch_services.report_submit(
        text=message.text,
        channel=message.provider,
        reporter_phone=message.sender,
        reporter_name=message.sender_name,
    )
    return _receipt(report, message.provider, site_url), "report_created", report


def _aml_received(message: Message) -> tuple[str, str, Report | None]:
    """A handset's AML SMS (ETSI TS 103 625), sent by the phone itself while its user
    calls 112: kept as the caller's position, never a report, never answered (the
    phone sends it unseen; a reply would only puzzle its owner). The provider's
    sender is the handset's number. A wrong one raises AmlError: message_receive
    keeps it as failed, with its words and the reason."""
    fix = aml.sms_parse(message.text, device_number=message.sender, now=timezone.now())
    calls_services.handset_location_receive(
        fix=fix, device_number=message.sender, channel=AmlChannel.SMS
    )
    return "", "aml_position" if fix.has_position else "aml_no_position", None


def _over_phone_limit(sender: str) -> bool:
    """The public intake's per-phone limit (PUBLIC_REPORT_PHONE_RATE); staff are not limited."""
    if selectors.staff_with_phone(phone=sender):
        return False
    rate = ratelimit.parse_rate(settings.PUBLIC_REPORT_PHONE_RATE)
    return ratelimit.hit("phone", sender, rate) is not None


def _receipt(report: Report, provider: str, site_url: str, ask: str = "") -> str:
    """English: "report received, tracking code X, follow it at URL; share your location"."""
    link = f" Cek status: {site_url.rstrip('/')}/lacak/{report.tracking_code}/" if site_url else ""
    ask = ask or (
        "Bagikan lokasi Anda (fitur Lokasi WhatsApp) agar petugas cepat menemukan tempatnya."
        if provider == "whatsapp"
        else "Bila belum, kirim alamat lengkap kejadian."
    )
    return (
        f"Laporan Anda sudah kami terima. Kode lacak: {report.tracking_code}.{link} {ask} "
        "Dalam keadaan darurat, telepon 112."
    )


# --- locations -------------------------------------------------------------------


def report_attach_location(*, report: Report, lat: float, lon: float) -> str:
    """Put a reporter's shared location on their report, or on its incident.

    Before triage the report simply gets it (triage then uses it). After triage
    the incident is moved when its location is missing or uncertain, or when this
    report is its only one; an incident placed by other callers stays where it is.
    The move is logged as made by the message intake (a system actor).
    """
    updated = Report.objects.filter(
        pk=report.pk, state=ReportState.PENDING, incident__isnull=True, lat__isnull=True
    ).update(lat=lat, lon=lon)
    if updated:
        return "location_attached"
    report.refresh_from_db()
    incident = report.incident
    if incident is None or not incident.is_open:
        return "location_noted"
    uncertain = incident.lat is None or "low_confidence_location" in (incident.flags or [])
    if not (uncertain or incident.report_count <= 1):
        return "location_noted"
    try:
        dispatch_services.incident_locate(incident=incident, user=MESSAGES, lat=lat, lon=lon)
    except dispatch_services.ServiceError:
        # Kept on the message row: a dispatcher can still place the incident by hand.
        logger.warning("shared location not applied to incident %s", incident.pk, exc_info=True)
        return "location_noted"
    return "location_attached"


def _location_received(message: Message, site_url: str) -> tuple[str, str, Report | None]:
    assert message.lat is not None and message.lon is not None
    since = timezone.now() - timedelta(minutes=settings.MESSAGE_LOCATION_WINDOW_MINUTES)
    report = selectors.latest_report_from(
        phone=message.sender, channels=[message.provider], since=since
    )
    if report is None:
        # A location on its own is a report of its own: someone needs help there.
        text = "Lokasi dibagikan pelapor tanpa keterangan."
        if message.place:
            text += f" Tempat: {message.place}"
        report = dispatch_services.report_submit(
            text=text,
            channel=message.provider,
            lat=message.lat,
            lon=message.lon,
            reporter_phone=message.sender,
            reporter_name=message.sender_name,
        )
        # English: "please describe what happened by replying to this message".
        ask = "Mohon jelaskan apa yang terjadi dengan membalas pesan ini."
        reply = _receipt(report, message.provider, site_url, ask=ask)
        return reply, "report_created", report
    outcome = report_attach_location(report=report, lat=message.lat, lon=message.lon)
    # English: "location received for report X, thank you".
    reply = f"Lokasi diterima untuk laporan {report.tracking_code}. Terima kasih."
    return reply, outcome, report
