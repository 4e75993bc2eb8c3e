"""Translated labels of the code lists, for templates and for the page scripts.

Scripts get their strings from the page as JSON (json_script), in the
language of the request: no JS translation catalogue to keep in sync.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dispatch.models import (
    AgencyKind,
    AssignmentRole,
    CancelReason,
    Category,
    Channel,
    EventType,
    LocationState,
    ReportState,
    Status,
)
from geo.models import PlaceKind
from priority import questions


def sector_labels() -> dict[str, str]:
    return {
        "health": _("Health"),
        "social": _("Social welfare"),
        "fire_rescue": _("Fire and rescue"),
        "disaster": _("Disaster"),
        "traffic": _("Traffic"),
        "security": _("Security and public order"),
        "infrastructure": _("Infrastructure"),
        "environment": _("Environment"),
        "administration": _("Public administration"),
        "information": _("Information and aspirations"),
        "other": _("Other"),
    }


def short_priority_labels() -> dict[str, str]:
    return {
        "P1": _("P1 immediate"),
        "P2": _("P2 urgent"),
        "P3": _("P3 needs handling"),
        "P4": _("P4 not urgent"),
    }


def code_labels() -> dict[str, dict[str, str]]:
    """Every code list the screens show, code -> label in the active language."""
    return {
        "category": {code: str(label) for code, label in Category.choices},
        "priority": short_priority_labels(),
        "status": {code: str(label) for code, label in Status.choices},
        "cancel_reason": {code: str(label) for code, label in CancelReason.choices},
        "channel": {code: str(label) for code, label in Channel.choices},
        "agency_kind": {code: str(label) for code, label in AgencyKind.choices},
        "role": {code: str(label) for code, label in AssignmentRole.choices},
        "report_state": {code: str(label) for code, label in ReportState.choices},
        "location_state": {code: str(label) for code, label in LocationState.choices},
        "place_kind": {code: str(label) for code, label in PlaceKind.choices},
        "event": event_labels(),
        "flag": flag_labels(),
    }


def event_labels() -> dict[str, str]:
    return {code: str(label) for code, label in EventType.choices}


def event_types() -> dict[str, str]:
    """The event types by name, for scripts: `page.events.OPENED` is "incident.opened"."""
    return {member.name: member.value for member in EventType}


def flag_labels() -> dict[str, str]:
    return {
        "low_confidence_location": _("Location uncertain"),
        "prank_suspect": _("Possible prank"),
        "callers_raised": _("Raised by several callers"),
    }


def tracking_status_labels() -> dict[str, str]:
    """What the reporter sees on /lacak/: plain words, no internal jargon."""
    return {
        "received": _("Report received"),
        "new": _("Waiting for an agency"),
        "claimed": _("Taken by an agency"),
        "en_route": _("Officers on their way"),
        "on_scene": _("Officers on the scene"),
        "resolved": _("Handled"),
        "closed": _("Closed"),
        "cancelled": _("Closed without action"),
    }


def common_strings() -> dict[str, Any]:
    """Strings every page script may need."""
    return {
        "status_connecting": _("Connecting…"),
        "status_live": _("Live"),
        "status_reconnecting": _("Reconnecting…"),
        "status_resyncing": _("Catching up…"),
        "status_signed_out": _("Signed out: sign in again"),
        "overdue": _("overdue"),
        "left": _("left"),
        "network_error": _("Not sent: no connection. Check the signal and try again."),
        "server_error": _("The server could not do this. Try again."),
        "saving": _("Saving…"),
        "retry": _("Try again"),
        "seconds_short": _("s"),
        "minutes_short": _("min"),
        "hours_short": _("h"),
        "days_short": _("d"),
        "ago": _("ago"),
        # Which deadline a countdown is about, with the span: one format on every screen.
        "claim_left": _("claim due in %(span)s"),
        "claim_overdue": _("claim overdue by %(span)s"),
        "resolve_left": _("resolve due in %(span)s"),
        "resolve_overdue": _("resolve overdue by %(span)s"),
        "due_left": _("%(span)s left"),
        "due_overdue": _("overdue by %(span)s"),
        "no_location": _("No location"),
        # Photos and voice notes of an incident (frontend/media.js).
        "media_photo": _("Photo from the scene"),
        "media_open": _("Open the photo (without its location data)"),
        "media_original": _("original"),
        "media_voice": _("Voice note"),
        "media_voice_restricted": _(
            "Voice note: only the desk and the agency handling the incident may hear it"
        ),
        "media_crew": _("Photos from the crew"),
        "tiles_unavailable": _(
            "The online map cannot be loaded (no internet?): the built-in offline map is "
            "shown. Incidents are still shown live."
        ),
    }


def location_reasons() -> dict[str, str]:
    """Why a point is where it is, or why there is none: the sentences of the
    reason codes of geo.evidence, with their %(words)s, %(place)s... filled in."""
    return {
        "named": _("Named in the report: “%(words)s” → %(place)s"),
        "landmark": _("a known landmark"),
        "marker": _("announced as Kel., Kec. or Desa"),
        "with_parent": _("named with %(parents)s"),
        "distinct_name": _("a name no other place has"),
        "name_in_area": _("a name of this area"),
        "named_outside_area": _("outside this area, named in full"),
        "district_only": _("only the kecamatan is known: ask for the kelurahan"),
        "regency_only": _("only the city or regency is known: ask for the place"),
        "whole_area": _("“%(words)s” is this whole area: ask where in it"),
        "common_word": _("“%(words)s” is an everyday word, not a place name here"),
        "person_name": _("“%(words)s” is a person's name here, not a place"),
        "typed_coordinates": _("Coordinates typed in the report: %(words)s"),
        "outside_area": _("“%(words)s” is %(place)s, outside this area: ask the caller"),
        "town_outside": _("“%(words)s” is %(place)s, outside this area: ask the caller"),
        "several_places": _("%(count)s villages here are called “%(words)s”: ask which one"),
        "several_in_parent": _(
            "%(count)s villages of the area named with it are called “%(words)s”: placed at "
            "the area's centre, ask which one"
        ),
        "numbered_villages": _(
            "“%(words)s” is %(count)s numbered villages close together: placed between them, "
            "ask which one"
        ),
        "street_name": _("Only a street name (“%(words)s”): ask for the kelurahan"),
        "nothing_named": _("No place named: ask the caller where it is"),
        "caller_unsure": _("The caller does not know where it is: ask for what they see"),
        "device": _("The caller's phone location"),
        "device_outside": _("The phone's location is outside Indonesia (a broken GPS)"),
        "text_elsewhere": _("The report names %(place)s, %(km)s km from this point"),
        "device_elsewhere": _(
            "The caller is not at the scene: their phone is at %(place)s, %(km)s km away"
        ),
        "address_elsewhere": _(
            "The address field says %(place)s, %(km)s km away (the reporter's home?): ask"
        ),
        "device_shared": _("Location shared by the reporter"),
        "placed_by_dispatcher": _("Placed by a dispatcher"),
        "geocoder": _("From the geocoder %(provider)s"),
    }


def key_questions() -> dict[str, str]:
    """The key questions (priority.questions), in the language of the request."""
    english = get_language() == "en"
    return {q.id: q.text_en if english else q.text_id for q in questions.QUESTIONS}


def public_questions() -> list[dict[str, str]]:
    """The few key questions the public form asks: [{id, text}]."""
    texts = key_questions()
    return [{"id": q.id, "text": texts[q.id]} for q in questions.QUESTIONS if q.public]


def console_strings() -> dict[str, str]:
    return {
        "location_reasons": location_reasons(),  # type: ignore[dict-item]
        "place_new": _("A new landmark here"),
        "place_edit": _("Correct this landmark"),
        "place_move_hint": _("Click the map where the place really is."),
        "answer_yes": _("Yes"),
        "answer_no": _("No"),
        "answer_unknown": _("Don't know"),
        "key_questions": _("Ask the caller"),
        "acknowledge": _("OK"),
        "agencies": _("Agencies"),
        "cancel_incident": _("Cancel incident"),
        "claim_by": _("Claim by"),
        "click_hint": _("No location yet: click the map to set it."),
        "confirm_cancel": _("Click again to cancel"),
        "detail_unread": _("The details could not be loaded: no connection. Check the signal."),
        "done": _("Saved."),
        "duty_stale": _("not updated: no connection"),
        "drag_hint": _("Drag the pin on the map to move the location."),
        "fast_track": _("fast track"),
        "likely_duplicate": _("likely the same event"),
        "merge_prepare": _("Merge…"),
        "loading": _("Loading…"),
        "located_by": _("Located by"),
        "located_nowhere": _("Location: not found"),
        "location": _("Location"),
        "location_set": _("Location set:"),
        "match": _("match"),
        "more_alerts": _("%(n)s more unclaimed P1: see the queue."),
        "move_to": _("Move the location to"),
        "new_report_pin": _("New report"),
        "no_agency": _("No agency"),
        "no_duplicates": _("No open incident nearby looks like this one."),
        "not_found": _("not found"),
        "p1_alert": _("New P1"),
        "pick_hint": _("Click the map to set the location."),
        "preview_place": _("Where the report's words put it: click to take this point"),
        "preview_empty": _("Start typing: the assessment appears here."),
        "queue_more": _("%(n)s more: narrow the filters to see them."),
        "reports_short": _("reports"),
        "resolve_by": _("Resolve by"),
        "save_report": _("Save report"),
        "saved": _("Report saved."),
        "score": _("score"),
        "show": _("Show"),
        "sound_off": _("Sound off: click to enable"),
        "sound_on": _("Sound on"),
        "text_required": _("Write what the caller says."),
        "tracking_code": _("Tracking code"),
        "uncertain": _("uncertain"),
        "updating": _("updating…"),
    }


def agency_strings() -> dict[str, str]:
    return {
        "back": _("Back"),
        "call": _("Call"),
        "callback": _("Call the reporter back"),
        "callback_audited": _("Your call back is recorded in the audit log."),
        "claim": _("Claim"),
        "claim_by": _("Claim by"),
        "detail_unread": _("The details could not be loaded: no connection. Check the signal."),
        "done": _("Saved."),
        "duty_stale": _("not updated: no connection"),
        "en_route": _("On our way"),
        "hide_alert": _("Put this alert away"),
        "hide_detail": _("Hide details"),
        "led_by": _("Led by"),
        "loading": _("Loading…"),
        "new_p1": _("New P1"),
        "more_p1": _("more P1s waiting: see Incoming"),
        "p1_waiting": _("P1 waiting to be claimed"),
        "note_required": _("Write what was done before resolving."),
        "on_duty": _("On duty"),
        "on_scene": _("On the scene"),
        "open_map": _("Open in maps"),
        "release": _("Release…"),
        "release_note": _("Why release it? (e.g. not ours, no unit free)"),
        "release_send": _("Release"),
        "reports_short": _("reports"),
        "resolve": _("Resolve…"),
        "resolve_by": _("Resolve by"),
        "resolve_note": _("What was done (required)"),
        "resolve_send": _("Resolve"),
        "show": _("Show"),
        "show_detail": _("Details"),
        "sound_off": _("Sound off: click to enable"),
        "sound_on": _("Sound on"),
        "updated": _("Updated"),
        "escalations": escalation_strings(),
    }


def escalation_strings() -> dict[str, Any]:
    """The board's escalation alerts (frontend/static/frontend/agency_escalations.js);
    the codes are interop.models.AlertReason and DutyRole."""
    return {
        "title": _("Alerts waiting for acknowledgement"),
        "acknowledge": _("Acknowledge"),
        "sent_to": _("Sent to the %(role)s %(age)s."),
        "next_step": _("Goes one step up in %(min)s min unless acknowledged."),
        "last_step": _("Last step of the chain reached."),
        "reason": {
            "routed": _("P1 routed to us"),
            "claim_deadline": _("Claim deadline passed"),
            "resolve_deadline": _("Resolve deadline passed"),
        },
        "role": {
            "officer": _("duty officer"),
            "head": _("head of agency"),
            "supervisor": _("supervisor"),
        },
    }


def public_strings() -> dict[str, str]:
    return {
        "reports_short": _("reports"),
        "since": _("since"),
        "none": _("No active incidents right now."),
    }


def track_strings() -> dict[str, str]:
    """The tracking page's live part (frontend/static/frontend/track.js)."""
    return {
        "received": _("Received"),
        "category": _("Category"),
        "priority": _("Priority"),
        "state": _("State"),
        "processing": _("Your report is being processed."),
        "failed": _("An officer is looking at your report."),
        "live": _("This page updates by itself."),
        "updated_at": _("Last checked at"),
        "offline": _("No connection: the state shown may be old. Trying again…"),
        "network_error": _("Not sent: no connection. Check the signal and try again."),
        "server_error": _("The server could not do this. Try again."),
    }


def report_form_strings() -> dict[str, str]:
    return {
        "locating": _("Finding your location…"),
        "located": _("Location found:"),
        "accuracy": _("accuracy about"),
        "geo_denied": _("Location not shared. Write the address instead."),
        "geo_unavailable": _("Your device cannot tell the location. Write the address instead."),
        "text_required": _("Tell us what happened."),
        "place_required": _("Share your location or write an address."),
        "consent_required": _(
            "Tick the consent box to send your name and phone, or leave them empty."
        ),
        "sending": _("Sending…"),
        "send": _("Send report"),
        "network_error": _("Not sent: no connection. Your words are kept: try again."),
        "rate_limited": _("Too many reports from this connection. Wait a minute and try again."),
        "server_error": _("The server could not take the report. Try again."),
    }
