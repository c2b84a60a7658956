"""Every read of the kiosk app that is more than a one-line query; import from here."""

from pacnet.kiosk.selectors.rules import (
    closed_on,
    minutes_to_closing,
    rules_json,
    rules_of,
    warning_minutes,
)

__all__ = [
    "closed_on",
    "minutes_to_closing",
    "rules_json",
    "rules_of",
    "warning_minutes",
]
