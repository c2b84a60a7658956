"""A point's weekly opening hours: periods in minutes since midnight, read and written as text.

The text is what `pacnet kiosk_rules --set hours=...` and the points import take:
`mon-fri 07:30-11:30,13:30-17:00; sat 07:30-11:30; sun closed` or `mon-sun 00:00-24:00`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from pacnet.core.errors import DomainError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_MINUTES = 24 * 60
_TIME = re.compile(r"^([01]?\d|2[0-4])[:h.]([0-5]\d)$")
_DAYS = re.compile(r"^([a-z0-9]{2,3})(?:\s*-\s*([a-z0-9]{2,3}))?$")
# Librarians write Vietnamese day names short: t2 (thứ hai, Monday) … t7, cn (chủ nhật).
_VIETNAMESE_DAYS = {"t2": "mon", "t3": "tue", "t4": "wed", "t5": "thu", "t6": "fri", "t7": "sat"}
_VIETNAMESE_DAYS["cn"] = "sun"
_CLOSED = {"closed", "nghỉ", "đóng"}


@dataclass(frozen=True, order=True)
class Period:
    weekday: int  # 0 = Monday
    opens: int  # minutes since midnight
    closes: int  # up to 1440 (24:00)


def minute_text(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _minute(text: str) -> int:
    match = _TIME.match(text.strip())
    if not match:
        raise DomainError({"hours": _("“%(time)s” is not a time such as 07:30.") % {"time": text}})
    minute = int(match.group(1)) * 60 + int(match.group(2))
    if minute > DAY_MINUTES:
        raise DomainError({"hours": _("“%(time)s” is not a time such as 07:30.") % {"time": text}})
    return minute


def _days(text: str) -> list[int]:
    match = _DAYS.match(text.strip().lower())
    first_day = last_day = None
    if match:
        first_day = _VIETNAMESE_DAYS.get(match.group(1), match.group(1))
        last_day = match.group(2) and _VIETNAMESE_DAYS.get(match.group(2), match.group(2))
    if not match or first_day not in DAYS or (last_day or "mon") not in DAYS:
        raise DomainError(
            {"hours": _("“%(days)s” is not a day or days such as mon-fri.") % {"days": text}}
        )
    first = DAYS.index(first_day)
    last = DAYS.index(last_day) if last_day else first
    if last < first:
        raise DomainError(
            {"hours": _("“%(days)s” is not a day or days such as mon-fri.") % {"days": text}}
        )
    return list(range(first, last + 1))


def hours_parse(text: str) -> list[Period]:
    """The periods the text says; an empty text is no hours set. Raises DomainError on "hours"."""
    periods: dict[int, list[tuple[int, int]]] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        head, _sep, times = part.partition(" ")
        days = _days(head)
        times = times.strip().lower()
        if not times:
            raise DomainError(
                {"hours": _("Give times or “closed” after “%(days)s”.") % {"days": head}}
            )
        spans: list[tuple[int, int]] = []
        if times not in _CLOSED:
            for span in times.split(","):
                opens_text, dash, closes_text = span.partition("-")
                if not dash:
                    raise DomainError(
                        {
                            "hours": _("“%(span)s” is not times such as 07:30-11:30.")
                            % {"span": span}
                        }
                    )
                opens, closes = _minute(opens_text), _minute(closes_text)
                if closes <= opens:
                    raise DomainError(
                        {"hours": _("“%(span)s” closes before it opens.") % {"span": span.strip()}}
                    )
                spans.append((opens, closes))
        for day in days:
            if day in periods:
                raise DomainError({"hours": _("%(day)s is given twice.") % {"day": DAYS[day]}})
            periods[day] = spans
    result = sorted(Period(day, o, c) for day, spans in periods.items() for o, c in spans)
    for a, b in zip(result, result[1:], strict=False):
        if a.weekday == b.weekday and b.opens < a.closes:
            raise DomainError(
                {"hours": _("The times of %(day)s overlap.") % {"day": DAYS[a.weekday]}}
            )
    if periods and not result:
        raise DomainError(
            {"hours": _("A point open on no day is closed: record a temporary closure instead.")}
        )
    return result


def hours_text(periods: list[Period]) -> str:
    """The canonical text: consecutive days with the same times are joined (mon-fri)."""
    by_day = [
        ",".join(
            f"{minute_text(p.opens)}-{minute_text(p.closes)}" for p in periods if p.weekday == d
        )
        or "closed"
        for d in range(7)
    ]
    if not periods:
        return ""
    parts, first = [], 0
    for day in range(1, 8):
        if day == 7 or by_day[day] != by_day[first]:
            days = DAYS[first] if day - 1 == first else f"{DAYS[first]}-{DAYS[day - 1]}"
            parts.append(f"{days} {by_day[first]}")
            first = day
    return "; ".join(parts)


def _day_names() -> tuple[str, ...]:
    return (
        pgettext("weekday", "Monday"),
        pgettext("weekday", "Tuesday"),
        pgettext("weekday", "Wednesday"),
        pgettext("weekday", "Thursday"),
        pgettext("weekday", "Friday"),
        pgettext("weekday", "Saturday"),
        pgettext("weekday", "Sunday"),
    )


def hours_readable(periods: list[Period]) -> str:
    """The hours for people: “Monday–Friday 07:30–11:30, 13:30–17:00; Sunday: closed”."""
    if not periods:
        return ""
    names = _day_names()
    by_day = [
        ", ".join(
            f"{minute_text(p.opens)}–{minute_text(p.closes)}" for p in periods if p.weekday == d
        )
        for d in range(7)
    ]
    parts, first = [], 0
    for day in range(1, 8):
        if day == 7 or by_day[day] != by_day[first]:
            days = names[first] if day - 1 == first else f"{names[first]}–{names[day - 1]}"
            if by_day[first]:
                parts.append(f"{days} {by_day[first]}")
            else:
                parts.append(_("%(days)s: closed") % {"days": days})
            first = day
    return "; ".join(parts)
