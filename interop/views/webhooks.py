"""`/webhooks/whatsapp/` and `/webhooks/sms/`: provider callbacks into the intake.

Plain Django views: the signature is over the raw body, read before any parsing.
Whatever a stranger sends gets a 4xx with a short JSON reason: 403 for a missing
or wrong signature, 400 for a body that is not what the provider sends. Within a
signed body each message stands alone: one that fails is kept as failed and the
answer is still 200, or the provider would resend the whole batch for ever.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from interop import services
from interop.messaging import InboundMessage, WebhookError, adapter_for
from interop.messaging import whatsapp as wa


def _refused(exc: WebhookError) -> JsonResponse:
    return JsonResponse({"error": exc.message}, status=exc.status)


def _receive(request: HttpRequest, messages: list[InboundMessage]) -> JsonResponse:
    """200 with counts, even when some failed: those are kept (InboundMessage, outcome
    "failed") and a retry of the batch would not make them work."""
    site_url = request.build_absolute_uri("/")
    results = [services.message_receive(message=m, site_url=site_url) for m in messages]
    duplicates = sum(1 for r in results if r.duplicate)
    failed = sum(1 for r in results if r.failed)
    return JsonResponse(
        {"received": len(results) - duplicates - failed, "duplicates": duplicates, "failed": failed}
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def whatsapp(request: HttpRequest) -> HttpResponse:
    # The Cloud API's own adapter: only it has the GET verification handshake.
    adapter = wa.adapter()
    try:
        if request.method == "GET":
            challenge = adapter.handshake(request)
            return HttpResponse(challenge, content_type="text/plain; charset=utf-8")
        adapter.verify(request)
        messages = adapter.parse(request)
    except WebhookError as exc:
        return _refused(exc)
    return _receive(request, messages)


@csrf_exempt
@require_http_methods(["POST"])
def sms(request: HttpRequest) -> HttpResponse:
    adapter = adapter_for("sms")
    try:
        adapter.verify(request)
        messages = adapter.parse(request)
    except WebhookError as exc:
        return _refused(exc)
    return _receive(request, messages)
