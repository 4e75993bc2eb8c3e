"""The console's own words, beyond catalog.py: the queue and alert lines, the
locate step, presence, and the sentences of the urgency engine's reasons.

The engine (priority/) writes its reasons as English text ("keyword 'kebakaran' ->
fire", "score 92 -> P1"): the evaluation and the command line read them so, and
they stay as they are. The console reads them by pattern (console/judgement.js)
and says them with these templates, in the operator's language; a reason no
pattern knows is shown as it came. The rules' own words (labels, topic names) are
in judgement_words.py.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from frontend.judgement_words import judgement_words


def judgement_sentences() -> dict[str, str]:
    """Templates of the engine's reasons; %(words)s are the caller's own words."""
    return {
        "keyword": _("keyword “%(words)s” → %(category)s"),
        "topic": _("topic “%(name)s” (base %(n)s)"),
        "channel": _("channel %(channel)s (+%(n)s)"),
        "score": _("score %(n)s → %(priority)s"),
        "signal": _("%(label)s: “%(words)s” (+%(n)s)"),
        "negated": _("negated: “%(words)s” (not %(label)s)"),
        "deescalated": _("lowered: “%(words)s” (%(label)s, %(n)s)"),
        "becomes": _("%(label)s: “%(words)s” → %(category)s"),
        "fast_signal": _("fast track: %(label)s (“%(words)s”)"),
        "fast_topic": _("fast track: %(label)s (topic “%(name)s”)"),
        "fast_with": _("fast track: %(name)s with %(label)s (“%(words)s”)"),
        "support_signal": _("support from %(agency)s (“%(words)s”)"),
        "support_also": _("support from %(agency)s: also %(category)s (%(name)s)"),
        "empty": _("no text"),
        "unreadable": _("no readable words (unsupported script)"),
        "symbols": _("no words (emoji or symbols only)"),
        "greeting": _("greeting or test message only"),
        "noise": _("mostly unrecognized words (noise)"),
    }


def same_event_sentences() -> dict[str, str]:
    """Templates of the duplicate matcher's reasons (priority.same_event), read by
    console/judgement.js; %(a)s and %(b)s are kinds, %(place)s a place's name."""
    return {
        "same_kind": _("same kind: %(a)s"),
        "related": _("%(a)s ~ %(b)s"),
        "related_named": _("%(a)s ~ %(b)s, each names the other"),
        "related_again": _("%(a)s ~ %(b)s, a complaint made again"),
        "as_the_rules_read": _("as the rules read them (the trained model filed one otherwise)"),
        "electrocuted": _("%(a)s ~ %(b)s: electrocuted by the line"),
        "smoking_short": _("%(a)s ~ %(b)s: a short circuit that smokes"),
        "both_speak": _("%(a)s ~ %(b)s: both speak of both"),
        "different": _("different kinds: %(a)s and %(b)s"),
        "different_unnamed": _("different kinds: %(a)s and %(b)s, neither names the other"),
        "too_long": _("too long after: %(span)s > %(limit)s"),
        "apart_m": _("%(m)s m apart (within %(reach)s m)"),
        "just_beyond": _("%(m)s m apart, just beyond %(reach)s m, minutes apart"),
        "too_far": _("too far: %(m)s m > %(reach)s m"),
        "same_place": _("the same place, %(place)s"),
        "same_name": _("the same place named: %(place)s"),
        "same_words": _("the same words in both: %(place)s"),
        "other_streets": _("each names another street"),
        "no_crash": _("the patient's caller says no one hit them: not the crash"),
        "in_named_village": _("in the village named, %(place)s"),
        "words_only": _("placed by words only"),
        "called_back": _("called back from elsewhere"),
        "earlier_caller": _("the earlier caller, calling again from elsewhere in the area"),
        "chase": _("in pursuit: the caller follows the culprit elsewhere in the area"),
        "on_its_way": _("one birth, on its way to care: the mother is being brought"),
        "seen_from_far": _("seen from far: %(m)s m apart, one area"),
        "wide": _("felt across the whole area"),
        "nowhere": _("one of them says nothing of where: one search"),
        "nowhere_soon": _("one of them says nothing of where, minutes apart, in alike words"),
        "nowhere_kind": _("one of them says nothing of where, minutes apart, of the same kind"),
        "not_merged": _("shown, not merged: the place is not known"),
        "lone": _("merged: the only open incident of its kind, confirm the place with the caller"),
        "new_victim": _("a collapse or a victim its callers never spoke of: a rescue of its own"),
        "left_behind": _("what the event left behind, of another kind: a job of its own"),
        "looted": _("a theft during the event: a job of its own for the police"),
        "responder_hurt": _(
            "a responder hurt at the scene: a patient of their own, linked to the incident"
        ),
        "in_the_jam": _("a patient of the caller's own, stuck in the jam behind the crash"),
        "again": _("it happened again, hours later: a new event"),
        "no_place": _("no place in common"),
        "asks_elsewhere": _("a question about another place"),
        "time_apart": _("%(span)s apart"),
        "words": _("words alike %(n)s"),
        "one_person": _("one person's emergency each? %(span)s apart, words alike %(n)s"),
        "another_person": _("another person: the caller says there is one more"),
        "other_person": _("another person: the callers describe different people"),
        "other_crash": _("another crash: the callers describe different vehicles"),
        "other_theft": _("another theft: the callers say different things were taken"),
        "new_event": _("the caller says it is another event"),
        "names_other": _("the caller reported before and now names something else"),
        "span_min": _("%(n)s min"),
        "span_h": _("%(n)s h"),
        "span_d": _("%(n)s d"),
    }


