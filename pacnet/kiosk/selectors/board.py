"""The staff live board of a point: each computer's state and session, the Libki nodes waiting
to be linked, the queue of waiting people and the print jobs waiting for release."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from pacnet.geography.models import Site
from pacnet.inventory.models import Equipment, EquipmentStatus
from pacnet.inventory.selectors import equipment_with_status
from pacnet.kiosk.models import ComputerPresence, KioskToken, LibkiNode, PrintJob, Reservation
from pacnet.kiosk.selectors.computers import is_online
from pacnet.kiosk.selectors.sessions import session_ends_at
from pacnet.usage.models import Session
from pacnet.usage.selectors import patron_name_for


class State:
    """What the board says of a computer, most telling first."""

    IN_USE = "in_use"
    HELD = "held"
    NOT_REPORTING = "not_reporting"
    OFFLINE = "offline"
    FREE = "free"


QUEUE_STATUSES = (Reservation.Status.WAITING, Reservation.Status.OFFERED)


def not_reporting_after() -> dt.timedelta:
    return dt.timedelta(hours=settings.PACNET_KIOSK_NOT_REPORTING_HOURS)


def is_not_reporting(presence: ComputerPresence | None, now: dt.datetime) -> bool:
    """A kiosk that did report once and has been silent longer than the setting."""
    return presence is not None and presence.last_seen < now - not_reporting_after()


@dataclass(frozen=True)
class ComputerRow:
    computer: Equipment
    state: str
    working: bool
    presence: ComputerPresence | None
    online: bool
    not_reporting: bool
    session: Session | None = None
    person_code: str = ""
    person_kind: str = ""  # "patron" | "guest"
    # The name only for staff who may see the patron (never staff of another point).
    person_name: str = ""
    minutes_left: int | None = None  # a kiosk session: start + allowance - now
    minutes_elapsed: int | None = None  # a session typed by staff has no allowance
    hold: Reservation | None = None  # held now for someone in the queue or a booking
    booking: Reservation | None = None  # the next booking, later
    has_token: bool = False
    node: LibkiNode | None = None

    @property
    def extendable(self) -> bool:
        return self.session is not None and self.session.minutes_allowed is not None


@dataclass(frozen=True)
class Board:
    site: Site
    now: dt.datetime
    rows: list[ComputerRow]
    waiting_nodes: list[LibkiNode]
    queue: list[Reservation]
    print_jobs: list[PrintJob]
    unlinked: list[Equipment] = field(default_factory=list)  # computers with no Libki node

    @property
    def counts(self) -> dict[str, int]:
        counts = {
            s: 0 for s in (State.FREE, State.IN_USE, State.HELD, State.OFFLINE, State.NOT_REPORTING)
        }
        for row in self.rows:
            counts[row.state] += 1
        return counts


def computers_in_service(site: Site, day: dt.date):
    """The point's computers not retired on the day, with `status_on`, presence and node."""
    return (
        equipment_with_status(site.equipment.filter(kind=Equipment.Kind.COMPUTER), day)
        .exclude(status_on=EquipmentStatus.RETIRED)
        .select_related("presence", "libki_node")
        .order_by("code")
    )


def _presence(computer: Equipment) -> ComputerPresence | None:
    try:
        return computer.presence
    except ComputerPresence.DoesNotExist:
        return None


def _node(computer: Equipment) -> LibkiNode | None:
    try:
        return computer.libki_node
    except LibkiNode.DoesNotExist:
        return None


