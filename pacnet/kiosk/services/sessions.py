"""Sessions the kiosks start and end online; extension and ending by staff; settling sessions
whose time is up or whose computer went silent.

The session is usage's: `usage.services.session_begin` / `session_end` write it, so a kiosk
session is the same record as one staff type in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pacnet.core.audit import audit_record
from pacnet.core.errors import DomainError
from pacnet.core.models import AuditEntry
from pacnet.inventory.models import Equipment
from pacnet.kiosk.models import ComputerPresence, Reservation
from pacnet.kiosk.selectors.computers import silent_after
from pacnet.kiosk.selectors.rules import rules_of
from pacnet.kiosk.selectors.sessions import (
    Refusal,
    SessionSeen,
    grant_for,
    open_session_of,
    session_ends_at,
    session_seen,
)
from pacnet.usage.models import GuestPass, Patron, Session
from pacnet.usage.pins import pin_matches
from pacnet.usage.services import guest_passes_issue, session_begin, session_end

FAILURES_PER_CARD = 5  # wrong PINs for one card, then its kiosk sign-in waits
FAILURES_PER_COMPUTER = 20  # failed sign-ins at one computer (guessing many cards)
LOCK_SECONDS = 15 * 60
EXTENSION_MAX = 240
PERSON_MAX = 40


class SignInRefused(DomainError):
    """A refused sign-in: `reason` is the Refusal code, the message says it to the person."""

    def __init__(self, reason: str, message: str):
        super().__init__({"person": message})
        self.reason = reason
        self.detail = message


def _refusal_text(reason: str) -> str:
    return {
        Refusal.BAD_LOGIN: _("Card or PIN not recognised. If you have no PIN yet, ask the staff."),
        Refusal.PIN_REQUIRED: _("This point asks for your PIN as well."),
        Refusal.LOCKED: _("Too many wrong attempts: try again in 15 minutes or ask the staff."),
        Refusal.NO_TIME: _("You have used all your time at this point today."),
        Refusal.CLOSED: _("The point is closed now."),
        Refusal.RESERVED: _("This computer is reserved for someone else: ask the staff."),
        Refusal.IN_USE: _("Someone is using this computer."),
        Refusal.NOT_LINKED: _("This computer is not linked to pacnet yet: ask the staff."),
    }[reason]


def refuse(reason: str) -> SignInRefused:
    return SignInRefused(reason, _refusal_text(reason))


def _failures_key(kind: str, value: Any) -> str:
    # Hashed: a code typed at the kiosk may hold any character, a cache key may not.
    digest = hashlib.sha256(str(value).encode()).hexdigest()[:32]
    return f"kiosk:sign-in-failures:{kind}:{digest}"


def _failed(code: str, computer: Equipment) -> SignInRefused:
    for key in (_failures_key("card", code.lower()), _failures_key("computer", computer.pk)):
        cache.set(key, cache.get(key, 0) + 1, timeout=LOCK_SECONDS)
    return refuse(Refusal.BAD_LOGIN)


def _locked(code: str, computer: Equipment) -> bool:
    return (
        cache.get(_failures_key("card", code.lower()), 0) >= FAILURES_PER_CARD
        or cache.get(_failures_key("computer", computer.pk), 0) >= FAILURES_PER_COMPUTER
    )


def kiosk_person(*, computer: Equipment, person_code: str, pin: str) -> dict[str, Any]:
    """The patron or guest pass signing in, checked: a card of this point, a pass printed for
    it, or a card of another point proved by its PIN (the plan: any point, free of charge).

    Every failure gets the same answer, whether the code exists or not.
    """
    site = computer.site
    code = (person_code or "").strip()
    pin = (pin or "").strip()
    if not code or len(code) > PERSON_MAX:
        raise refuse(Refusal.BAD_LOGIN)
    if _locked(code, computer):
        raise refuse(Refusal.LOCKED)
    rules = rules_of(site)
    if rules.pin_required and not pin:
        raise refuse(Refusal.PIN_REQUIRED)
    # Both are looked up whatever the code: every answer costs the same.
    patron = (
        Patron.objects.filter(card_number__iexact=code, anonymised_on__isnull=True)
        .only("pk", "card_number", "pin_hash", "registered_at_id")
        .first()
    )
    guest = GuestPass.objects.filter(code__iexact=code).select_related("batch").first()
    if patron is not None:
        proved = pin_matches(pin, patron.pin_hash)
        if patron.pin_hash and not proved:
            raise _failed(code, computer)
        if patron.registered_at_id == site.pk or proved:
            return {"patron": patron}
        raise _failed(code, computer)
    if guest is not None and (guest.batch is None or guest.batch.site_id == site.pk):
        if guest.pin_hash and not pin_matches(pin, guest.pin_hash):
            raise _failed(code, computer)
        return {"guest_pass": guest}
    raise _failed(code, computer)


def _person_code(session: Session) -> str:
    return session.patron.card_number if session.patron_id else session.guest_pass.code


@transaction.atomic
def kiosk_sign_in(
    *,
    computer: Equipment,
    person_code: str,
    pin: str = "",
    client_id: uuid.UUID | None = None,
    source: str = Session.Source.KIOSK,
    now: dt.datetime | None = None,
) -> Session:
    """Start a session at the kiosk with the minutes granted (selectors.sessions.grant_for).

    Sent again (the same client id, or the same person while the session runs), it answers
    the session already started.
    """
    now = now or timezone.now()
    Equipment.objects.select_for_update().filter(pk=computer.pk).first()
    if client_id is not None:
        again = Session.objects.filter(client_id=client_id).select_related("patron", "guest_pass")
        again = again.first()
        if again is not None:
            if again.computer_id != computer.pk:
                raise DomainError({"id": _("This session id belongs to another computer.")})
            return again
    person = kiosk_person(computer=computer, person_code=person_code, pin=pin)
    current = open_session_of(computer)
    if current is not None:
        if (current.patron_id, current.guest_pass_id) == (
            getattr(person.get("patron"), "pk", None),
            getattr(person.get("guest_pass"), "pk", None),
        ):
            return current
        raise refuse(Refusal.IN_USE)
    found = person.get("patron") or person.get("guest_pass")
    code = found.card_number if isinstance(found, Patron) else found.code
    grant = grant_for(site=computer.site, computer=computer, person_code=code, now=now, **person)
    if grant.refusal:
        raise refuse(grant.refusal)
    session = session_begin(
        site=computer.site,
        computer=computer,
        start=now,
        source=source,
        client_id=client_id or uuid.uuid4(),
        minutes_allowed=grant.minutes,
        **person,
    )
    if grant.reservation is not None:
        Reservation.objects.filter(pk=grant.reservation.pk).update(status=Reservation.Status.SEATED)
    return session


def _session_of(computer: Equipment, client_id: Any) -> Session:
    session = None
    if client_id:
        try:
            client_id = uuid.UUID(str(client_id))
        except ValueError:
            raise DomainError({"id": _("Not a session id.")}) from None
        session = Session.objects.filter(client_id=client_id, computer=computer).first()
    if session is None:
        raise DomainError({"id": _("No such session on this computer.")})
    return session


@transaction.atomic
def kiosk_sign_out(
    *,
    computer: Equipment,
    session: Session | None = None,
    client_id: Any = None,
    reason: str = Session.EndReason.LOGOUT,
    end: dt.datetime | None = None,
    pages: int = 0,
    now: dt.datetime | None = None,
) -> Session:
    """End the session (logout or time up); ending it again answers it as it is."""
    if reason not in (Session.EndReason.LOGOUT, Session.EndReason.TIME_UP):
        raise DomainError({"reason": _("Write “logout” or “time_up”.")})
    now = now or timezone.now()
    Equipment.objects.select_for_update().filter(pk=computer.pk).first()
    session = session or _session_of(computer, client_id)
    session.refresh_from_db()
    if session.end is not None:
        return session
    end = min(end or now, now)
    limit = session_ends_at(session)
    if limit is not None:
        end = min(end, limit)
    return session_end(
        actor=None,
        session=session,
        end=max(end, session.start),
        pages_printed=pages,
        end_reason=reason,
    )


@transaction.atomic
def kiosk_session_extend(*, actor: Any, session: Session, minutes: int) -> Session:
    """Staff give the session more minutes (the kiosk sees them at its next call)."""
    if not isinstance(minutes, int) or not 1 <= minutes <= EXTENSION_MAX:
        raise DomainError({"minutes": _("Extend by 1 to %(n)s minutes.") % {"n": EXTENSION_MAX}})
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.end is not None or session.minutes_allowed is None:
        raise DomainError(_("Only a kiosk session in progress can be extended."))
    before = session.minutes_allowed
    session.minutes_allowed = before + minutes
    session.save(update_fields=["minutes_allowed"])
    audit_record(
        actor=actor,
        instance=session,
        action=AuditEntry.Action.UPDATE,
        before={gettext_noop("minutes allowed"): str(before)},
        after={gettext_noop("minutes allowed"): str(session.minutes_allowed)},
    )
    return session


@transaction.atomic
def kiosk_session_stop(*, actor: Any, session: Session, now: dt.datetime | None = None) -> Session:
    """Staff end a session in progress; the kiosk locks at its next call."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.end is not None:
        raise DomainError(_("This session has already ended."))
    now = now or timezone.now()
    limit = session_ends_at(session)
    end = max(session.start, min(now, limit) if limit else now)
    session = session_end(actor=actor, session=session, end=end, end_reason=Session.EndReason.STAFF)
    audit_record(
        actor=actor,
        instance=session,
        action=AuditEntry.Action.UPDATE,
        after={gettext_noop("ended by staff"): timezone.localtime(end).strftime("%H:%M")},
    )
    return session


