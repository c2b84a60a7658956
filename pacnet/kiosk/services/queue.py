"""The queue of people waiting at a point, and bookings of a computer from a time.

The first waiting person is offered the next computer free and online, held for them for
PACNET_KIOSK_HOLD_MINUTES; a hold not taken up in time expires and the next person is offered.
The kiosk sign-in (services.sessions.kiosk_sign_in) takes up a hold and marks it seated.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pacnet.core.audit import audit_record, snapshot
from pacnet.core.errors import DomainError
from pacnet.core.models import AuditEntry
from pacnet.geography.models import Site
from pacnet.inventory.models import Equipment, EquipmentStatus
from pacnet.kiosk.models import ComputerPresence, Reservation
from pacnet.kiosk.selectors.board import computers_in_service
from pacnet.kiosk.selectors.computers import silent_after
from pacnet.kiosk.selectors.queue import queue_due
from pacnet.usage.models import Session

LABEL_MAX = 80
PERSON_MAX = 40
BOOKING_DAYS_AHEAD = 14
MASK = "•••"
ACTIVE = (Reservation.Status.WAITING, Reservation.Status.OFFERED)


def hold_minutes() -> dt.timedelta:
    return dt.timedelta(minutes=settings.PACNET_KIOSK_HOLD_MINUTES)


def _audited(reservation: Reservation) -> dict[str, str]:
    """The reservation as the trail keeps it: the name or number staff typed is not kept."""
    values = snapshot(reservation)
    values["name or number"] = MASK
    return values


def _audit(actor: Any, reservation: Reservation, action: str, before=None, source="") -> None:
    audit_record(
        actor=actor,
        instance=reservation,
        action=action,
        before=before,
        after=_audited(reservation),
        source=source,
    )


@transaction.atomic
def reservation_add(
    *,
    actor: Any,
    site: Site,
    label: str,
    person_code: str = "",
    computer: Equipment | None = None,
    starts_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> Reservation:
    """Someone joins the queue (no computer, no time), or a computer is booked from a time and
    held until that time plus the hold minutes. A free computer is offered at once."""
    now = now or timezone.now()
    label, person_code = (label or "").strip(), (person_code or "").strip()
    errors = {}
    if not label:
        errors["label"] = _("Write a name or a number.")
    elif len(label) > LABEL_MAX:
        errors["label"] = _("At most %(n)s characters.") % {"n": LABEL_MAX}
    if len(person_code) > PERSON_MAX:
        errors["person_code"] = _("At most %(n)s characters.") % {"n": PERSON_MAX}
    if (computer is None) != (starts_at is None):
        errors["starts_at"] = _("A booking needs both a computer and a time.")
    if computer is not None and not _in_service(site, computer, now):
        errors["computer"] = _("This is not a computer of this point in service.")
    if starts_at is not None and "starts_at" not in errors:
        if starts_at < now - dt.timedelta(minutes=1):
            errors["starts_at"] = _("This time has passed.")
        elif starts_at > now + dt.timedelta(days=BOOKING_DAYS_AHEAD):
            errors["starts_at"] = _("Book at most %(n)s days ahead.") % {"n": BOOKING_DAYS_AHEAD}
    if errors:
        raise DomainError(errors)
    held_until = starts_at + hold_minutes() if starts_at else None
    if computer is not None:
        Equipment.objects.select_for_update().filter(pk=computer.pk).first()
        clash = Reservation.objects.filter(
            computer=computer, status__in=ACTIVE, starts_at__lt=held_until, held_until__gt=starts_at
        )
        if clash.exists():
            raise DomainError({"starts_at": _("This computer is already booked then.")})
    reservation = Reservation.objects.create(
        site=site,
        label=label,
        person_code=person_code,
        computer=computer,
        starts_at=starts_at,
        held_until=held_until,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _audit(actor, reservation, AuditEntry.Action.CREATE)
    if computer is None:
        queue_offer_next(site_id=site.pk, now=now)
        reservation.refresh_from_db()
    return reservation


def _in_service(site: Site, computer: Equipment, now: dt.datetime) -> bool:
    return computers_in_service(site, timezone.localdate(now)).filter(pk=computer.pk).exists()


def _change(actor: Any, reservation: Reservation, status: str, source: str = "") -> Reservation:
    before = _audited(reservation)
    reservation.status = status
    reservation.acknowledged_at = reservation.acknowledged_at or timezone.now()
    reservation.save(update_fields=["status", "acknowledged_at"])
    _audit(actor, reservation, AuditEntry.Action.UPDATE, before=before, source=source)
    return reservation


def _locked(reservation: Reservation) -> Reservation:
    return Reservation.objects.select_for_update().get(pk=reservation.pk)


@transaction.atomic
def reservation_cancel(*, actor: Any, reservation: Reservation) -> Reservation:
    """The person left or the booking is called off; a computer held for them goes to the next."""
    reservation = _locked(reservation)
    if reservation.status not in ACTIVE:
        raise DomainError(_("This person is no longer waiting."))
    _change(actor, reservation, Reservation.Status.CANCELLED)
    queue_offer_next(site_id=reservation.site_id)
    return reservation


@transaction.atomic
def reservation_seat(*, actor: Any, reservation: Reservation) -> Reservation:
    """Staff mark that the person sat down (at the computer offered, or another)."""
    reservation = _locked(reservation)
    if reservation.status not in ACTIVE:
        raise DomainError(_("This person is no longer waiting."))
    return _change(actor, reservation, Reservation.Status.SEATED)


def _free_online_computers(site: Site, now: dt.datetime) -> list[Equipment]:
    """Computers in working order, seen lately, with no session and no hold now or soon."""
    soon = now + hold_minutes()
    computers = computers_in_service(site, timezone.localdate(now)).filter(
        Q(status_on=EquipmentStatus.WORKING) | Q(status_on__isnull=True)
    )
    online = ComputerPresence.objects.filter(last_seen__gte=now - silent_after())
    busy = Session.objects.filter(end__isnull=True)
    held = Reservation.objects.filter(status__in=ACTIVE, computer__isnull=False).filter(
        Q(status=Reservation.Status.OFFERED, held_until__gt=now)
        | Q(starts_at__lt=soon, held_until__gt=now)
    )
    return list(
        computers.filter(pk__in=online.values("computer_id"))
        .exclude(pk__in=busy.filter(computer__site=site).values("computer_id"))
        .exclude(pk__in=held.filter(site=site).values("computer_id"))
    )


def queue_offer_next(
    *, site_id: int, now: dt.datetime | None = None, due: bool | None = None
) -> list[Reservation]:
    """Expire holds not taken up in time, then offer free online computers to the first people
    waiting. Cheap when nothing is due (one query, none when the caller read `due` already:
    the kiosk heartbeat, within its one statement)."""
    now = now or timezone.now()
    if not (queue_due(site_id, now) if due is None else due):
        return []
    return _offer(Site.objects.get(pk=site_id), now)


@transaction.atomic
def _offer(site: Site, now: dt.datetime) -> list[Reservation]:
    Site.objects.select_for_update().filter(pk=site.pk).first()  # one offer at a time per point
    expired = Reservation.objects.filter(site=site, status__in=ACTIVE, held_until__lte=now)
    for reservation in expired.select_for_update():
        _change(None, reservation, Reservation.Status.EXPIRED, source="kiosk")
    waiting = list(
        Reservation.objects.select_for_update()
        .filter(site=site, status=Reservation.Status.WAITING, starts_at__isnull=True)
        .order_by("created_at", "id")
    )
    if not waiting:
        return []
    offered = []
    for reservation, computer in zip(waiting, _free_online_computers(site, now), strict=False):
        before = _audited(reservation)
        reservation.status = Reservation.Status.OFFERED
        reservation.computer = computer
        reservation.held_until = now + hold_minutes()
        reservation.save(update_fields=["status", "computer", "held_until"])
        _audit(None, reservation, AuditEntry.Action.UPDATE, before=before, source="kiosk")
        offered.append(reservation)
    return offered
