"""Kiosk PINs of patrons and guest passes, hashed with a salt.

A PIN has a few digits: its strength is the sign-in throttle, not the hash, so the hash is
light enough for a Libki client that sends the PIN every 10 seconds.
"""

from __future__ import annotations

import re
import secrets

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.utils.translation import gettext as _

from pacnet.core.errors import DomainError

PIN_PATTERN = re.compile(r"^[0-9]{4,8}$")
GUEST_PIN_DIGITS = 4


class PinHasher(PBKDF2PasswordHasher):
    algorithm = "pbkdf2_pin"
    iterations = 20_000


_HASHER = PinHasher()


def pin_check(pin: str) -> str:
    pin = (pin or "").strip()
    if not PIN_PATTERN.match(pin):
        raise DomainError({"pin": _("A PIN is 4 to 8 digits.")})
    return pin


def pin_hash(pin: str) -> str:
    return _HASHER.encode(pin_check(pin), _HASHER.salt())


def pin_matches(pin: str, hashed: str) -> bool:
    """False for no PIN on record: a PIN that was never set matches nothing."""
    if not hashed or not pin:
        return False
    return _HASHER.verify(pin, hashed)


def pin_new() -> str:
    return "".join(secrets.choice("0123456789") for _i in range(GUEST_PIN_DIGITS))