def kiosk_session_current(
    *, computer_id: int, known_id: Any = None, now: dt.datetime | None = None
) -> Session | None:
    """The computer's session for a heartbeat: the one running (ended here if its time is up),
    else the one the kiosk believes is running, so that it learns how it ended."""
    now = now or timezone.now()
    session = open_session_of(computer_id)
    if session is not None:
        limit = session_ends_at(session)
        if limit is not None and limit <= now:
            session = session_end(
                actor=None, session=session, end=limit, end_reason=Session.EndReason.TIME_UP
            )
        return session
    if known_id:
        try:
            known = uuid.UUID(str(known_id))
        except ValueError:
            return None
        return (
            Session.objects.filter(client_id=known, computer_id=computer_id)
            .select_related("patron", "guest_pass")
            .first()
        )
    return None


def kiosk_session_seen(
    *,
    computer_id: int,
    running: SessionSeen | None,
    known_id: Any = None,
    now: dt.datetime | None = None,
) -> SessionSeen | None:
    """`kiosk_session_current` as the pacnet heartbeat needs it, from the session `running` it
    read (`running_session_query`): a session running and not yet over, or none running and none
    the kiosk asks about, costs no other query."""
    now = now or timezone.now()
    seen = running
    if seen is not None and (seen.ends_at is None or seen.ends_at > now):
        return seen
    if seen is None and not known_id:
        return None
    session = kiosk_session_current(computer_id=computer_id, known_id=known_id, now=now)
    return session_seen(session) if session is not None else None