def location_providers() -> dict[str, str]:
    """Who placed a report, in words ("Lokasi dari none (0%)" said nothing)."""
    return {
        "none": _("not found"),
        "coordinates": _("the caller's device"),
        "gazetteer": _("the gazetteer (place names)"),
        "landmarks": _("a known landmark"),
        "dispatcher": _("a dispatcher"),
        "nominatim": _("the online geocoder"),
    }


def console_extra_strings() -> dict[str, object]:
    return {
        "judgement": judgement_sentences(),
        "same_event": same_event_sentences(),
        "judgement_words": judgement_words(),
        "providers": location_providers(),
        "no_place_name": _("Place without a name"),
        "unlocated_row": _("NO LOCATION: ask the caller"),
        "report_count": _("%(n)s report(s)"),
        "open_incident": _("Open"),
        "acknowledge": _("OK, seen"),
        "more_alerts": _("+%(n)s more unclaimed P1: show all"),
        "fewer_alerts": _("Show fewer alerts"),
        "caller_words": _("Caller's words"),
        "caller_contact": _("Reporter"),
        "no_contact": _("no contact given"),
        "call_back": _("Call back"),
        "words_point_to": _("The report's words point to"),
        "locate_search": _("Search a kelurahan, kecamatan or landmark"),
        "locate_none": _("No place of that name: click the map instead."),
        "place_kind_village": _("kelurahan/desa"),
        "place_kind_district": _("kecamatan"),
        "place_kind_regency": _("kabupaten/kota"),
        "place_kind_province": _("province"),
        "place_kind_landmark": _("landmark"),
        "merge": _("Merge"),
        "confirm_merge": _("Click again: merge #%(other)s into #%(id)s"),
        "split": _("Split off into a new incident"),
        "confirm_split": _("Click again: this report becomes an incident of its own"),
        "unplaced_callers": _("%(n)s caller(s) merged without a place: confirm it with them"),
        "report_unplaced": _(
            "This caller said nothing of where: confirm it is this event's place, or split"
            " the report off"
        ),
        "presence_title": _("On duty"),
        "presence_online": _("%(n)s online"),
        "presence_none": _("nobody online"),
        "presence_waiting": _("waiting for the server…"),
    }
