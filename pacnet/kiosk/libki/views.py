"""The Libki client API at /api/client/v1_0: no login, no CSRF, no redirect (the client
follows none); the client authenticates by its node name and the point's optional header."""

from __future__ import annotations

import logging

from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from pacnet.kiosk.libki import actions, answers
from pacnet.kiosk.libki.query import parse_query

logger = logging.getLogger(__name__)


def _not_allowed() -> JsonResponse:
    response = answers.respond({"error": "METHOD NOT ALLOWED"})
    response.status_code = 405
    return response


@csrf_exempt
def client_api(request):
    if request.method not in ("GET", "HEAD"):
        return _not_allowed()
    libki = actions.LibkiRequest(
        params=parse_query(request.META.get("QUERY_STRING", "")),
        headers=request.headers,
        address=request.META.get("REMOTE_ADDR", ""),
        now=timezone.now(),
    )
    return answers.respond(actions.answer(libki))


@csrf_exempt
def client_print(request):
    """Always 200: on any other status the client posts the same job again at once, forever."""
    if request.method != "POST":
        return _not_allowed()
    try:
        upload = request.FILES.get("print_file")
        answer = actions.print_upload(
            fields=request.POST,
            upload=upload,
            size=upload.size if upload is not None else 0,
            headers=request.headers,
        )
    except Exception:  # a 5xx would make the client resend the job in a tight loop
        logger.exception("Libki print upload failed")
        answer = answers.printed(error="NOT RECEIVED")
    return answers.respond(answer)
