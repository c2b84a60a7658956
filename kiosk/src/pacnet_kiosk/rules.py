"""The point's rules as last read from the server, and the minutes they grant offline.

The same computation as the server's (docs/kiosk.md, "Minutes granted at sign-in") without
reservations, which only the server knows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAY_MINUTES = 24 * 60
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"


@dataclass(frozen=True)
class Grant:
    minutes: int
    reason: str = ""  # "" when granted; CLOSED or NO_TIME when refused


def point_timezone(rules: dict) -> dt.tzinfo:
    try:
        return ZoneInfo(rules.get("timezone") or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return dt.timezone(dt.timedelta(hours=7))  # the point's zone has no daylight saving


def session_allowance(rules: dict, kind: str) -> int:
    return int(rules["guest_session_minutes" if kind == "guest" else "session_minutes"])


def daily_allowance(rules: dict, kind: str) -> int:
    return int(rules["guest_daily_minutes" if kind == "guest" else "daily_minutes"])


def warning_minutes(rules: dict | None) -> list[int]:
    values = (rules or {}).get("warning_minutes") or [5, 1]
    return sorted({int(v) for v in values}, reverse=True)


def is_closed_on(rules: dict, day: dt.date) -> bool:
    for closure in rules.get("closures") or []:
        start = dt.date.fromisoformat(closure["start"])
        end = dt.date.fromisoformat(closure.get("end") or closure["start"])
        if start <= day <= end:
            return True
    return False


def minutes_to_closing(rules: dict, local_now: dt.datetime) -> int | None:
    """None when the hours are not set; 0 when the point is closed now."""
    periods = rules.get("periods") or []
    if not periods:
        return None
    by_weekday: dict[int, list[tuple[int, int]]] = {}
    for period in periods:
        by_weekday.setdefault(int(period["weekday"]), []).append(
            (int(period["opens"]), int(period["closes"]))
        )
    day = local_now.date()
    minute = local_now.hour * 60 + local_now.minute
    total = 0
    # A period ending at 24:00 continues into one opening at 00:00 the next day.
    for offset in range(8):
        current = day + dt.timedelta(days=offset)
        if is_closed_on(rules, current):
            return total
        spans = by_weekday.get(current.weekday(), [])
        open_span = next((s for s in spans if s[0] <= minute < s[1]), None)
        if open_span is None:
            return total
        total += open_span[1] - minute
        if open_span[1] < DAY_MINUTES:
            return total
        minute = 0
    return total


def offline_grant(rules: dict, kind: str, used_today: int, local_now: dt.datetime) -> Grant:
    if is_closed_on(rules, local_now.date()):
        return Grant(0, "CLOSED")
    to_closing = minutes_to_closing(rules, local_now)
    if to_closing == 0:
        return Grant(0, "CLOSED")
    candidates = [
        session_allowance(rules, kind),
        daily_allowance(rules, kind) - used_today,
    ]
    if to_closing is not None:
        candidates.append(to_closing)
    minutes = max(0, min(candidates))
    return Grant(minutes, "" if minutes else "NO_TIME")
