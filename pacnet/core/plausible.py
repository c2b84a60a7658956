"""When something that happened can have happened: not after today, not before the network.

Services call these for the dates of events (status changes, repairs, faults, sessions,
tallies, openings); imports call the same through the services before they write.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pacnet.core.errors import DomainError

# No point of the network had public computers before this: an earlier date is a typo.
EARLIEST_DAY = dt.date(2000, 1, 1)


def day_problem(day: dt.date | None, *, today: dt.date | None = None) -> str | None:
    """Why `day` cannot be the date of something that happened, or None."""
    if day is None:
        return None
    if day > (today or timezone.localdate()):
        return _("This date is in the future.")
    if day < EARLIEST_DAY:
        return _("This date is before %(day)s: check the year.") % {
            "day": date_format(EARLIEST_DAY, "SHORT_DATE_FORMAT")
        }
    return None


def moment_problem(moment: dt.datetime | None, *, now: dt.datetime | None = None) -> str | None:
    """Why `moment` cannot be the time of something that happened, or None."""
    if moment is None:
        return None
    if moment > (now or timezone.now()):
        return _("This time is in the future.")
    return day_problem(timezone.localdate(moment), today=dt.date.max)


def day_check(field: str, day: dt.date | None, *, today: dt.date | None = None) -> None:
    """Refuse, on `field`, a date that has not come or is implausibly old."""
    problem = day_problem(day, today=today)
    if problem:
        raise DomainError({field: problem})


def moment_check(field: str, moment: dt.datetime | None, *, now: dt.datetime | None = None) -> None:
    """Refuse, on `field`, a time that has not come or is implausibly old."""
    problem = moment_problem(moment, now=now)
    if problem:
        raise DomainError({field: problem})
