"""The field app at /lapangan/ (docs/ARCHITECTURE.md, "Field app"): a phone page
for a unit's crew, installable (manifest, service worker), that keeps working
offline. The page scripts (units/static/units/field*.js) queue the crew's actions
in IndexedDB and replay them with an `Idempotency-Key` through the units API.

Like every page, nothing runs inline: page data travels as `json_script` and
every script is a static file (frontend/middleware.py).
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_safe

from dispatch.models import Category
from dispatch.roles import Role, role_of
from units import selectors
from units.models import UnitKind, UnitStatus
from units.projections import units_payload
from units.services.status import UNIT_TRANSITIONS

# The crew's steps, in the order of a call; `assigned` is the desk's word, and
# `out_of_service` is left to the agency board.
STEPS = ("en_route", "on_scene", "transporting", "returning", "available")

# What the service worker keeps for offline use: the page and every file it loads.
SHELL_STATIC = (
    "units/field.css",
    "units/field.js",
    "units/field-queue.js",
    "units/field-sync.js",
    "units/field-duty.js",
    "units/field-photo.js",
    "frontend/common.js",
    "realtime/client.js",
    "frontend/icon.svg",
)
# Bumped when the worker's own logic changes: old caches are dropped on activation.
SHELL_CACHE = "lapangan-shell-v2"


def step_labels() -> dict[str, str]:
    return {
        "en_route": pgettext("field app step", "Depart"),
        "on_scene": pgettext("field app step", "Arrived"),
        "transporting": pgettext("field app step", "Carrying a patient"),
        "returning": pgettext("field app step", "Return"),
        "available": pgettext("field app step", "Available"),
    }


def field_strings() -> dict[str, str]:
    return {
        "pick_unit": _("Pick your unit"),
        "offline_waiting": _("Offline — %(n)s actions waiting"),
        "offline": _("Offline"),
        "sending": _("Sending %(n)s actions…"),
        "positions_waiting": _("%(n)s position batches waiting"),
        "conflict": _("Not applied: %(step)s. %(detail)s"),
        "refused": _("Refused: %(step)s. %(detail)s"),
        "positions": _("positions"),
        "signed_out": _("Signed out: sign in again to send the waiting actions."),
        "duty_on": _("On duty: the position is shared every %(n)s s."),
        "duty_off": _("Off duty: the position is not shared."),
        "geo_denied": _("Location not allowed: allow it for this site to share the position."),
        "geo_unavailable": _("This device cannot tell the location."),
        "last_fix": _("Last position"),
        "status_connecting": _("Connecting…"),
        "status_live": _("Live"),
        "status_reconnecting": _("Reconnecting…"),
        "status_resyncing": _("Catching up…"),
        "status_signed_out": _("Signed out: sign in again"),
        "not_sent_yet": _("(not sent yet)"),
        "photo_sent": _("Photo added to the incident."),
        "photo_offline": _("Photo not sent: no connection. Take it again when there is a signal."),
        "photo_refused": _("Photo refused:"),
    }


def page_data(request: HttpRequest) -> dict[str, Any]:
    agency = request.user.staff.agency
    units = list(selectors.units_visible_to(request.user).order_by("call_sign"))
    return {
        "agency": {"id": agency.pk, "kind": agency.kind, "name": agency.name},
        "user": request.user.get_username(),
        "units": units_payload(units),
        "steps": list(STEPS),
        "transitions": {old: sorted(new) for old, new in UNIT_TRANSITIONS.items()},
        "labels": {
            "step": step_labels(),
            "unit_status": {code: str(label) for code, label in UnitStatus.choices},
            "unit_kind": {code: str(label) for code, label in UnitKind.choices},
            "category": {code: str(label) for code, label in Category.choices},
        },
        "strings": field_strings(),
        "position_interval_s": settings.UNIT_POSITION_INTERVAL_S,
        "worker": reverse("field-worker"),
    }


@require_safe
@ensure_csrf_cookie
def field_page(request: HttpRequest) -> HttpResponse:
    """`/lapangan/`: the crew's page. Agency staff only; others are told why."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if role_of(request.user) != Role.AGENCY:
        return render(request, "units/field_refused.html", status=403)
    labels = step_labels()
    context = {"page": page_data(request), "steps": [(step, labels[step]) for step in STEPS]}
    return render(request, "units/field.html", context)


@require_safe
def field_manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: public (browsers fetch it without the session), no data."""
    manifest = {
        "name": _("Call Center 112 — Field"),
        "short_name": _("112 Field"),
        "description": _("Status and position of an agency unit, also offline."),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("field"),
        "scope": reverse("field"),
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#f4f5f7",
        "theme_color": "#16202c",
        "icons": [
            {
                "src": static("frontend/icon.svg"),
                "sizes": "any",
                "type": "image/svg+xml",
                "purpose": "any",
            }
        ],
    }
    response = JsonResponse(manifest, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@require_safe
def field_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, from /lapangan/ so its scope is the field app's.

    Never cached by HTTP: a browser checks it on every visit, so a new shell list
    reaches phones at once (the shell itself is refreshed from the network whenever
    there is one).
    """
    shell = [reverse("field"), reverse("field-manifest")] + [static(p) for p in SHELL_STATIC]
    context = {"shell": json.dumps(shell), "cache": json.dumps(SHELL_CACHE)}
    response = render(
        request, "units/field-sw.js", context, content_type="text/javascript; charset=utf-8"
    )
    response["Service-Worker-Allowed"] = reverse("field")
    response["Cache-Control"] = "no-cache, no-store, must-revalidate"
    return response
