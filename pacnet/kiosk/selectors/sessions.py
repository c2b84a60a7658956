"""Minutes a person may be granted at a kiosk, and a kiosk session as the kiosk sees it."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from pacnet.core import sql
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


@dataclass(frozen=True)
class SessionSeen:
    """A session as a kiosk is told of it: what `session_state` needs, and no more."""

    pk: int
    client_id: uuid.UUID | None
    person: str  # card number or guest pass code
    is_patron: bool
    start: dt.datetime
    end: dt.datetime | None
    minutes_allowed: int | None
    end_reason: str

    @property
    def ends_at(self) -> dt.datetime | None:
        if self.minutes_allowed is None:
            return None
        return self.start + dt.timedelta(minutes=self.minutes_allowed)


def session_seen(session: Session) -> SessionSeen:
    return SessionSeen(
        pk=session.pk,
        client_id=session.client_id,
        person=session.patron.card_number if session.patron_id else session.guest_pass.code,
        is_patron=session.patron_id is not None,
        start=session.start,
        end=session.end,
        minutes_allowed=session.minutes_allowed,
        end_reason=session.end_reason,
    )


def session_state(session: Session | SessionSeen, now: dt.datetime | None = None) -> dict:
    """The session as the kiosk API answers it."""
    seen = session_seen(session) if isinstance(session, Session) else session
    now = now or timezone.now()
    ends_at = seen.ends_at
    left = None
    if ends_at is not None:
        until = min(ends_at, seen.end) if seen.end else ends_at
        left = max(0, int((until - now).total_seconds() // 60)) if seen.end is None else 0
    return {
        "id": str(seen.client_id) if seen.client_id else str(seen.pk),
        "person": seen.person,
        "person_kind": "patron" if seen.is_patron else "guest",
        "start": timezone.localtime(seen.start).isoformat(),
        "minutes_allowed": seen.minutes_allowed,
        "ends_at": timezone.localtime(ends_at).isoformat() if ends_at else None,
        "seconds_left": (
            max(0, int((ends_at - now).total_seconds())) if ends_at and seen.end is None else 0
        ),
        "minutes_left": left,
        "ended": seen.end_reason or None if seen.end else None,
    }


def running_session_query(computer: int | sql.Key) -> sql.Query:
    """The session running on the computer, as `session_seen_of_row` reads it; on the index of
    running sessions. The heartbeat runs it alone or within its one statement."""
    key = sql.Key.of(computer)
    return sql.Query(_running_session_text(key.text), key.params)


@sql.text
def _running_session_text(computer: str) -> str:
    s, p, g = "s.", "p.", "g."
    return (
        f"SELECT {s}{sql.column(Session, 'id')}, {s}{sql.column(Session, 'client_id')},"
        f" {p}{sql.column(Patron, 'card_number')}, {g}{sql.column(GuestPass, 'code')},"
        f" {s}{sql.column(Session, 'start')}, {s}{sql.column(Session, 'minutes_allowed')},"
        f" {s}{sql.column(Session, 'end_reason')}"
        f" FROM {sql.table(Session)} s"
        f" LEFT JOIN {sql.table(Patron)} p"
        f" ON {p}{sql.column(Patron, 'id')} = {s}{sql.column(Session, 'patron')}"
        f" LEFT JOIN {sql.table(GuestPass)} g"
        f" ON {g}{sql.column(GuestPass, 'id')} = {s}{sql.column(Session, 'guest_pass')}"
        f" WHERE {s}{sql.column(Session, 'computer')} = {computer}"
        f" AND {s}{sql.column(Session, 'end')}"
        f" IS NULL ORDER BY {s}{sql.column(Session, 'start')} DESC LIMIT 1"
    )


def session_seen_of_row(row: Sequence[Any] | None) -> SessionSeen | None:
    """A row of `running_session_query` (all None: no session running)."""
    if row is None or row[0] is None:
        return None
    pk, client_id, card, guest, start, allowed, reason = row
    return SessionSeen(
        pk=pk,
        client_id=sql.uuid_of(client_id),
        person=card if card is not None else guest,
        is_patron=card is not None,
        start=sql.moment(start),
        end=None,
        minutes_allowed=allowed,
        end_reason=reason,
    )


def open_session_of(computer: Equipment | int) -> Session | None:
    return (
        Session.objects.filter(computer=computer, end__isnull=True)
        .select_related("patron", "guest_pass")
        .order_by("-start")
        .first()
    )
