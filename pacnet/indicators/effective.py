"""Effective points (BRIEF.md): counted months, effective months and the effective year.

Reads the SiteMonth rollup, the points' opening, closing and temporary closures, and the
computers' status history (`computer_counts_on_days`, the one source of truth for working
computers). The number of queries depends on the months, never on the number of points.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q

from pacnet.geography.models import Site, SiteSuspension
from pacnet.indicators.models import SiteMonth
from pacnet.inventory.selectors import computer_counts_on_days
from pacnet.plans.selectors import Thresholds


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def ended_months(year: int, today: dt.date) -> list[int]:
    """Months of the year whose last day is before today."""
    return [m for m in range(1, 13) if month_bounds(year, m)[1] < today]


@dataclass
class PointYear:
    """One point's year: which months count, which were effective, and why."""

    site_id: int
    code: str
    counted_months: list[int] = field(default_factory=list)
    effective_months: list[int] = field(default_factory=list)
    days_with_visit: dict[int, int] = field(default_factory=dict)
    computers: dict[int, tuple[int, int]] = field(default_factory=dict)  # (working, in service)
    required_months: int = 0

    @property
    def counted(self) -> bool:
        return bool(self.counted_months)

    @property
    def effective(self) -> bool:
        return self.counted and len(self.effective_months) >= self.required_months


def required_effective_months(counted: int, share) -> int:
    """ceil(share × counted months), computed on decimals so that 0.75 × 4 is exactly 3."""
    return math.ceil(share * counted)


def open_all_month(
    site: Site, suspensions: list[tuple[dt.date, dt.date | None]], first: dt.date, last: dt.date
) -> bool:
    """Opened by the first day, not closed by the last (closed_on is the first day closed)."""
    if site.opened_on > first or (site.closed_on is not None and site.closed_on <= last):
        return False
    return not any(start <= last and (end is None or end >= first) for start, end in suspensions)


def month_is_effective(days: int, working: int, in_service: int, thresholds: Thresholds) -> bool:
    if days < thresholds.days_with_visit_min or in_service == 0:
        return False
    return working >= thresholds.working_ratio_min * in_service


def points_year(
    *,
    site_ids: Iterable[int],
    year: int,
    today: dt.date,
    thresholds: Thresholds,
    months: Iterable[int] = range(1, 13),
    days_with_visit: dict[tuple[int, int], int] | None = None,
) -> list[PointYear]:
    """Every point of `site_ids`, ordered by code, with its counted and effective months
    among `months` of the year (a quarter, a month, or the whole year by default).

    `days_with_visit`, (point, month) → days, saves a query to a caller that already read
    the points' months (`days_with_visit_of`)."""
    site_ids = list(site_ids)
    within = set(months)
    months = [m for m in ended_months(year, today) if m in within]
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    fields = ("pk", "code", "opened_on", "closed_on")  # all that the months' rules read
    sites = list(Site.objects.filter(pk__in=site_ids).only(*fields).order_by("code"))
    suspensions: dict[int, list] = defaultdict(list)
    closures = SiteSuspension.objects.filter(site_id__in=site_ids, start__lte=last).filter(
        Q(end__isnull=True) | Q(end__gte=first)
    )
    for site_id, start, end in closures.values_list("site_id", "start", "end"):
        suspensions[site_id].append((start, end))

    bounds = {m: month_bounds(year, m) for m in months}
    points = []
    for site in sites:
        point = PointYear(site.pk, site.code)
        point.counted_months = [
            m for m in months if open_all_month(site, suspensions[site.pk], *bounds[m])
        ]
        points.append(point)
    counted = [p for p in points if p.counted]
    if not counted:
        return points

    days = days_with_visit
    if days is None:
        rows = SiteMonth.objects.filter(site_id__in=[p.site_id for p in counted], month__year=year)
        days = days_with_visit_of(rows.values_list("site_id", "month", "days_with_visit"))
    months = sorted({m for p in counted for m in p.counted_months})
    month_ends = {m: bounds[m][1] for m in months}
    counts_on = computer_counts_on_days([p.site_id for p in counted], month_ends.values())
    for month in months:
        in_month = [p for p in counted if month in p.counted_months]
        counts = counts_on[month_ends[month]]
        for point in in_month:
            working, in_service = (
                counts[point.site_id]["working"],
                counts[point.site_id]["in_service"],
            )
            point.days_with_visit[month] = days.get((point.site_id, month), 0)
            point.computers[month] = (working, in_service)
            if month_is_effective(point.days_with_visit[month], working, in_service, thresholds):
                point.effective_months.append(month)
    for point in counted:
        point.required_months = required_effective_months(
            len(point.counted_months), thresholds.effective_months_share
        )
    return points


def days_with_visit_of(rows: Iterable[tuple]) -> dict[tuple[int, int], int]:
    """(point, month) → days with at least one visit, recorded or tallied, from SiteMonth rows
    that start (site_id, month, days_with_visit, …)."""
    return {(row[0], row[1].month): row[2] for row in rows if row[2]}
