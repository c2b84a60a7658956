"""Reads of usage records: patrons found, a point's sessions and computers, tallies, passes."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from pacnet.accounts.permissions import Action, user_may
from pacnet.geography.models import Site
from pacnet.geography.selectors import fold, today
from pacnet.inventory.models import Equipment, EquipmentStatus
from pacnet.inventory.selectors import equipment_with_status
from pacnet.usage.models import GuestPassBatch, ManualTally, Patron, Session

SEARCH_LIMIT = 50


# --- Patrons ------------------------------------------------------------------------------


def patrons_matching(queryset: QuerySet[Patron], query: str) -> list[Patron]:
    """Patrons of whom each word of the query is in the card number or starts a name word:
    "0012" finds X-DAKLAO-000012, "hoa 12" the Hòa whose card holds 12.

    Names are folded in Python ("hoa" finds "Hòa", "dung" finds "Dũng") over the
    already-scoped rows: portable across databases; two queries whatever the rows.
    """
    words = fold(query).split()
    if not words:
        return []
    ids = []
    for pk, card, name in queryset.values_list("pk", "card_number", "display_name"):
        card, name_words = fold(card), fold(name).split()
        if all(w in card or any(n.startswith(w) for n in name_words) for w in words):
            ids.append(pk)
            if len(ids) >= SEARCH_LIMIT:
                break
    return list(Patron.objects.filter(pk__in=ids).select_related("registered_at"))


def patrons_latest(queryset: QuerySet[Patron], limit: int = 20) -> list[Patron]:
    """The latest registrations, for the search page before anything is typed."""
    return list(queryset.select_related("registered_at").order_by("-registered_on", "-pk")[:limit])


def patron_search(
    queryset: QuerySet[Patron], query: str, limit: int = SEARCH_LIMIT
) -> QuerySet[Patron]:
    """Patrons whose card number or name contains every word of the query (not anonymised).

    Accent-sensitive, in the database; the patron search page uses `patrons_matching`.
    """
    for word in query.split():
        queryset = queryset.filter(Q(card_number__icontains=word) | Q(display_name__icontains=word))
    return queryset.filter(anonymised_on__isnull=True).order_by("card_number")[:limit]


# --- Sessions and computers -----------------------------------------------------------------


def sessions_of_point(
    site: Site, start: dt.date | None = None, end: dt.date | None = None
) -> QuerySet[Session]:
    """The point's sessions on local days start..end, newest first, with computer and person."""
    sessions = Session.objects.filter(site=site)
    if start:
        sessions = sessions.filter(day__gte=start)
    if end:
        sessions = sessions.filter(day__lte=end)
    return sessions.select_related("computer", "patron", "guest_pass").order_by("-start")


def open_sessions(site: Site) -> QuerySet[Session]:
    """Sessions started at the point and not yet ended, by computer."""
    return (
        Session.objects.filter(site=site, end__isnull=True)
        .select_related("computer", "patron", "guest_pass")
        .order_by("computer__code")
    )


def patron_name_for(viewer, patron: Patron | None) -> str:
    """The patron's name, for a viewer who may see the patron; "" for staff of other points."""
    if patron is None or not user_may(viewer, Action.VIEW, patron):
        return ""
    return patron.display_name


@dataclass(frozen=True)
class ComputerTile:
    computer: Equipment
    working: bool
    session: Session | None
    # The name only for staff who may see the patron: a card of another point shows its code.
    person_name: str = ""
    from_elsewhere: bool = False


def computers_now(site: Site, *, viewer) -> list[ComputerTile]:
    """The point's computers in service today, each with its open session if any."""
    computers = (
        equipment_with_status(site.equipment.filter(kind=Equipment.Kind.COMPUTER), today())
        .exclude(status_on=EquipmentStatus.RETIRED)
        .order_by("code")
    )
    # Ordered by start: should a computer have two open sessions, the latest is shown.
    sessions = {
        s.computer_id: s
        for s in Session.objects.filter(site=site, end__isnull=True)
        .select_related("patron__registered_at", "guest_pass")
        .order_by("start")
    }
    tiles = []
    for c in computers:
        session = sessions.get(c.pk)
        patron = session.patron if session else None
        tiles.append(
            ComputerTile(
                computer=c,
                working=c.status_on in (None, EquipmentStatus.WORKING),
                session=session,
                person_name=patron_name_for(viewer, patron),
                from_elsewhere=patron is not None and patron.registered_at_id != site.pk,
            )
        )
    return tiles


def free_computers(site: Site) -> list[Equipment]:
    """The point's computers in working order with no open session: where to sit down now."""
    return [t.computer for t in computers_now(site, viewer=None) if t.working and t.session is None]


# --- Paper tallies and guest passes ---------------------------------------------------------


def month_days(year: int, month: int) -> list[dt.date]:
    return [dt.date(year, month, d) for d in range(1, calendar.monthrange(year, month)[1] + 1)]


def tallies_of_month(site: Site, year: int, month: int) -> dict[dt.date, ManualTally]:
    days = month_days(year, month)
    rows = ManualTally.objects.filter(site=site, day__range=(days[0], days[-1]))
    return {t.day: t for t in rows}


def batches_of(site: Site, limit: int = 20) -> list[GuestPassBatch]:
    return list(
        GuestPassBatch.objects.filter(site=site)
        .annotate(pass_count=Count("passes"))
        .select_related("issued_by")[:limit]
    )
