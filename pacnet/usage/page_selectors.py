"""Reads for the usage pages: patrons found, computers in use, a month of tallies."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from pacnet.geography.models import Site
from pacnet.geography.selectors import fold, today
from pacnet.inventory.models import Equipment, EquipmentStatus
from pacnet.inventory.selectors import equipment_with_status
from pacnet.usage.models import GuestPassBatch, ManualTally, Patron, Session

SEARCH_LIMIT = 50


def patrons_matching(queryset: QuerySet[Patron], query: str) -> list[Patron]:
    """Patrons whose card number contains the query, or whose name has each of its words.

    Names are folded in Python ("hoa" finds "Hòa", "dung" finds "Dũng") over the
    already-scoped rows: portable across databases; two queries whatever the rows.
    """
    query = query.strip()
    if not query:
        return []
    words = fold(query).split()
    ids = []
    for pk, card, name in queryset.values_list("pk", "card_number", "display_name"):
        name_words = fold(name).split()
        if query.casefold() in card.casefold() or (
            name_words and all(any(n.startswith(w) for n in name_words) for w in words)
        ):
            ids.append(pk)
            if len(ids) >= SEARCH_LIMIT:
                break
    return list(Patron.objects.filter(pk__in=ids).select_related("registered_at"))


def patrons_latest(queryset: QuerySet[Patron], limit: int = 20) -> list[Patron]:
    """The latest registrations, for the search page before anything is typed."""
    return list(queryset.select_related("registered_at").order_by("-registered_on", "-pk")[:limit])


@dataclass(frozen=True)
class ComputerTile:
    computer: Equipment
    working: bool
    session: Session | None


def computers_now(site: Site) -> list[ComputerTile]:
    """The point's computers in service today, each with its open session if any."""
    computers = (
        equipment_with_status(site.equipment.filter(kind=Equipment.Kind.COMPUTER), today())
        .exclude(status_on=EquipmentStatus.RETIRED)
        .order_by("code")
    )
    open_sessions = {
        s.computer_id: s
        for s in Session.objects.filter(site=site, end__isnull=True)
        .select_related("patron", "guest_pass")
        .order_by("start")
    }
    return [
        ComputerTile(
            computer=c,
            working=c.status_on in (None, EquipmentStatus.WORKING),
            session=open_sessions.get(c.pk),
        )
        for c in computers
    ]


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
