"""The home page's figures, and a point's day for its staff: reads across the domains."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from pacnet.accounts.models import Role
from pacnet.accounts.permissions import Action, restrict_to_scope, user_may, visible_sites
from pacnet.faults.models import OPEN_STATUSES, Fault
from pacnet.faults.selectors import faults_for_list
from pacnet.geography.models import Site
from pacnet.geography.selectors import sites_with_state, today
from pacnet.indicators.selectors import Figures, period_figures
from pacnet.inventory.models import Equipment, EquipmentStatus
from pacnet.inventory.selectors import equipment_with_status
from pacnet.usage.models import ManualTally, Patron, Session


def home_summary(user) -> dict:
    day = today()
    sites = sites_with_state(visible_sites(user), day)
    by_status = dict(sites.values_list("status_on").annotate(n=Count("pk")).order_by())
    computers = equipment_with_status(
        restrict_to_scope(user, Equipment.objects.filter(kind=Equipment.Kind.COMPUTER)), day
    )
    by_equipment_status = dict(
        computers.values_list("status_on").annotate(n=Count("pk")).order_by()
    )
    return {
        "day": day,
        "sites_total": sum(by_status.values()),
        "sites_open": by_status.get(Site.Status.OPEN, 0),
        "sites_suspended": by_status.get(Site.Status.SUSPENDED, 0),
        "computers_working": by_equipment_status.get(EquipmentStatus.WORKING, 0),
        "computers_faulty": by_equipment_status.get(EquipmentStatus.FAULTY, 0)
        + by_equipment_status.get(EquipmentStatus.UNDER_REPAIR, 0),
    }


@dataclass(frozen=True)
class PointDay:
    """What part-time staff need on opening their point: its computers, month and faults."""

    site: Site
    month: Figures
    tallied_days: int
    open_faults: list[Fault]
    may_start: bool
    may_register: bool
    may_report_fault: bool
    may_tally: bool


def point_days(user) -> list[PointDay]:
    """The day of each point of point staff (usually one); none for other roles."""
    if getattr(user, "role", None) != Role.POINT_STAFF:
        return []
    day = today()
    first = day.replace(day=1)
    days = []
    for site in visible_sites(user).order_by("code"):
        faults = Fault.objects.filter(site=site, status__in=OPEN_STATUSES)
        days.append(
            PointDay(
                site=site,
                month=period_figures(site_ids=[site.pk], start=first, end=day),
                tallied_days=ManualTally.objects.filter(site=site, day__gte=first).count(),
                open_faults=list(faults_for_list(faults)),
                may_start=user_may(user, Action.ADD, Session(site=site)),
                may_register=user_may(user, Action.ADD, Patron(registered_at=site)),
                may_report_fault=user_may(user, Action.ADD, Fault(site=site)),
                may_tally=user_may(user, Action.CHANGE, ManualTally(site=site)),
            )
        )
    return days
