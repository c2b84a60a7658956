"""Minutes a person may be granted at a kiosk, and a kiosk session as the kiosk sees it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from pacnet.geography.models import Site
from pacnet.inventory.models import Equipment
from pacnet.kiosk.models import Reservation
from pacnet.kiosk.selectors.rules import closed_on, minutes_to_closing, rules_of
from pacnet.usage.models import GuestPass, Patron, Session


class Refusal:
    """Why a kiosk refuses a sign-in: the codes both protocols answer with."""

    BAD_LOGIN = "BAD_LOGIN"
    PIN_REQUIRED = "PIN_REQUIRED"
    LOCKED = "LOCKED"
    NO_TIME = "NO_TIME"
    CLOSED = "CLOSED"
    RESERVED = "RESERVED"
    IN_USE = "IN_USE"
    NOT_LINKED = "NOT_LINKED"


@dataclass(frozen=True)
class Grant:
    minutes: int
    refusal: str = ""  # a Refusal code when minutes is 0
    reservation: Reservation | None = None  # the hold this sign-in takes up


def session_ends_at(session: Session) -> dt.datetime | None:
    if session.minutes_allowed is None:
        return None
    return session.start + dt.timedelta(minutes=session.minutes_allowed)


def minutes_used_today(
    *, site: Site, patron: Patron | None, guest_pass: GuestPass | None, now: dt.datetime
) -> float:
    """Minutes the person has used at the point on the local day of `now`, open sessions too."""
    person = Q(patron=patron) if patron is not None else Q(guest_pass=guest_pass)
    used = 0.0
    sessions = Session.objects.filter(person, site=site, day=timezone.localdate(now))
    for start, end, allowed in sessions.values_list("start", "end", "minutes_allowed"):
        if end is None:
            end = now if allowed is None else min(now, start + dt.timedelta(minutes=allowed))
        used += max(0.0, (min(end, now) - start).total_seconds() / 60)
    return used


def holds_of(computer: Equipment, now: dt.datetime):
    """Reservations holding the computer now or later: offered to the queue, or booked."""
    return Reservation.objects.filter(computer=computer).filter(
        Q(status=Reservation.Status.OFFERED, held_until__gt=now)
        | Q(status=Reservation.Status.WAITING, starts_at__isnull=False, held_until__gt=now)
    )


def _hold_is_for(reservation: Reservation, person_code: str) -> bool:
    return not reservation.person_code or reservation.person_code.lower() == person_code.lower()


def grant_for(
    *,
    site: Site,
    computer: Equipment,
    patron: Patron | None = None,
    guest_pass: GuestPass | None = None,
    person_code: str,
    now: dt.datetime,
) -> Grant:
    """The smallest of the session allowance, the daily allowance left, the minutes to closing
    and the minutes to the computer's next reservation (docs/kiosk.md)."""
    if closed_on(site, timezone.localdate(now)):
        return Grant(0, Refusal.CLOSED)
    rules = rules_of(site)
    guest = patron is None
    allowance = rules.guest_session_minutes if guest else rules.session_minutes
    daily = rules.guest_daily_minutes if guest else rules.daily_minutes
    used = minutes_used_today(site=site, patron=patron, guest_pass=guest_pass, now=now)
    daily_left = int(daily - used)
    if daily_left <= 0:
        return Grant(0, Refusal.NO_TIME)
    limits = [allowance, daily_left]
    closing = minutes_to_closing(site, now)
    if closing is not None:
        if closing <= 0:
            return Grant(0, Refusal.CLOSED)
        limits.append(closing)
    taken = None
    for hold in holds_of(computer, now).order_by("starts_at", "created_at"):
        starts = hold.starts_at if hold.starts_at and hold.starts_at > now else None
        if starts is None:  # held now
            if not _hold_is_for(hold, person_code):
                return Grant(0, Refusal.RESERVED)
            taken = taken or hold
        else:
            limits.append(int((starts - now).total_seconds() // 60))
    minutes = min(limits)
    if minutes <= 0:
        return Grant(0, Refusal.RESERVED)
    return Grant(minutes, reservation=taken)


def session_state(session: Session, now: dt.datetime | None = None) -> dict:
    """The session as the kiosk API answers it."""
    now = now or timezone.now()
    ends_at = session_ends_at(session)
    left = None
    if ends_at is not None:
        until = min(ends_at, session.end) if session.end else ends_at
        left = max(0, int((until - now).total_seconds() // 60)) if session.end is None else 0
    return {
        "id": str(session.client_id) if session.client_id else str(session.pk),
        "person": session.patron.card_number if session.patron_id else session.guest_pass.code,
        "person_kind": "patron" if session.patron_id else "guest",
        "start": timezone.localtime(session.start).isoformat(),
        "minutes_allowed": session.minutes_allowed,
        "ends_at": timezone.localtime(ends_at).isoformat() if ends_at else None,
        "seconds_left": (
            max(0, int((ends_at - now).total_seconds())) if ends_at and session.end is None else 0
        ),
        "minutes_left": left,
        "ended": session.end_reason or None if session.end else None,
    }


def open_session_of(computer: Equipment) -> Session | None:
    return (
        Session.objects.filter(computer=computer, end__isnull=True)
        .select_related("patron", "guest_pass")
        .order_by("-start")
        .first()
    )
