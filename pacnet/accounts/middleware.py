"""Idle sessions end: an active session's expiry moves forward, at most once a minute."""

from __future__ import annotations

import time

from django.contrib.auth import SESSION_KEY

RENEW_KEY = "pacnet_renew_at"
RENEW_SECONDS = 60  # one session write a minute, not one per request


class IdleSessionMiddleware:
    """Each save of the session sets its expiry to now + SESSION_COOKIE_AGE (the idle time).

    The session is saved when something changed it (a login, a message) or when its renewal
    is due; a session left alone for the idle time expires in the session store.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.accessed or SESSION_KEY not in session:
            return response
        now = time.time()
        due = session.get(RENEW_KEY)
        if session.modified or (due is not None and now >= due):
            session[RENEW_KEY] = now + RENEW_SECONDS
        return response
