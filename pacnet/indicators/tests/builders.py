"""Usage built straight from the usage models, rollups refreshed as every usage write does."""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo

from pacnet.inventory.models import Equipment
from pacnet.inventory.tests.factories import EquipmentFactory
from pacnet.usage.models import GuestPass, ManualTally, Patron, Session
from pacnet.usage.rollups import usage_rollup_refresh

LOCAL = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
_numbers = itertools.count(1)


def patron(**fields) -> Patron:
    return Patron.objects.create(card_number=f"CARD-{next(_numbers):06d}", **fields)


def guest() -> GuestPass:
    return GuestPass.objects.create(code=f"GUEST-{next(_numbers):06d}")


def computers(site, count: int, **kwargs) -> list[Equipment]:
    return [EquipmentFactory(site=site, **kwargs) for _ in range(count)]


def session(site, person, start: dt.datetime, minutes: int = 60, *, computer=None, service=""):
    """A session starting at a LOCAL time; its day is the local day of its start."""
    start = start.replace(tzinfo=LOCAL)
    computer = computer or site.equipment.filter(kind="computer").first() or computers(site, 1)[0]
    item = Session.objects.create(
        site=site,
        computer=computer,
        patron=person if isinstance(person, Patron) else None,
        guest_pass=person if isinstance(person, GuestPass) else None,
        start=start,
        end=start + dt.timedelta(minutes=minutes),
        day=start.date(),
        service=service,
    )
    usage_rollup_refresh(site_days=[(site.pk, item.day)])
    return item


def visits_on_days(site, person, year: int, months, days: int, hour: int = 9) -> None:
    """One session by the person on each of the first `days` days of each month given."""
    months = [months] if isinstance(months, int) else list(months)
    computer = site.equipment.filter(kind="computer").first() or computers(site, 1)[0]
    rows = [
        Session(
            site=site,
            computer=computer,
            patron=person if isinstance(person, Patron) else None,
            guest_pass=person if isinstance(person, GuestPass) else None,
            start=dt.datetime(year, month, day, hour, 0, tzinfo=LOCAL),
            day=dt.date(year, month, day),
        )
        for month in months
        for day in range(1, days + 1)
    ]
    Session.objects.bulk_create(rows)
    usage_rollup_refresh(site_days=[(site.pk, row.day) for row in rows])


def tally(site, day: dt.date, visits: int, users: int) -> ManualTally:
    item = ManualTally.objects.create(site=site, day=day, visits=visits, users=users)
    usage_rollup_refresh(site_days=[(site.pk, day)])
    return item


def plan_covering(first_year: int, last_year: int):
    """A plan in force from 1 January of the first year to 31 December of the last, with
    BRIEF.md's targets: years outside every plan are shown without judgement."""
    from pacnet.plans.services import plan_create

    return plan_create(
        actor=None,
        name=f"Kế hoạch {first_year}–{last_year}",
        reference=f"KH-{first_year}-{last_year}",
        start=dt.date(first_year, 1, 1),
        end=dt.date(last_year, 12, 31),
    )