@transaction.atomic
def kiosk_sessions_settle(
    *, now: dt.datetime | None = None, computer: Equipment | None = None
) -> int:
    """End kiosk sessions whose time is up (at start + allowance) or whose computer went
    silent (when it was last seen). Safe to run at any time and twice."""
    now = now or timezone.now()
    running = Session.objects.filter(end__isnull=True, minutes_allowed__isnull=False)
    if computer is not None:
        running = running.filter(computer=computer)
    seen = dict(
        ComputerPresence.objects.filter(computer_id__in=running.values("computer_id")).values_list(
            "computer_id", "last_seen"
        )
    )
    settled = 0
    for session in running.select_for_update().select_related("computer"):
        limit = session_ends_at(session)
        last_seen = seen.get(session.computer_id)
        if limit <= now:
            end, reason = limit, Session.EndReason.TIME_UP
        elif last_seen is not None and last_seen < now - silent_after():
            end, reason = max(session.start, last_seen), Session.EndReason.SILENT
        else:
            continue
        session_end(actor=None, session=session, end=end, end_reason=reason)
        settled += 1
    return settled


GUEST_SELF_REGISTRATIONS_PER_HOUR = 10  # per computer: each pass counts as one more user


@transaction.atomic
def guest_self_register(*, computer: Equipment) -> tuple[str, str]:
    """A guest pass with a PIN, made at a free kiosk when the point's rules allow it:
    (code, PIN). The Libki login signs the guest in within the same transaction."""
    if not rules_of(computer.site).guest_self_registration:
        raise DomainError(
            {"guest": _("Guests cannot register themselves at this point: ask the staff.")}
        )
    if open_session_of(computer) is not None:
        raise refuse(Refusal.IN_USE)
    key = _failures_key("guest-passes", computer.pk)
    made = cache.get(key, 0)
    if made >= GUEST_SELF_REGISTRATIONS_PER_HOUR:
        raise DomainError(
            {"guest": _("Too many guest passes made at this computer: ask the staff.")}
        )
    cache.set(key, made + 1, timeout=60 * 60)
    issued = guest_passes_issue(actor=None, site=computer.site, count=1)
    return issued.passes[0]


def reservation_acknowledge(*, reservation: Reservation, now: dt.datetime | None = None) -> bool:
    """The computer has shown the hold on its screen (Libki's acknowledge_reservation)."""
    return bool(
        Reservation.objects.filter(pk=reservation.pk, acknowledged_at__isnull=True).update(
            acknowledged_at=now or timezone.now()
        )
    )
