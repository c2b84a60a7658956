"""Indicators for any period of whole months: a month, a quarter, a year, a plan's period.

The effective-point rule of BRIEF.md is applied to the counted months inside the period
(ceil(share × counted months)); growth compares the same months a year earlier. Status
against the plan's targets is judged per calendar year only (`year_indicators`), since the
plan sets yearly targets: a plan period lists the status of each of its years.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from django.utils import timezone
from django.utils.translation import gettext as _

from pacnet.core.errors import DomainError
from pacnet.geography.models import AdministrativeUnit, Site
from pacnet.geography.selectors import site_ids_under_units, with_predecessors
from pacnet.indicators.effective import points_year, required_effective_months
from pacnet.indicators.selectors import (
    Figures,
    PointIndicators,
    ScopeFigures,
    figures_by_point,
    figures_dict,
    growth,
    period_figures,
    year_indicators,
)
from pacnet.plans.models import Plan
from pacnet.plans.selectors import thresholds_for_year


@dataclass(frozen=True)
class Period:
    """Whole months from `start` (a first day) to `end` (a last day)."""

    start: dt.date
    end: dt.date
    label: str

    @classmethod
    def parse(cls, text: str) -> Period:
        """ "2019", "2019-Q2", "2019-05", or "plan:<id>"; a DomainError otherwise."""
        text = text.strip()
        if match := re.fullmatch(r"(\d{4})", text):
            year = int(match[1])
            return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), text)
        if match := re.fullmatch(r"(\d{4})-Q([1-4])", text, flags=re.IGNORECASE):
            year, quarter = int(match[1]), int(match[2])
            return cls.of_months(year, 3 * quarter - 2, year, 3 * quarter, f"{year}-Q{quarter}")
        if match := re.fullmatch(r"(\d{4})-(\d{2})", text):
            year, month = int(match[1]), int(match[2])
            if 1 <= month <= 12:
                return cls.of_months(year, month, year, month, text)
        if match := re.fullmatch(r"plan:(\d+)", text):
            plan = Plan.objects.filter(pk=int(match[1])).first()
            if plan is not None:
                return cls.of_plan(plan)
        raise DomainError(
            _("Unknown period %(period)s: write 2019, 2019-Q2, 2019-05 or plan:<number>.")
            % {"period": text}
        )

    @classmethod
    def of_months(cls, y1: int, m1: int, y2: int, m2: int, label: str) -> Period:
        last = calendar.monthrange(y2, m2)[1]
        return cls(dt.date(y1, m1, 1), dt.date(y2, m2, last), label)

    @classmethod
    def of_plan(cls, plan: Plan) -> Period:
        """The plan's period widened to whole months (13/09/2017 counts from September)."""
        return cls.of_months(
            plan.start.year, plan.start.month, plan.end.year, plan.end.month, f"plan:{plan.pk}"
        )

    def months(self) -> dict[int, list[int]]:
        """Year → its months inside the period."""
        found: dict[int, list[int]] = {}
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            found.setdefault(year, []).append(month)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found

    def a_year_earlier(self) -> Period:
        return Period.of_months(
            self.start.year - 1, self.start.month, self.end.year - 1, self.end.month, ""
        )


@dataclass
class PeriodIndicators(ScopeFigures):
    period: Period
    years: list = field(default_factory=list)  # YearIndicators of each year of a plan period

    def as_dict(self) -> dict:
        return {
            "scope": self.scope,
            "period": self.period.label,
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            **figures_dict(self),
            "years": [{**year.as_dict(), "status": dict(year.status)} for year in self.years],
        }


def period_site_ids(scope: Site | AdministrativeUnit | None, period: Period) -> set[int]:
    """The scope's points during the period (see `selectors.scope_site_ids_by_year`)."""
    if scope is None:
        return set(Site.objects.values_list("pk", flat=True))
    if isinstance(scope, Site):
        return {scope.pk}
    return site_ids_under_units(with_predecessors([scope.pk]), start=period.start, end=period.end)


def period_indicators(
    *,
    period: Period,
    scope: Site | AdministrativeUnit | None = None,
    site_ids: Iterable[int] | None = None,
    today: dt.date | None = None,
) -> PeriodIndicators:
    today = today or timezone.localdate()
    earlier = period.a_year_earlier()
    ids, previous_ids = period_site_ids(scope, period), period_site_ids(scope, earlier)
    if site_ids is not None:
        allowed = set(site_ids)
        ids, previous_ids = ids & allowed, previous_ids & allowed
    now = period_figures(site_ids=ids, start=period.start, end=period.end)
    before = period_figures(site_ids=previous_ids, start=earlier.start, end=earlier.end)
    per_point = figures_by_point(site_ids=ids, start=period.start, end=period.end)

    counted: dict[int, list] = {}  # site id → [code, counted months, effective months, share]
    for year, months in period.months().items():
        thresholds = thresholds_for_year(year)
        details = points_year(
            site_ids=ids, year=year, today=today, thresholds=thresholds, months=months
        )
        for point in details:
            row = counted.setdefault(point.site_id, [point.code, 0, 0, thresholds])
            row[1] += len(point.counted_months)
            row[2] += len(point.effective_months)
    points = []
    for site_id, (code, months, effective, thresholds) in sorted(
        counted.items(), key=lambda item: item[1][0]
    ):
        if not months:
            continue
        figures = per_point.get(site_id, Figures())
        required = required_effective_months(months, thresholds.effective_months_share)
        points.append(
            PointIndicators(
                point=code,
                sessions=figures.sessions,
                visits=figures.visits,
                users=figures.users,
                effective_months=effective,
                counted_months=months,
                effective=effective >= required,
            )
        )
    effective_points = sum(p.effective for p in points)
    is_plan = period.label.startswith("plan:")
    return PeriodIndicators(
        scope=getattr(scope, "code", None),
        period=period,
        sessions=now.sessions,
        visits=now.visits,
        users=now.users,
        users_growth=None if is_plan else growth(now.users, before.users),
        visits_growth=None if is_plan else growth(now.visits, before.visits),
        counted_points=len(points),
        effective_points=effective_points,
        effective_share=Fraction(effective_points, len(points)) if points else None,
        points=points,
        years=[
            year_indicators(year=year, scope=scope, site_ids=site_ids, today=today)
            for year in (period.months() if is_plan else [])
        ],
    )
