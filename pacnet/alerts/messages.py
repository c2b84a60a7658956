"""Alert messages: English message ids with named parameters, translated when shown.

Parameters are stored language-neutral and formatted for the reader here: keys ending in
`_on` are ISO dates (shown dd/mm/yyyy), `ratio`, `minimum` and `availability` are fractions
(shown as percents), `month` is "YYYY-MM" (shown mm/yyyy).
"""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop, ngettext

from pacnet.core.tables import percent_text

WARRANTY_ENDING = gettext_noop("The warranty of %(item)s ends on %(ends_on)s.")
END_OF_LIFE = gettext_noop(
    "Computer %(item)s reached its expected end of life on %(end_of_life_on)s."
)
FAULT_OPEN = gettext_noop("Fault #%(fault)s on %(target)s has been open since %(reported_on)s.")
MAINTENANCE_OVERDUE = gettext_noop(
    "Maintenance “%(plan)s” was due on %(due_on)s and is overdue (%(items)s items)."
)
# Stored messages keep their plural msgid; the singular and the counted parameter pick the form.
SINGULAR = {
    MAINTENANCE_OVERDUE: (
        "Maintenance “%(plan)s” was due on %(due_on)s and is overdue (%(items)s item).",
        "items",
    ),
}
LOW_WORKING_RATIO = gettext_noop(
    "Only %(working)s of %(in_service)s computers are working (%(ratio)s, below %(minimum)s)."
)
NO_COMPUTER = gettext_noop("No computer is in service at this point.")
LINE_AVAILABILITY = gettext_noop(
    "The Internet line was up %(availability)s of the time in %(month)s, below %(minimum)s."
)

PERCENT_KEYS = {"ratio", "minimum", "availability"}


def _percent(value: float) -> str:
    return percent_text(value)


def _shown(key: str, value):
    if value is None:
        return "—"
    if key.endswith("_on"):
        return date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    if key in PERCENT_KEYS:
        return _percent(value)
    if key == "month":
        year, month = str(value).split("-")
        return f"{month}/{year}"
    return value


def alert_text(message: str, params: dict) -> str:
    """The message in the active language, its parameters formatted for the reader."""
    shown = {key: _shown(key, value) for key, value in params.items()}
    if message in SINGULAR:
        singular, counted = SINGULAR[message]
        return ngettext(singular, message, int(params[counted])) % shown
    return gettext(message) % shown
