"""What a locked-out login gets: the login page with the reason (web), or JSON (API)."""

from __future__ import annotations

import math

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

LOCKOUT_STATUS = 429


def lockout_minutes() -> int:
    return math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)


def lockout_message() -> str:
    return _(
        "Too many wrong passwords: this user name is locked on this computer for %(minutes)d "
        "minutes. Try again later, or ask the province administrator to unlock it."
    ) % {"minutes": lockout_minutes()}


def _wants_json(request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get(
        "Accept", ""
    )


def lockout_response(request, response, credentials):
    """AXES_LOCKOUT_CALLABLE: called by axes' middleware instead of the login page's answer."""
    if _wants_json(request):
        return JsonResponse({"detail": lockout_message()}, status=LOCKOUT_STATUS)
    context = {"form": AuthenticationForm(request), "lockout": lockout_message()}
    return render(request, "accounts/login.html", context, status=LOCKOUT_STATUS)
