"""What the Libki protocol reads: nodes, the point of a location, the hold a computer shows,
and the minutes left as the client is told them."""

from __future__ import annotations

import datetime as dt
import math

from django.db.models import F, Q
from django.utils import timezone

from pacnet.geography.models import Site
from pacnet.inventory.models import Equipment
from pacnet.kiosk.models import ComputerPresence, LibkiNode, Reservation
from pacnet.kiosk.selectors.rules import minutes_to_closing
from pacnet.kiosk.selectors.sessions import holds_of, session_ends_at
from pacnet.usage.models import Session

NODE_NAME_MAX = 120
HOLD_SHOWN_AHEAD = dt.timedelta(minutes=15)  # a booking shows on the screen this long before


def node_named(name: str) -> LibkiNode | None:
    if not name or len(name) > NODE_NAME_MAX:
        return None
    # The point's rules and the computer's presence come along: register_node reads both.
    return (
        LibkiNode.objects.select_related(
            "computer__site__kiosk_rules", "computer__presence", "site__kiosk_rules"
        )
        .filter(name=name)
        .first()
    )


def point_of_location(location: str) -> Site | None:
    """The point whose code the client's `location` is."""
    location = (location or "").strip()
    if not location or len(location) > 40:
        return None
    return Site.objects.filter(code__iexact=location).first()


def person_code_of(session: Session) -> str:
    return session.patron.card_number if session.patron_id else session.guest_pass.code


def is_of(session: Session | None, person_code: str) -> bool:
    code = (person_code or "").strip().lower()
    return session is not None and bool(code) and person_code_of(session).lower() == code


def minutes_left(session: Session, now: dt.datetime) -> int:
    """Whole minutes, rounded up, to the session's end (start + allowance): the client ends the
    session below 1, so it is never ended before its time. A session staff started with no
    allowance runs to closing time, or to midnight when the point has no hours."""
    ends = session_ends_at(session)
    if ends is None:
        local = timezone.localtime(now)
        ends = timezone.make_aware(dt.datetime.combine(local.date(), dt.time()) + dt.timedelta(1))
        closing = minutes_to_closing(session.site, now)
        if closing is not None:
            ends = min(ends, now + dt.timedelta(minutes=max(closing, 0)))
    if session.end is not None:
        return 0
    return max(0, math.ceil((ends - now).total_seconds() / 60))


def last_session_of(computer: Equipment, person_code: str) -> Session | None:
    """The person's latest session on the computer, to tell them how it ended."""
    code = (person_code or "").strip()
    if not code:
        return None
    mine = Session.objects.filter(computer=computer).filter(
        patron__card_number__iexact=code
    ) | Session.objects.filter(computer=computer, guest_pass__code__iexact=code)
    return mine.order_by("-start").first()


def current_user_of(computer: Equipment) -> str:
    """Whom the Libki client was last told is signed in ("" when nobody)."""
    if Equipment.presence.related.is_cached(computer):  # loaded with the node
        presence = getattr(computer, "presence", None)
        return presence.current_user if presence else ""
    found = ComputerPresence.objects.filter(computer=computer).values_list(
        "current_user", flat=True
    )
    return found.first() or ""


def hold_shown(computer: Equipment, now: dt.datetime) -> Reservation | None:
    """The hold the computer's screen shows: one in force, or a booking about to start."""
    soon = Q(starts_at__isnull=True) | Q(starts_at__lte=now + HOLD_SHOWN_AHEAD)
    return (
        holds_of(computer, now)
        .filter(soon)
        .order_by(F("starts_at").asc(nulls_first=True), "created_at", "id")
        .first()
    )


def hold_text(hold: Reservation, now: dt.datetime) -> str:
    """The label staff gave the hold, with its time when it is still to come."""
    if hold.starts_at and hold.starts_at > now:
        return f"{hold.label} {timezone.localtime(hold.starts_at):%H:%M}"
    return hold.label
