"""Equipment indicators per point and month, in a constant number of queries.

The month's reference day is its last day, or today while the month runs. On that day:
the working-order ratio (working / in service, from `computer_counts_on_days`, the rule of
the effective point), open faults by age, warranties ending within 90 days, computers past
their end of life and items overdue for maintenance. Mean time to repair is over the faults
fixed or replaced during the month.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from pacnet.faults.models import Fault, FaultStatus
from pacnet.faults.selectors import AGE_BUCKETS, day_start, open_faults_by_age
from pacnet.geography.models import Site
from pacnet.inventory.models import Equipment
from pacnet.inventory.selectors import (
    computer_counts_on_days,
    equipment_with_status,
    warranty_ending_q,
)
from pacnet.maintenance.selectors import IN_SERVICE, maintenance_schedule
from pacnet.plans.selectors import Thresholds, plan_in_force

AGE_LABELS = [label for label, _first, _last in AGE_BUCKETS]


@dataclass
class PointEquipment:
    """One point's equipment figures for the month (or the network's, summed)."""

    site_id: int | None
    code: str
    name: str
    in_service: int = 0
    working: int = 0
    repair_days: list[float] = field(default_factory=list)
    open_by_age: dict[str, int] = field(default_factory=lambda: dict.fromkeys(AGE_LABELS, 0))
    warranties_ending: int = 0
    past_end_of_life: int = 0
    overdue_maintenance: int = 0

    @property
    def working_ratio(self) -> float | None:
        return round(self.working / self.in_service, 4) if self.in_service else None

    @property
    def mean_time_to_repair(self) -> float | None:
        """Mean days from report to repair, as `faults.selectors.mean_time_to_repair`."""
        if not self.repair_days:
            return None
        return round(sum(self.repair_days) / len(self.repair_days), 1)

    @property
    def open_faults(self) -> int:
        return sum(self.open_by_age.values())

    def add(self, other: PointEquipment) -> None:
        self.in_service += other.in_service
        self.working += other.working
        self.repair_days += other.repair_days
        for label, count in other.open_by_age.items():
            self.open_by_age[label] += count
        self.warranties_ending += other.warranties_ending
        self.past_end_of_life += other.past_end_of_life
        self.overdue_maintenance += other.overdue_maintenance


@dataclass
class EquipmentMonth:
    year: int
    month: int
    day: dt.date  # the reference day: the month's last day, or today while it runs
    working_ratio_min: float
    points: list[PointEquipment]
    total: PointEquipment

    def below_minimum(self, figures: PointEquipment) -> bool:
        """Fewer computers working than the plan asks (a point with none in service too)."""
        ratio = figures.working_ratio
        return ratio is None or ratio < self.working_ratio_min


def reference_day(year: int, month: int, today: dt.date) -> dt.date:
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return min(last, today)


def points_of_month(site_ids: Iterable[int] | None, year: int, month: int, day: dt.date):
    """Points open at some time in the month up to the reference day, by code."""
    first = dt.date(year, month, 1)
    sites = Site.objects.filter(opened_on__lte=day).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=first)
    )
    if site_ids is not None:
        sites = sites.filter(pk__in=list(site_ids))
    return list(sites.order_by("code").values_list("pk", "code", "name"))


def repair_days_by_point(site_ids: list[int], start: dt.date, end: dt.date) -> dict[int, list]:
    """Per point, the days from report to closing of the faults fixed or replaced in the period
    (the rule of `faults.selectors.mean_time_to_repair`, kept as durations for the totals)."""
    rows = Fault.objects.filter(
        site_id__in=site_ids,
        status__in=[FaultStatus.FIXED, FaultStatus.REPLACED],
        closed_at__gte=day_start(start),
        closed_at__lt=day_start(end + dt.timedelta(days=1)),
    ).values_list("site_id", "reported_at", "closed_at")
    days: dict[int, list[float]] = defaultdict(list)
    for site_id, reported_at, closed_at in rows:
        days[site_id].append((closed_at - reported_at).total_seconds() / 86400)
    return days


def item_counts_by_point(site_ids: list[int], day: dt.date) -> dict[int, dict[str, int]]:
    """Per point, items in service on the day whose warranty ends within 90 days (the day
    included), and computers in service whose expected end of life is before the day."""
    items = equipment_with_status(Equipment.objects.filter(site_id__in=site_ids), day)
    rows = (
        items.filter(status_on__in=IN_SERVICE)
        .values("site_id")
        .annotate(
            warranties=Count("pk", filter=warranty_ending_q(day)),
            past_end_of_life=Count(
                "pk", filter=Q(kind=Equipment.Kind.COMPUTER, end_of_life_on__lt=day)
            ),
        )
        .order_by()
    )
    return {r["site_id"]: r for r in rows}


def overdue_items_by_point(site_ids: list[int], day: dt.date) -> dict[int, int]:
    """Per point, the items whose maintenance visit is overdue (as `overdue_items_count`)."""
    counts: dict[int, int] = defaultdict(int)
    for row in maintenance_schedule(site_ids=site_ids, today=day):
        if row.overdue:
            counts[row.site_id] += row.items
    return counts


def equipment_indicators(
    *, site_ids: Iterable[int] | None, year: int, month: int, today: dt.date | None = None
) -> EquipmentMonth:
    """Every figure of every point of the scope for the month: about ten queries in all.

    `site_ids` None means every point.
    """
    today = today or timezone.localdate()
    day = reference_day(year, month, today)
    sites = points_of_month(site_ids, year, month, day)
    ids = [pk for pk, _code, _name in sites]
    computers = computer_counts_on_days(ids, [day])[day]
    repairs = repair_days_by_point(ids, dt.date(year, month, 1), day)
    ages = open_faults_by_age(ids, day)
    items = item_counts_by_point(ids, day)
    overdue = overdue_items_by_point(ids, day)
    points = []
    total = PointEquipment(None, "", "")
    for pk, code, name in sites:
        figures = PointEquipment(
            pk,
            code,
            name,
            in_service=computers[pk]["in_service"],
            working=computers[pk]["working"],
            repair_days=repairs.get(pk, []),
            open_by_age=ages[pk],
            warranties_ending=items.get(pk, {}).get("warranties", 0),
            past_end_of_life=items.get(pk, {}).get("past_end_of_life", 0),
            overdue_maintenance=overdue.get(pk, 0),
        )
        points.append(figures)
        total.add(figures)
    minimum = Thresholds.of(plan_in_force(day)).working_ratio_min
    return EquipmentMonth(year, month, day, float(minimum), points, total)