def _minutes(delta: dt.timedelta) -> int:
    return max(0, int(delta.total_seconds() // 60))


def board_holds(site: Site, now: dt.datetime) -> list[Reservation]:
    """Reservations holding a computer of the point now or later (as sessions.holds_of)."""
    return list(
        Reservation.objects.filter(computer__site=site)
        .filter(
            Q(status=Reservation.Status.OFFERED, held_until__gt=now)
            | Q(status=Reservation.Status.WAITING, starts_at__isnull=False, held_until__gt=now)
        )
        .order_by("starts_at", "created_at", "id")
    )


def nodes_of(site: Site):
    """Libki nodes of the point: linked to one of its computers, or registered for it (by
    its point or its code as location)."""
    return LibkiNode.objects.filter(
        Q(site=site) | Q(computer__site=site) | Q(site__isnull=True, location__iexact=site.code)
    )


def waiting_nodes_of(site: Site):
    """The point's Libki nodes not linked to a computer yet."""
    return nodes_of(site).filter(computer__isnull=True)


def queue_of(site: Site):
    return (
        Reservation.objects.filter(site=site, status__in=QUEUE_STATUSES)
        .select_related("computer")
        .order_by("created_at", "id")
    )


def pending_print_jobs(site: Site):
    return (
        PrintJob.objects.filter(computer__site=site, status=PrintJob.Status.PENDING)
        .select_related("computer")
        .order_by("received_at", "id")
    )


def board_of(site: Site, *, viewer, now: dt.datetime | None = None) -> Board:
    """The live board, in a fixed number of queries whatever the number of computers."""
    now = now or timezone.now()
    computers = list(computers_in_service(site, timezone.localdate(now)))
    ids = [c.pk for c in computers]
    # Ordered by start: should a computer have two open sessions, the latest is shown.
    sessions = {
        s.computer_id: s
        for s in Session.objects.filter(computer_id__in=ids, end__isnull=True)
        .select_related("patron__registered_at", "guest_pass")
        .order_by("start")
    }
    tokens = set(
        KioskToken.objects.filter(computer_id__in=ids, revoked_at__isnull=True).values_list(
            "computer_id", flat=True
        )
    )
    holds: dict[int, Reservation] = {}
    bookings: dict[int, Reservation] = {}
    for hold in board_holds(site, now):
        later = hold.starts_at is not None and hold.starts_at > now
        (bookings if later else holds).setdefault(hold.computer_id, hold)
    rows = [
        _row(
            c, sessions.get(c.pk), holds.get(c.pk), bookings.get(c.pk), c.pk in tokens, viewer, now
        )
        for c in computers
    ]
    return Board(
        site=site,
        now=now,
        rows=rows,
        waiting_nodes=list(waiting_nodes_of(site)),
        queue=list(queue_of(site)),
        print_jobs=list(pending_print_jobs(site)),
        unlinked=[r.computer for r in rows if r.node is None],
    )


def _row(computer, session, hold, booking, has_token, viewer, now) -> ComputerRow:
    presence = _presence(computer)
    online = is_online(presence, now)
    silent_long = is_not_reporting(presence, now)
    person = {}
    if session is not None:
        patron = session.patron if session.patron_id else None
        ends_at = session_ends_at(session)
        person = {
            "person_code": patron.card_number if patron else session.guest_pass.code,
            "person_kind": "patron" if patron else "guest",
            "person_name": patron_name_for(viewer, patron),
            "minutes_left": _minutes(ends_at - now) if ends_at else None,
            "minutes_elapsed": None if ends_at else _minutes(now - session.start),
        }
        state = State.IN_USE
    elif hold is not None:
        state = State.HELD
    elif silent_long:
        state = State.NOT_REPORTING
    elif not online:
        state = State.OFFLINE
    else:
        state = State.FREE
    return ComputerRow(
        computer=computer,
        state=state,
        working=computer.status_on in (None, EquipmentStatus.WORKING),
        presence=presence,
        online=online,
        not_reporting=silent_long,
        session=session,
        hold=hold,
        booking=booking,
        has_token=has_token,
        node=_node(computer),
        **person,
    )


def not_reporting_computers(site: Site, now: dt.datetime | None = None) -> list[ComputerPresence]:
    """Presences of the point's computers in service silent longer than the setting, oldest
    silence first: the point's page shows them, the faults rule reads the same setting."""
    now = now or timezone.now()
    ids = computers_in_service(site, timezone.localdate(now)).values("pk")
    return list(
        ComputerPresence.objects.filter(
            computer_id__in=ids, last_seen__lt=now - not_reporting_after()
        )
        .select_related("computer")
        .order_by("last_seen")
    )


def presences_silent_since(moment: dt.datetime):
    """Presences last seen before `moment`: the faults app's silent-computer rule reads it."""
    return ComputerPresence.objects.filter(last_seen__lt=moment)
