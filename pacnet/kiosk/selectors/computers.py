"""Which computer a kiosk token is, and what a computer's presence says."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.utils import timezone

from pacnet.inventory.models import Equipment
from pacnet.kiosk.models import ComputerPresence, KioskToken


def secret_digest(secret: str) -> str:
    """Tokens and enrolment codes are stored as SHA-256: long random secrets need no salt."""
    return hashlib.sha256(secret.encode()).hexdigest()


def token_computer(token: str) -> Equipment | None:
    """The computer whose token in force this is, with its point; None for any other text."""
    if not token or len(token) > 200:
        return None
    found = (
        KioskToken.objects.filter(digest=secret_digest(token), revoked_at__isnull=True)
        .select_related("computer__site")
        .only("computer")
        .first()
    )
    return found.computer if found else None


def silent_after() -> dt.timedelta:
    return dt.timedelta(minutes=settings.PACNET_KIOSK_SILENT_MINUTES)


def is_online(presence: ComputerPresence | None, now: dt.datetime | None = None) -> bool:
    if presence is None:
        return False
    return presence.last_seen >= (now or timezone.now()) - silent_after()
